// lib/health: probes, thresholds and formats behind app/api/health/*.
export {
  getHealth,
  getReadiness,
  getDbDetails,
  getRedisDetails,
  getDetailed,
  getHistory,
  probeCounts,
  type HealthReport,
  type Readiness,
  type DbDetails,
  type RedisDetails,
  type DetailedHealth,
  type HealthHistory,
} from './health-service';
export {
  toHealthJson,
  httpStatusFor,
  HEALTH_JSON,
  type HealthJson,
  type HealthCheckEntry,
} from './health-json';
export {
  hasHealthAccess,
  requireHealthAccess,
  tokenMatches,
  sessionValue,
  hasDashboardSession,
  dashboardLocked,
  SESSION_COOKIE,
} from './access';
export { metricsRegistry } from './prometheus';
export { processStats, eventLoopMonitor, type ProcessStats } from './process-stats';
export {
  healthConfig,
  resolveHealthConfig,
  DEFAULT_THRESHOLDS,
  type HealthThresholds,
  type HealthConfig,
} from './health-config';
export type { HealthStatus, ComponentHealth, Measurement } from './checks';
