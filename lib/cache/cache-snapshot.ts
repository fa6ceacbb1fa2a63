// What the health API shows about the cache: a typed snapshot read from memory (no I/O, never
// creates the client) and the history for charts. Nothing secret: no URL, password or value.
import 'server-only';
import type { LatencySummary } from '../metrics';
import { cacheConfig } from './cache-config';
import type {
  CacheCounters,
  CacheErrorKind,
  CacheSeriesPoint,
  ConnectionStatus,
  RecentCacheCounters,
} from './cache-metrics';
import { KEEP_ALIVE_MS, cacheMetrics, peekRedisClient } from './redis-client';

export const CACHE_RECENT_WINDOW_MS = 60_000;

export interface CacheSnapshot {
  readonly status: ConnectionStatus;
  readonly reconnects: number;
  readonly lastError: {
    readonly kind: CacheErrorKind;
    readonly code: string;
    readonly message: string;
    readonly at: string;
  } | null;
  readonly lifetime: CacheCounters;
  readonly recent: RecentCacheCounters;
  readonly latency: LatencySummary;
  readonly queues: {
    /** Commands sent and awaiting replies. */
    readonly command: number;
    /** Commands held while disconnected: always 0, the offline queue is off. */
    readonly offline: number;
  };
  readonly keyPrefix: string;
  readonly config: {
    readonly connectTimeoutMs: number;
    readonly commandTimeoutMs: number;
    readonly maxRetriesPerRequest: number;
    readonly reconnectCapMs: number;
    readonly maxPendingCommands: number;
    readonly keepAliveMs: number;
    readonly offlineQueue: false;
  };
}

/** A length ioredis keeps on an internal queue, read defensively (0 when absent). */
function queueLength(client: unknown, name: 'commandQueue' | 'offlineQueue'): number {
  const q = (client as Record<string, { length?: unknown } | undefined> | undefined)?.[name];
  return typeof q?.length === 'number' ? q.length : 0;
}

/**
 * The cache's state from memory: counters (lifetime and the last minute), latency, connection,
 * queues and settings.
 * @throws EnvError when the environment is invalid.
 */
export function getCacheSnapshot(): CacheSnapshot {
  const metrics = cacheMetrics();
  const client = peekRedisClient();
  const { keyPrefix, ...c } = cacheConfig();
  const last = metrics.lastError;
  return {
    status: metrics.status,
    reconnects: metrics.reconnects,
    lastError: last
      ? {
          kind: last.kind,
          code: last.code,
          message: last.message,
          at: new Date(last.at).toISOString(),
        }
      : null,
    lifetime: metrics.counters(),
    recent: metrics.recent(CACHE_RECENT_WINDOW_MS),
    latency: metrics.latencySummary(),
    queues: {
      command: queueLength(client, 'commandQueue'),
      offline: queueLength(client, 'offlineQueue'),
    },
    keyPrefix,
    config: {
      connectTimeoutMs: c.connectTimeoutMs,
      commandTimeoutMs: c.commandTimeoutMs,
      maxRetriesPerRequest: c.maxRetriesPerRequest,
      reconnectCapMs: c.reconnectCapMs,
      maxPendingCommands: c.maxPendingCommands,
      keepAliveMs: KEEP_ALIVE_MS,
      offlineQueue: false,
    },
  };
}

/**
 * 5 s buckets over `windowMs` (at most an hour), oldest first.
 * @throws RangeError when `windowMs` is not > 0.
 */
export function getCacheHistory(windowMs: number): CacheSeriesPoint[] {
  return cacheMetrics().history(windowMs);
}
