// The names this layer emits. Standard ones come from the published semantic conventions: the
// stable database and HTTP names from @opentelemetry/semantic-conventions; the connection-pool
// metrics are still "development" there, so they are spelled here, as that package advises for
// incubating names (https://opentelemetry.io/docs/specs/semconv/db/database-metrics/). Ours
// (what no convention covers: the breaker, the retry decisions, the pool's refusals) live under
// the project's own namespace, `supabase_resilience.`.
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_SUMMARY,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_STORED_PROCEDURE_NAME,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
  METRIC_DB_CLIENT_OPERATION_DURATION,
} from '@opentelemetry/semantic-conventions';

/** Standard attribute names (semantic conventions). */
export const STD = {
  dbSystemName: ATTR_DB_SYSTEM_NAME,
  dbCollectionName: ATTR_DB_COLLECTION_NAME,
  dbNamespace: ATTR_DB_NAMESPACE,
  dbOperationName: ATTR_DB_OPERATION_NAME,
  dbQuerySummary: ATTR_DB_QUERY_SUMMARY,
  dbStoredProcedureName: ATTR_DB_STORED_PROCEDURE_NAME,
  dbResponseStatusCode: ATTR_DB_RESPONSE_STATUS_CODE,
  errorType: ATTR_ERROR_TYPE,
  serverAddress: ATTR_SERVER_ADDRESS,
  serverPort: ATTR_SERVER_PORT,
  httpRequestMethod: ATTR_HTTP_REQUEST_METHOD,
  httpRequestResendCount: ATTR_HTTP_REQUEST_RESEND_COUNT,
  httpResponseStatusCode: ATTR_HTTP_RESPONSE_STATUS_CODE,
  urlFull: ATTR_URL_FULL,
  // Development in the conventions (connection pools).
  dbClientConnectionPoolName: 'db.client.connection.pool.name',
  dbClientConnectionState: 'db.client.connection.state',
} as const;

/** `db.system.name` of every span and metric of the data layer. */
export const DB_SYSTEM = DB_SYSTEM_NAME_VALUE_POSTGRESQL;

/** Standard metric names (semantic conventions for database client metrics). */
export const STD_METRIC = {
  operationDuration: METRIC_DB_CLIENT_OPERATION_DURATION,
  connectionCount: 'db.client.connection.count',
  connectionMax: 'db.client.connection.max',
  connectionPendingRequests: 'db.client.connection.pending_requests',
  connectionTimeouts: 'db.client.connection.timeouts',
} as const;

/** The bucket boundaries the conventions advise for db.client.operation.duration (seconds). */
export const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] as const;

const NS = 'supabase_resilience';

/** Our attribute names, under the project's namespace. */
export const OURS = {
  /** service | anon: which client (and so which breaker and pool) ran the call. */
  clientKind: `${NS}.client.kind`,
  /** The call's `context` label (never parameters), or the default label. */
  context: `${NS}.context`,
  /** Attempts the call made (0 when it was refused before any). */
  attempts: `${NS}.attempts`,
  /** The breaker's state when the call arrived. */
  breakerStateAtStart: `${NS}.breaker.state_at_start`,
  /** breaker | pool: who refused the call before any attempt. */
  rejectedBy: `${NS}.rejected_by`,
  /** What followed a failed attempt: retry, or why no retry did (budget, circuit-open, …). */
  attemptNext: `${NS}.attempt.next`,
  /** Milliseconds waited after the attempt before the retry was sent (or refused). */
  attemptBackoffMs: `${NS}.attempt.backoff_ms`,
  /** HTTP requests the attempt sent, when not exactly one. */
  attemptRequests: `${NS}.attempt.requests`,
  // On events and breaker metrics.
  breakerFrom: `${NS}.breaker.from`,
  breakerTo: `${NS}.breaker.to`,
  breakerReason: `${NS}.breaker.reason`,
  breakerState: `${NS}.breaker.state`,
  poolReason: `${NS}.pool.reason`,
  retryRefusedReason: `${NS}.retry.refused_reason`,
} as const;

/** Our span event names. */
export const EVENT = {
  breakerTransition: `${NS}.breaker.transition`,
  breakerRejected: `${NS}.breaker.rejected`,
  poolRejected: `${NS}.pool.rejected`,
  retryRefused: `${NS}.retry.refused`,
} as const;

/** Our metric names. */
export const OUR_METRIC = {
  /** 1 for the state each breaker is in, 0 for the others. */
  breakerState: `${NS}.breaker.state`,
  breakerTransitions: `${NS}.breaker.transitions`,
} as const;
