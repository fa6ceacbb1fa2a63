// Public face of the data layer.
export {
  drainDataLayer,
  resetDbMetrics,
  addDbObserver,
  withAnonClient,
  withServiceClient,
  type AnonCallOptions,
  type ServiceCallOptions,
} from './with-client';
export type {
  AttemptObservation,
  CallObservation,
  DbObserver,
  ObservedAttemptEnd,
  ObservedCall,
  ObservedRequest,
} from './db-observer';
export type { RetryRefusal } from './retry-decision';
export type { DbCallOptions, Unwrapped } from './call-options';
export { callLog } from './call-log';
export { CLIENT_KINDS, type ClientKind, type ExecutorKind } from './client-kind';
export {
  MAX_REPLICAS,
  REPLICA_DEFAULTS,
  resolveReplicaConfig,
  type ReplicaConfig,
} from './replica-config';
export { ReadPin } from './read-pin';
export {
  getReplicaSnapshot,
  type ReadRoutingSnapshot,
  type ReplicaLagSnapshot,
  type ReplicaSnapshot,
} from './replica-snapshot';
export { resetReadRouter } from './replica-registry';
export {
  getReplicaReadings,
  type ReadRoutingReading,
  type ReplicaReading,
} from './replica-readings';
export type { KindFailoverTransition } from './read-router';
export type { ReadOptions, ReadPreference } from './read-options';
export type { FailoverState, FailoverTransition } from './failover-switch';
export {
  getDbDurationBuckets,
  getDbOperations,
  getDbHistory,
  getDbSnapshot,
  type DbKindSnapshot,
} from './db-snapshot';
export { getDbReadings, type DbReading, type OperationReading } from './db-readings';
export { OTHER_OPERATION, OPERATION_COUNTERS, type OperationStats } from './operation-table';
export { breakerOpen, onBreakerTransition, pingDatabase, type PingOptions } from './db-probe';
export { DB_BUCKET_MS, type DbSeriesPoint, type SlowCall, type DbCallStats } from './db-metrics';
export {
  DB_PRESETS,
  presetName,
  resolveDbConfig,
  type DbConfig,
  type DbPresetName,
} from './db-config';
export type { Database, DbConnectionReport, Json, NoteRow } from './database.types';
export type { DbClient } from './clients';
export * from './db-errors';
export {
  CircuitOpenError,
  PoolExhaustedError,
  isCircuitOpenError,
  isPoolExhaustedError,
} from '../resilience';
