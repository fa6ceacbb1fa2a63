// The Redis server's own figures (INFO) and round trip (PING): read on any client (the MCP tools
// use their own), and for the health API as one probe of the shared client, shared by concurrent
// callers and reused for a TTL the caller configures, so a flood of health checks costs Redis at
// most one INFO per interval.
import 'server-only';
import type { Redis } from 'ioredis';
import { SharedProbe } from '../resilience';
import { toCacheError } from './cache-errors';
import { parseRedisInfo, type RedisServerFigures } from './parse-redis-info';
import { getRedisClient, readyClient } from './redis-client';

/** The probe settings when the caller passes none (the health API passes its own). */
export const REDIS_INFO_TTL_MS = 2_000;
export const REDIS_INFO_TIMEOUT_MS = 1_000;

export type RedisServerInfo = RedisServerFigures & {
  /** PING's round trip on the client. */
  readonly pingMs: number;
};

export type RedisServerReport =
  | ({ readonly reachable: true; readonly checkedAt: string } & RedisServerInfo)
  | { readonly reachable: false; readonly checkedAt: string; readonly error: string };

export interface RedisInfoProbeSettings {
  /** How long one probe's result is reused. */
  readonly ttlMs: number;
  /** The probe's own deadline. */
  readonly timeoutMs: number;
}

/**
 * PING (timed) then INFO on `client`.
 * @throws CacheUnavailableError or CacheTimeoutError, message redacted, when the client is not
 * connected or a command fails.
 */
export async function readRedisServerInfo(client: Redis): Promise<RedisServerInfo> {
  const ready = readyClient(client);
  try {
    const started = performance.now();
    await ready.ping();
    const pingMs = performance.now() - started;
    const figures = parseRedisInfo(await ready.info());
    return { ...figures, pingMs: Math.round(pingMs * 1000) / 1000 };
  } catch (err) {
    throw toCacheError(err); // redacted message, original as cause
  }
}

interface CacheGlobals {
  __redisInfoProbe?: { readonly probe: SharedProbe<RedisServerInfo> } & RedisInfoProbeSettings;
}
const store = globalThis as typeof globalThis & CacheGlobals;

/** The shared probe for these settings (a caller with other settings replaces it). */
function probeFor(settings: RedisInfoProbeSettings): SharedProbe<RedisServerInfo> {
  const current = store.__redisInfoProbe;
  if (current?.ttlMs === settings.ttlMs && current.timeoutMs === settings.timeoutMs)
    return current.probe;
  const probe = new SharedProbe(() => readRedisServerInfo(getRedisClient()), settings);
  store.__redisInfoProbe = { probe, ttlMs: settings.ttlMs, timeoutMs: settings.timeoutMs };
  return probe;
}

/**
 * PING and INFO on the shared client, bounded by `timeoutMs`, at most one probe per `ttlMs`
 * however many callers. Never throws: an unreachable Redis is `{ reachable: false, error }` with
 * a redacted error.
 * @throws RangeError for a negative TTL or a timeout that is not > 0.
 */
export async function getRedisServerInfo(
  settings: RedisInfoProbeSettings = { ttlMs: REDIS_INFO_TTL_MS, timeoutMs: REDIS_INFO_TIMEOUT_MS },
): Promise<RedisServerReport> {
  // Never rejects: a failure, even a bad environment, is a result with its error described.
  const r = await probeFor(settings).get();
  const checkedAt = new Date(r.at).toISOString();
  return r.ok
    ? { reachable: true, checkedAt, ...r.value }
    : { reachable: false, checkedAt, error: r.error };
}
