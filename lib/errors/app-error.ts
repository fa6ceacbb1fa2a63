// The base of every typed error the server layers throw, and its one safe HTTP rendering.

/** Every failure the app can name. Extend this union when adding a subclass. */
export type ErrorCode =
  | 'DB_TIMEOUT'
  | 'DB_UNAVAILABLE'
  | 'DB_QUERY'
  | 'DB_CONSTRAINT'
  | 'DB_PERMISSION'
  | 'DB_NOT_FOUND'
  | 'DB_BAD_REQUEST'
  | 'DB_CONFLICT'
  | 'DB_READ_ONLY'
  | 'CIRCUIT_OPEN'
  | 'POOL_EXHAUSTED'
  | 'ABORTED'
  | 'SHUTTING_DOWN'
  | 'CACHE_UNAVAILABLE'
  | 'CACHE_TIMEOUT'
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'RATE_LIMITED'
  | 'INTERNAL';

/** Safe, non-secret facts for logs (never query parameters, keys or values). */
export type ErrorContext = Readonly<Record<string, string | number | boolean | undefined>>;

export interface AppErrorOptions {
  readonly cause?: unknown;
  readonly context?: ErrorContext;
}

// The one brand every typed error carries. Symbol.for, so that errors thrown by another copy of
// this module (Next bundles a layer into several chunks) are still recognised: guards check the
// brand and the code, never `instanceof`.
const BRAND = Symbol.for('app.error');

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  /** True when trying again later may succeed. */
  abstract readonly transient: boolean;
  /** The HTTP status a route should answer with. */
  abstract readonly status: number;
  readonly [BRAND] = true;
  private facts: ErrorContext;

  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.facts = options.context ?? {};
  }

  /** Safe facts for logs. */
  get context(): ErrorContext {
    return this.facts;
  }

  /** Adds facts learnt after the error was made (e.g. why no retry followed it); returns it. */
  note(more: ErrorContext): this {
    this.facts = { ...this.facts, ...more };
    return this;
  }

  /**
   * Seconds a client should wait before trying again, sent as `Retry-After` with a 503 or 429;
   * subclasses that know better (an open breaker's remaining time) override it.
   */
  get retryAfterSeconds(): number {
    return 1;
  }

  /** The message a client may see; subclasses whose message could reveal internals override it. */
  get publicMessage(): string {
    return this.message;
  }
}

/**
 * True for any AppError; with `code`, only for the AppError with that code. Each subclass's own
 * guard (`isDbTimeoutError`, `isCircuitOpenError`, …) is this check narrowed to its class.
 */
export function isAppError(err: unknown): err is AppError;
export function isAppError<C extends ErrorCode>(
  err: unknown,
  code: C,
): err is AppError & { readonly code: C };
export function isAppError(err: unknown, code?: ErrorCode): boolean {
  if (typeof err !== 'object' || err === null) return false;
  if ((err as Record<symbol, unknown>)[BRAND] !== true) return false;
  return code === undefined || (err as AppError).code === code;
}

export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

/**
 * The one way errors leave the server: a JSON body with a code and a safe message, the real
 * status, and no stack, cause or context. Unknown errors become a 500 with a generic message.
 */
export function toResponse(err: unknown, init: { headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('cache-control', 'no-store');
  if (isAppError(err)) {
    if (err.status === 503 || err.status === 429)
      headers.set('retry-after', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
    const body: ErrorBody = { error: { code: err.code, message: err.publicMessage } };
    return Response.json(body, { status: err.status, headers });
  }
  const body: ErrorBody = { error: { code: 'INTERNAL', message: 'Internal server error' } };
  return Response.json(body, { status: 500, headers });
}

/** A caller's mistake in a request (bad query, body or path). */
export class BadRequestError extends AppError {
  readonly code = 'BAD_REQUEST' as const;
  readonly transient = false;
  readonly status = 400;
}

export class UnauthorizedError extends AppError {
  readonly code = 'UNAUTHORIZED' as const;
  readonly transient = false;
  readonly status = 401;
}

/** What the request names does not exist (an unknown path, an instance that is not there). */
export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND' as const;
  readonly transient = false;
  readonly status = 404;
}

export class MethodNotAllowedError extends AppError {
  readonly code = 'METHOD_NOT_ALLOWED' as const;
  readonly transient = false;
  readonly status = 405;
}
