// Turns what supabase-js returned (or threw) into one typed DbError, deciding what is transient.
import { isAppError } from '../errors';
import { DEFAULT_LABEL } from './call-options';
import {
  DbAbortedError,
  DbBadRequestError,
  DbConflictError,
  DbConstraintError,
  type DbError,
  DbNotFoundError,
  DbPermissionError,
  DbQueryError,
  DbTimeoutError,
  DbUnavailableError,
} from './db-errors';

/** The error part of a supabase-js response (PostgrestError and friends). */
export interface SupabaseErrorLike {
  readonly code?: string | null;
  readonly message?: string | null;
}

/** What the attempt itself observed, beyond the response. */
export interface AttemptFacts {
  /** The per-attempt deadline fired and the request was aborted. */
  readonly timedOut: boolean;
  /** The caller's own signal aborted the call. */
  readonly callerAborted: boolean;
  /** The label of the call, for logs. */
  readonly context?: string;
}

// SQLSTATE classes and codes that mean "the server, not the query": retry may succeed.
const CONNECTION_CLASS = '08'; // connection exception
const TRANSIENT_PG_CODES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
  '58000', // system_error
  '58030', // io_error
]);
const CONFLICT_PG_CODES = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
// PostgREST's own: cannot connect (PGRST000/001), schema cache not ready (PGRST002),
// pool acquisition timeout (PGRST003).
const TRANSIENT_PGRST_CODES = new Set(['PGRST000', 'PGRST001', 'PGRST002', 'PGRST003']);

/**
 * Classifies an error response.
 * @param status HTTP status of the response; 0 when the request never got one (network error).
 */
export function classifyResponse(
  error: SupabaseErrorLike,
  status: number,
  facts: AttemptFacts,
): DbError {
  const label = facts.context ?? DEFAULT_LABEL;
  const pgCode = error.code || undefined;
  const details = { pgCode, httpStatus: status };
  const options = { details, context: { context: facts.context, pgCode, status } };
  const message = `${label}: ${error.message ?? 'unknown error'}`;

  if (facts.callerAborted) return new DbAbortedError(`${label} was aborted by the caller`, options);
  if (facts.timedOut) return new DbTimeoutError(`${label} timed out`, options);
  // The data layer's fetch refused a query started outside its wrapped call (see db-fetch.ts).
  if (status === 0 && error.message?.startsWith('UnscopedRequestError'))
    return new DbQueryError(message, options);
  if (status === 0) return new DbUnavailableError(message, options);

  if (pgCode) {
    if (CONFLICT_PG_CODES.has(pgCode)) return new DbConflictError(message, options);
    if (
      pgCode.startsWith(CONNECTION_CLASS) ||
      TRANSIENT_PG_CODES.has(pgCode) ||
      TRANSIENT_PGRST_CODES.has(pgCode)
    ) {
      return new DbUnavailableError(message, options);
    }
    if (pgCode === '57014') return new DbTimeoutError(message, options); // statement_timeout
    if (pgCode.startsWith('23')) return new DbConstraintError(message, options);
    if (pgCode === '42501') return new DbPermissionError(message, options);
    if (pgCode === 'PGRST116') return new DbNotFoundError(message, options);
  }
  if (status === 408 || status === 504) return new DbTimeoutError(message, options);
  if (status === 429 || status >= 500) {
    // A 5xx carrying a SQLSTATE is the query's own failure (e.g. a RAISE); without one it is the
    // gateway or PostgREST failing to serve.
    return pgCode && !pgCode.startsWith('PGRST')
      ? new DbQueryError(message, options)
      : new DbUnavailableError(message, options);
  }
  if (status === 401 || status === 403) return new DbPermissionError(message, options);
  if (status === 404) return new DbNotFoundError(message, options);
  if (status === 409) return new DbConstraintError(message, options);
  if (status >= 400) return new DbBadRequestError(message, options);
  return new DbQueryError(message, options);
}

/** Classifies something the callback threw (our own errors pass through unchanged). */
export function classifyThrown(err: unknown, facts: AttemptFacts): DbError | Error {
  if (isAppError(err)) return err as DbError;
  if (facts.callerAborted || facts.timedOut)
    return classifyResponse({ message: String(err) }, 0, facts);
  const name = (err as { name?: string } | null)?.name;
  // fetch failures surface as TypeError('fetch failed'); anything else is a bug in the callback.
  if (name === 'TypeError' && /fetch failed|network/i.test(String((err as Error).message))) {
    return classifyResponse({ message: (err as Error).message }, 0, facts);
  }
  if (err instanceof Error) return err;
  return new DbQueryError(`${facts.context ?? DEFAULT_LABEL} threw a non-error value`, {
    cause: err,
  });
}
