// Public face of the telemetry layer: OpenTelemetry for the data layer (a span per wrapped call
// and per attempt, the standard database metrics) and the SDK's start-up. Import it only when
// telemetry is configured (lib/startup does, dynamically): unconfigured, nothing of it loads.
export {
  startTelemetry,
  TELEMETRY_SCOPE,
  type Telemetry,
  type TelemetrySettings,
} from './start-telemetry';
export { DbTracing, type DbTracingOptions } from './db-tracing';
export type { PoolFigures } from './db-instruments';
export { DB_SYSTEM, EVENT, OUR_METRIC, OURS, STD, STD_METRIC } from './semconv';
