// lib/cache: the ioredis layer (shared client, read-through cache, metrics, server figures).
export {
  getRedisClient,
  createRedisClient,
  closeRedisClient,
  cacheMetrics,
  connectionStatusOf,
  type CreateRedisOptions,
} from './redis-client';
export { cached, invalidate, invalidatePattern } from './app-cache';
export {
  getCacheSnapshot,
  getCacheHistory,
  CACHE_RECENT_WINDOW_MS,
  type CacheSnapshot,
} from './cache-snapshot';
export {
  getRedisServerInfo,
  type RedisServerInfo,
  type RedisServerReport,
} from './redis-server-info';
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
} from './cache-metrics';
export {
  CacheTimeoutError,
  CacheUnavailableError,
  isCacheTimeoutError,
  isCacheUnavailableError,
  type CacheError,
  type CacheErrorKind,
} from './cache-errors';
export { cacheKey, escapeGlob } from './cache-keys';
export { redact } from './redact';
export {
  cacheConfig,
  resolveCacheConfig,
  CACHE_DEFAULTS,
  type CacheConfig,
  type RedisConnectionConfig,
} from './cache-config';
export { parseRedisInfo, type RedisServerFigures } from './parse-redis-info';
