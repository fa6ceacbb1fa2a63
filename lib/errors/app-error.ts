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
  | 'CIRCUIT_OPEN'
  | 'POOL_EXHAUSTED'
  | 'RETRY_BUDGET_EXHAUSTED'
  | 'ABORTED'
  | 'CACHE_UNAVAILABLE'
  | 'CACHE_TIMEOUT'
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFIG'
  | 'INTERNAL';

export interface AppErrorOptions {
  readonly cause?: unknown;
  /** Safe, non-secret facts for logs (never query parameters, keys or values). */
  readonly context?: Readonly<Record<string, string | number | boolean | undefined>>;
}

const BRAND = Symbol.for('app.error');

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  /** True when trying again later may succeed. */
  abstract readonly transient: boolean;
  /** The HTTP status a route should answer with. */
  abstract readonly status: number;
  readonly context: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly [BRAND] = true;

  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.context = options.context ?? {};
  }

  /** The message a client may see; subclasses whose message could reveal internals override it. */
  get publicMessage(): string {
    return this.message;
  }
}

export function isAppError(err: unknown): err is AppError {
  return (
    typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true
  );
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
    if (err.status === 503 || err.status === 429) headers.set('retry-after', '1');
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
