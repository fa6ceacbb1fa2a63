// lib/health: probes, thresholds and formats behind app/api/health/*.
export {
  getHealth,
  getReadiness,
  getRedisDetails,
  watchRecovery,
  type HealthReport,
  type Readiness,
  type RedisDetails,
} from './health-service';
export {
  getDbDetails,
  getDetailed,
  getHistory,
  type DbDetails,
  type DetailedHealth,
  type HealthHistory,
  type ScopeInfo,
  type ScopeRequest,
} from './scoped-views';
export {
  toHealthJson,
  httpStatusFor,
  HEALTH_JSON,
  type HealthJson,
  type HealthCheckEntry,
} from './health-json';
// Access checks live in lib/api (one place for auth); re-exported for health's callers.
export {
  hasHealthAccess,
  requireHealthAccess,
  tokenMatches,
  sessionValue,
  hasDashboardSession,
  dashboardLocked,
  SESSION_COOKIE,
} from '../api';
export { metricsRegistry } from './prometheus';
export { resetMetrics, type ResetReport } from './reset-metrics';
export { processStats, eventLoopMonitor, type ProcessStats } from './process-stats';
export {
  healthConfig,
  resolveHealthConfig,
  DEFAULT_THRESHOLDS,
  type HealthThresholds,
  type HealthConfig,
} from './health-config';
export type { HealthStatus, ComponentHealth, Measurement } from './checks';
export { getOperations, OPERATION_TREND_MS, type OperationsView } from './operations-view';
export { getSlo, BURN_WINDOWS, type SloFigures, type SloView } from './slo-view';
