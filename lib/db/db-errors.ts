// Typed failures of a wrapped database call: one subclass per kind, each with a guard.
import { AppError, isAppError, type AppErrorOptions, type ErrorCode } from '../errors';

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

const guard =
  <C extends ErrorCode>(code: C) =>
  (err: unknown): err is AppError & { code: C } =>
    isAppError(err) && err.code === code;

export const isDbTimeoutError = guard('DB_TIMEOUT');
export const isDbUnavailableError = guard('DB_UNAVAILABLE');
export const isDbConflictError = guard('DB_CONFLICT');
export const isDbConstraintError = guard('DB_CONSTRAINT');
export const isDbPermissionError = guard('DB_PERMISSION');
export const isDbNotFoundError = guard('DB_NOT_FOUND');
export const isDbBadRequestError = guard('DB_BAD_REQUEST');
export const isDbQueryError = guard('DB_QUERY');
export const isDbAbortedError = guard('ABORTED');

export function isDbError(err: unknown): err is DbError {
  return isAppError(err) && (err.code.startsWith('DB_') || err.code === 'ABORTED');
}
