// lib/cache: the ioredis layer (shared client, read-through cache, metrics, server figures).
export {
  getRedisClient,
  createRedisClient,
  closeRedisClient,
  cacheMetrics,
  type CreateRedisOptions,
} from './redis-client';
export {
  cached,
  invalidate,
  invalidatePattern,
  getCacheSnapshot,
  getCacheHistory,
  getRedisServerInfo,
  CACHE_RECENT_WINDOW_MS,
  type CacheSnapshot,
  type RedisServerInfo,
  type RedisServerReport,
} from './cache-snapshot';
export {
  createCache,
  type Cache,
  type CachedOptions,
  type CreateCacheOptions,
} from './read-through';
export {
  CacheMetrics,
  CACHE_SERIES_COUNTERS,
  type CacheCounters,
  type CacheSeriesPoint,
  type ConnectionStatus,
} from './cache-metrics';
export { cacheConfig, resolveCacheConfig, type CacheConfig } from './cache-config';
export { parseRedisInfo, type RedisServerFigures } from './redis-info';
