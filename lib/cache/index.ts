// lib/cache: the ioredis layer (shared client, read-through cache, metrics, server figures).
export {
  getRedisClient,
  createRedisClient,
  closeRedisClient,
  resetCacheMetrics,
  cacheMetrics,
  connectionStatusOf,
  readyClient,
  type CreateRedisOptions,
} from './redis-client';
export { cached, invalidate, invalidatePattern } from './app-cache';
export { getCacheReadings, type CacheReading } from './cache-readings';
export {
  getCacheSnapshot,
  getCacheHistory,
  CACHE_RECENT_WINDOW_MS,
  type CacheSnapshot,
} from './cache-snapshot';
export {
  getRedisServerInfo,
  readRedisServerInfo,
  type RedisInfoProbeSettings,
  type RedisServerInfo,
  type RedisServerReport,
} from './redis-server-info';
export {
  scanKeys,
  deleteMatching,
  type DeleteMatchingOptions,
  type ScanOptions,
  type ScanResult,
} from './scan-keys';
export {
  createCache,
  type Cache,
  type CachedOptions,
  type CreateCacheOptions,
} from './create-cache';
export {
  CacheMetrics,
  CACHE_SERIES_COUNTERS,
  CACHE_SERIES_GAUGES,
  type CacheCounters,
  type CacheLastError,
  type CacheMetricsOptions,
  type CacheSeriesPoint,
  type ConnectionStatus,
  type RecentCacheCounters,
  type SlowCommand,
  SLOW_COMMAND_MS,
} from './cache-metrics';
export {
  CacheTimeoutError,
  CacheUnavailableError,
  isCacheTimeoutError,
  isCacheUnavailableError,
  type CacheError,
  type CacheErrorKind,
} from './cache-errors';
export { escapeGlob, matchInPrefix, withoutPrefix } from './cache-keys';
export { redact } from './redact';
export {
  cacheConfig,
  resolveCacheConfig,
  CACHE_DEFAULTS,
  type CacheConfig,
  type RedisConnectionConfig,
} from './cache-config';
export type { RedisServerFigures } from './parse-redis-info';
