// The app's cache: createCache() over the shared client, the configured prefix and the process's
// metrics, kept on globalThis across Next's dev reloads.
import 'server-only';
import { cacheConfig } from './cache-config';
import { createCache, type Cache, type CachedOptions } from './create-cache';
import { cacheMetrics, getRedisClient } from './redis-client';

interface CacheGlobals {
  __appCache?: Cache;
}
const store = globalThis as typeof globalThis & CacheGlobals;

function appCache(): Cache {
  const config = cacheConfig();
  store.__appCache ??= createCache({
    client: getRedisClient,
    prefix: config.keyPrefix,
    metrics: cacheMetrics(),
    maxPendingCommands: config.maxPendingCommands,
  });
  return store.__appCache;
}

/**
 * Read-through caching on the shared client, under REDIS_KEY_PREFIX. Redis being down or slow
 * never fails the call: the loader answers (counted as a bypass).
 * @throws whatever the loader throws, unchanged (nothing is cached then).
 * @throws RangeError for an empty key or a TTL that is not a positive whole number.
 * @throws EnvError on first use when the environment is invalid.
 */
export function cached<T>(
  key: string,
  ttlSeconds: number,
  loader: () => Promise<T>,
  opts?: CachedOptions,
): Promise<T> {
  return appCache().cached(key, ttlSeconds, loader, opts);
}

/**
 * Deletes cached keys (without the prefix); returns how many existed, 0 when Redis is down.
 * @throws RangeError for an empty or too long key.
 */
export function invalidate(keys: string | readonly string[]): Promise<number> {
  return appCache().invalidate(keys);
}

/**
 * Deletes the cached keys matching a glob pattern (without the prefix) by SCAN + UNLINK; returns
 * how many, 0 when Redis is down.
 * @throws RangeError for an empty or too long pattern.
 */
export function invalidatePattern(pattern: string): Promise<number> {
  return appCache().invalidatePattern(pattern);
}
