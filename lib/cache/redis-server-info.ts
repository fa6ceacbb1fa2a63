// The Redis server's own figures (INFO) and round trip (PING), for the health API: one probe
// shared by concurrent callers and reused for 2 s, so a flood of health checks costs Redis at
// most one INFO per interval.
import 'server-only';
import { SharedProbe } from '../resilience';
import { CacheUnavailableError, toCacheError } from './cache-errors';
import { parseRedisInfo, type RedisServerFigures } from './parse-redis-info';
import { cacheMetrics, getRedisClient } from './redis-client';

export const REDIS_INFO_TTL_MS = 2_000;
export const REDIS_INFO_TIMEOUT_MS = 1_000;

export type RedisServerInfo = RedisServerFigures & {
  /** PING's round trip on the shared client. */
  readonly pingMs: number;
};

export type RedisServerReport =
  | ({ readonly reachable: true; readonly checkedAt: string } & RedisServerInfo)
  | { readonly reachable: false; readonly checkedAt: string; readonly error: string };

interface CacheGlobals {
  __redisInfoProbe?: SharedProbe<RedisServerInfo>;
}
const store = globalThis as typeof globalThis & CacheGlobals;

async function probe(): Promise<RedisServerInfo> {
  const client = getRedisClient();
  if (client.status !== 'ready') {
    throw new CacheUnavailableError(`connection is ${cacheMetrics().status}`);
  }
  try {
    const started = performance.now();
    await client.ping();
    const pingMs = performance.now() - started;
    const figures = parseRedisInfo(await client.info());
    return { ...figures, pingMs: Math.round(pingMs * 1000) / 1000 };
  } catch (err) {
    throw toCacheError(err); // redacted message, original as cause
  }
}

/**
 * PING and INFO on the shared client, bounded by 1 s, at most one probe per 2 s however many
 * callers. Never throws: an unreachable Redis is `{ reachable: false, error }` with a redacted
 * error.
 */
export async function getRedisServerInfo(): Promise<RedisServerReport> {
  store.__redisInfoProbe ??= new SharedProbe(probe, {
    ttlMs: REDIS_INFO_TTL_MS,
    timeoutMs: REDIS_INFO_TIMEOUT_MS,
  });
  // Never rejects: a failure, even a bad environment, is a result with its error described.
  const r = await store.__redisInfoProbe.get();
  const checkedAt = new Date(r.at).toISOString();
  return r.ok
    ? { reachable: true, checkedAt, ...r.value }
    : { reachable: false, checkedAt, error: r.error };
}
