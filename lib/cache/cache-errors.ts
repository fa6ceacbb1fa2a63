// The cache's failures as AppErrors, and the one place a raw ioredis/socket error is classified
// (timeout, connection, other) and stripped of anything secret.
import { AppError, isAppError, type AppErrorOptions } from '../errors';
import { redact } from './redact';

export type CacheErrorKind = 'timeout' | 'connection' | 'other';

/** Redis cannot be used: not connected, connection lost, or it answered with an error. */
export class CacheUnavailableError extends AppError {
  readonly code = 'CACHE_UNAVAILABLE' as const;
  readonly transient = true;
  readonly status = 503;
  override get publicMessage(): string {
    return 'The cache is unavailable';
  }
}

/** A Redis command or probe did not answer in time. */
export class CacheTimeoutError extends AppError {
  readonly code = 'CACHE_TIMEOUT' as const;
  readonly transient = true;
  readonly status = 503;
  override get publicMessage(): string {
    return 'The cache did not answer in time';
  }
}

export type CacheError = CacheUnavailableError | CacheTimeoutError;

export function isCacheUnavailableError(err: unknown): err is CacheUnavailableError {
  return isAppError(err, 'CACHE_UNAVAILABLE');
}

export function isCacheTimeoutError(err: unknown): err is CacheTimeoutError {
  return isAppError(err, 'CACHE_TIMEOUT');
}

/** A raw error, described safely: its kind, a short code and a redacted message. */
export interface ClassifiedError {
  readonly kind: CacheErrorKind;
  /** e.g. ECONNREFUSED, ETIMEDOUT, WRONGTYPE, MaxRetriesPerRequestError. */
  readonly redisCode: string;
  readonly message: string;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ERR_SOCKET_CLOSED',
]);

/** Classifies an error from ioredis or its socket; never throws. */
export function classifyRedisError(err: unknown, secrets: readonly string[] = []): ClassifiedError {
  if (isCacheTimeoutError(err) || isCacheUnavailableError(err)) {
    const kind = err.context.kind;
    return {
      kind: kind === 'timeout' || kind === 'connection' || kind === 'other' ? kind : 'connection',
      redisCode: String(err.context.redisCode ?? err.code),
      message: redact(err.message, secrets),
    };
  }
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
  };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = typeof e.message === 'string' ? e.message : String(err);
  const replyCode = name === 'ReplyError' ? /^[A-Z]{3,}/.exec(message)?.[0] : undefined;
  const redisCode = typeof e.code === 'string' ? e.code : (replyCode ?? name);
  let kind: CacheErrorKind = 'other';
  if (redisCode === 'ETIMEDOUT' || /timed? ?out/i.test(message)) kind = 'timeout';
  else if (
    CONNECTION_CODES.has(redisCode) ||
    name === 'MaxRetriesPerRequestError' ||
    /stream isn't writeable|connection is closed|connect|socket closed/i.test(message)
  )
    kind = 'connection';
  return { kind, redisCode, message: redact(message, secrets) };
}

/**
 * The error as a CacheTimeoutError or CacheUnavailableError, its message redacted, the original
 * kept as `cause`.
 */
export function toCacheError(err: unknown, secrets: readonly string[] = []): CacheError {
  if (isCacheTimeoutError(err) || isCacheUnavailableError(err)) return err;
  const c = classifyRedisError(err, secrets);
  const opts: AppErrorOptions = {
    cause: err,
    context: { kind: c.kind, redisCode: c.redisCode },
  };
  return c.kind === 'timeout'
    ? new CacheTimeoutError(c.message, opts)
    : new CacheUnavailableError(c.message, opts);
}
