// Public face of the data layer.
export { withAnonClient, withServiceClient, type AnonCallOptions } from './with-client';
export type { ClientKind, DbCallOptions, Unwrapped } from './db-executor';
export { CLIENT_KINDS, getDbHistory, getDbSnapshot, type DbKindSnapshot } from './db-snapshot';
export type { DbSeriesPoint, SlowCall, DbCallStats } from './db-metrics';
export type { DbConfig } from './db-config';
export type { Database, DbConnectionReport, Json, NoteRow } from './database.types';
export type { DbClient } from './clients';
export * from './db-errors';
export {
  CircuitOpenError,
  PoolExhaustedError,
  isCircuitOpenError,
  isPoolExhaustedError,
} from '../resilience';
