// The cache's public face for the health API: a typed, I/O-free snapshot, its history, and the
// server's INFO figures gathered by one shared, briefly cached probe.
import 'server-only';
import type { LatencySummary } from '../metrics';
import { SharedProbe } from '../resilience';
import { cacheConfig, type CacheConfig } from './cache-config';
import type { CacheCounters, CacheSeriesPoint, ConnectionStatus } from './cache-metrics';
import { createCache, type Cache } from './read-through';
import { parseRedisInfo, type RedisServerFigures } from './redis-info';
import { cacheMetrics, getRedisClient } from './redis-client';

export const CACHE_RECENT_WINDOW_MS = 60_000;

export interface CacheSnapshot {
  readonly status: ConnectionStatus;
  readonly reconnects: number;
  readonly lastError: {
    readonly kind: string;
    readonly message: string;
    readonly at: string;
  } | null;
  readonly lifetime: CacheCounters;
  readonly recent: {
    readonly windowMs: number;
    readonly hits: number;
    readonly misses: number;
    readonly lookups: number;
    readonly hitRate: number;
    readonly bypasses: number;
    readonly errors: number;
    readonly latency: LatencySummary;
  };
  readonly latency: LatencySummary;
  readonly queues: { readonly command: number; readonly offline: number };
  readonly keyPrefix: string;
  readonly config: Omit<CacheConfig, 'keyPrefix'>;
}

interface CacheGlobals {
  __appCache?: Cache;
  __redisInfoProbe?: SharedProbe<RedisServerInfo>;
}
const store = globalThis as typeof globalThis & CacheGlobals;

function appCache(): Cache {
  store.__appCache ??= createCache({
    client: getRedisClient,
    prefix: cacheConfig().keyPrefix,
    metrics: cacheMetrics(),
  });
  return store.__appCache;
}

/** Read-through caching on the shared client (see Cache.cached). */
export function cached<T>(
  key: string,
  ttlSeconds: number,
  loader: () => Promise<T>,
  opts?: { refresh?: boolean },
): Promise<T> {
  return appCache().cached(key, ttlSeconds, loader, opts);
}

export function invalidate(keys: string | readonly string[]): Promise<number> {
  return appCache().invalidate(keys);
}

export function invalidatePattern(pattern: string): Promise<number> {
  return appCache().invalidatePattern(pattern);
}

function queueLength(client: unknown, name: 'commandQueue' | 'offlineQueue'): number {
  const q = (client as Record<string, { length?: unknown } | undefined>)[name];
  return typeof q?.length === 'number' ? q.length : 0;
}

export function getCacheSnapshot(): CacheSnapshot {
  const metrics = cacheMetrics();
  const client = getRedisClient();
  const totals = metrics.series.totals(CACHE_RECENT_WINDOW_MS);
  const { hits, misses, bypasses, errors } = totals.counters;
  const { keyPrefix, ...config } = cacheConfig();
  return {
    status: metrics.status,
    reconnects: metrics.reconnects,
    lastError: metrics.lastError
      ? {
          kind: metrics.lastError.kind,
          message: metrics.lastError.message,
          at: new Date(metrics.lastError.at).toISOString(),
        }
      : null,
    lifetime: metrics.counters(),
    recent: {
      windowMs: CACHE_RECENT_WINDOW_MS,
      hits,
      misses,
      lookups: hits + misses,
      hitRate: hits + misses === 0 ? 0 : hits / (hits + misses),
      bypasses,
      errors,
      latency: totals.latency,
    },
    latency: metrics.latencySummary(),
    queues: {
      command: queueLength(client, 'commandQueue'),
      offline: queueLength(client, 'offlineQueue'),
    },
    keyPrefix,
    config,
  };
}

/** 5 s buckets over `windowMs`, oldest first. */
export function getCacheHistory(windowMs: number): CacheSeriesPoint[] {
  return cacheMetrics().series.points(windowMs);
}

export type RedisServerInfo = RedisServerFigures & { readonly pingMs: number };

export type RedisServerReport =
  | ({ readonly reachable: true; readonly checkedAt: string } & RedisServerInfo)
  | { readonly reachable: false; readonly checkedAt: string; readonly error: string };

/**
 * PING and INFO on the shared client, at most one probe per 2 s however many callers, each
 * bounded by 1 s. Never throws.
 */
export async function getRedisServerInfo(): Promise<RedisServerReport> {
  store.__redisInfoProbe ??= new SharedProbe(
    async () => {
      const client = getRedisClient();
      if (client.status !== 'ready') throw new Error(`connection is ${cacheMetrics().status}`);
      const started = performance.now();
      await client.ping();
      const pingMs = performance.now() - started;
      return { ...parseRedisInfo(await client.info()), pingMs: Math.round(pingMs * 1000) / 1000 };
    },
    { ttlMs: 2_000, timeoutMs: 1_000 },
  );
  const r = await store.__redisInfoProbe.get();
  const checkedAt = new Date(r.at).toISOString();
  return r.ok
    ? { reachable: true, checkedAt, ...r.value }
    : { reachable: false, checkedAt, error: r.error };
}
