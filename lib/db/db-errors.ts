// Typed failures of a wrapped database call: one subclass per kind; guards for those callers tell
// apart.
import { AppError, isAppError, type AppErrorOptions } from '../errors';

/**
 * Outcomes that are the caller's own fault (its query, its data, its rights, its abort): they say
 * nothing about the database, so neither the success rate that health judges nor the
 * availability SLO counts them (a caller sending bad requests cannot make an instance unhealthy).
 * They still count as failures, by code, in the figures.
 */
export const CALLER_FAULT_CODES: ReadonlySet<string> = new Set([
  'DB_CONSTRAINT',
  'DB_PERMISSION',
  'DB_NOT_FOUND',
  'DB_BAD_REQUEST',
  'ABORTED',
]);

/** How many of the failures counted by code were the caller's own fault. */
export function callerFaultsIn(failuresByCode: Readonly<Record<string, number>>): number {
  let n = 0;
  for (const code in failuresByCode) if (CALLER_FAULT_CODES.has(code)) n += failuresByCode[code]!;
  return n;
}

/** What the database or PostgREST said, kept for logs; never rendered to clients. */
export interface DbErrorDetails {
  /** PostgreSQL SQLSTATE or PostgREST PGRSTxxx code, when there is one. */
  readonly pgCode?: string;
  /** HTTP status PostgREST (or the gateway) answered with; 0 when no response arrived. */
  readonly httpStatus?: number;
}

export interface DbErrorOptions extends AppErrorOptions {
  readonly details?: DbErrorDetails;
}

export abstract class DbError extends AppError {
  readonly pgCode: string | undefined;
  readonly httpStatus: number | undefined;
  constructor(message: string, options: DbErrorOptions = {}) {
    super(message, options);
    this.pgCode = options.details?.pgCode;
    this.httpStatus = options.details?.httpStatus;
  }
}

/** An attempt ran past its timeout; the HTTP request was aborted. */
export class DbTimeoutError extends DbError {
  readonly code = 'DB_TIMEOUT' as const;
  readonly transient = true;
  readonly status = 504;
  override get publicMessage() {
    return 'The database did not answer in time';
  }
}

/** The database could not be reached or refused service (network, 5xx, connection errors). */
export class DbUnavailableError extends DbError {
  readonly code = 'DB_UNAVAILABLE' as const;
  readonly transient = true;
  readonly status = 503;
  override get publicMessage() {
    return 'The database is unavailable';
  }
}

/** Serialization failure or deadlock: the same transaction may succeed if run again. */
export class DbConflictError extends DbError {
  readonly code = 'DB_CONFLICT' as const;
  readonly transient = true;
  readonly status = 409;
  override get publicMessage() {
    return 'The request conflicted with another; try again';
  }
}

/** A constraint was violated (unique, foreign key, check, not null). */
export class DbConstraintError extends DbError {
  readonly code = 'DB_CONSTRAINT' as const;
  readonly transient = false;
  readonly status = 409;
  override get publicMessage() {
    return 'The data violates a constraint';
  }
}

/** Row-level security or a missing grant refused the call. */
export class DbPermissionError extends DbError {
  readonly code = 'DB_PERMISSION' as const;
  readonly transient = false;
  readonly status = 403;
  override get publicMessage() {
    return 'Not allowed';
  }
}

export class DbNotFoundError extends DbError {
  readonly code = 'DB_NOT_FOUND' as const;
  readonly transient = false;
  readonly status = 404;
  override get publicMessage() {
    return 'Not found';
  }
}

/** The query itself is wrong (bad filter, unknown column, invalid input syntax). */
export class DbBadRequestError extends DbError {
  readonly code = 'DB_BAD_REQUEST' as const;
  readonly transient = false;
  readonly status = 400;
  override get publicMessage() {
    return 'The request was not valid';
  }
}

/** Any other database error (a raised exception, an unexpected server error). */
export class DbQueryError extends DbError {
  readonly code = 'DB_QUERY' as const;
  readonly transient = false;
  readonly status = 500;
  override get publicMessage() {
    return 'The database could not complete the request';
  }
}

/** The caller aborted the call through its own signal. */
export class DbAbortedError extends DbError {
  readonly code = 'ABORTED' as const;
  readonly transient = false;
  readonly status = 499;
  override get publicMessage() {
    return 'The request was cancelled';
  }
}

/** The process is shutting down: the data layer admits no new call (another instance will). */
export class DbShuttingDownError extends DbError {
  readonly code = 'SHUTTING_DOWN' as const;
  readonly transient = true;
  readonly status = 503;
  override get publicMessage() {
    return 'This instance is shutting down; try again';
  }
}

/**
 * A call allowed on a read replica (`read: 'replica-ok'`) tried to write: insert, update, upsert,
 * delete, or an RPC not called read-only (`{ get: true }`). A programming error: never sent,
 * never retried, the same whether the call was routed to the primary or a replica.
 */
export class DbReadOnlyError extends DbError {
  readonly code = 'DB_READ_ONLY' as const;
  readonly transient = false;
  readonly status = 500;
  override get publicMessage() {
    return 'The server could not complete the request';
  }
}

// One guard per subclass that callers recognise, each the base's brand-and-code check narrowed
// to its class (see isAppError).

export function isDbTimeoutError(err: unknown): err is DbTimeoutError {
  return isAppError(err, 'DB_TIMEOUT');
}

export function isDbUnavailableError(err: unknown): err is DbUnavailableError {
  return isAppError(err, 'DB_UNAVAILABLE');
}

export function isDbConstraintError(err: unknown): err is DbConstraintError {
  return isAppError(err, 'DB_CONSTRAINT');
}

export function isDbPermissionError(err: unknown): err is DbPermissionError {
  return isAppError(err, 'DB_PERMISSION');
}

export function isDbBadRequestError(err: unknown): err is DbBadRequestError {
  return isAppError(err, 'DB_BAD_REQUEST');
}

export function isDbAbortedError(err: unknown): err is DbAbortedError {
  return isAppError(err, 'ABORTED');
}

export function isDbReadOnlyError(err: unknown): err is DbReadOnlyError {
  return isAppError(err, 'DB_READ_ONLY');
}
