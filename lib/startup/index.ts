// Public face of start-up. Only startServer: its module loads nothing that reaches ioredis, so
// OpenTelemetry can start first (see startup.ts); shutdown and the configuration check are
// imported by path where needed.
export { startServer } from './startup';
