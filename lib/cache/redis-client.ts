// The process's shared ioredis client, and dedicated ones. Offline queue off: a command issued
// while disconnected fails at once (and the cache layer does not even send it unless the client
// is ready), so an outage costs callers nothing and nothing piles up. Short connect and command
// timeouts, capped reconnect backoff, auto-pipelining, keep-alive. Connection state and errors
// are reported (redacted) into CacheMetrics, never logged.
import 'server-only';
import { Redis, type RedisOptions } from 'ioredis';
import { serverEnv } from '../env';
import { cacheConfig, checkConnectionConfig, type RedisConnectionConfig } from './cache-config';
import { CacheUnavailableError, classifyRedisError } from './cache-errors';
import { CacheMetrics, type ConnectionStatus } from './cache-metrics';
import { secretsOf } from './redact';

export const KEEP_ALIVE_MS = 10_000;
/** The first reconnect waits about this long, doubling up to the configured cap. */
const RECONNECT_BASE_MS = 50;

export interface CreateRedisOptions {
  /** Defaults to REDIS_URL. */
  readonly url?: string;
  /** Defaults to the process's cache configuration. */
  readonly config?: RedisConnectionConfig;
  /** Where connection state goes; a dedicated client without one reports nowhere. */
  readonly metrics?: CacheMetrics;
  /** Extra ioredis options (e.g. for a subscriber); they win over the defaults. */
  readonly overrides?: RedisOptions;
}

/** ioredis's statuses folded into the four the dashboard shows. */
export function connectionStatusOf(s: Redis['status']): ConnectionStatus {
  switch (s) {
    case 'ready':
      return 'ready';
    case 'end':
      return 'end';
    case 'reconnecting':
    case 'close':
      return 'reconnecting';
    default: // 'wait', 'connecting', 'connect' (TCP up, not yet ready)
      return 'connecting';
  }
}

/**
 * The client, when it can take a command now.
 * @throws CacheUnavailableError naming the connection's state otherwise (the offline queue is
 * off: a command sent now would fail anyway).
 */
export function readyClient(client: Redis): Redis {
  if (client.status === 'ready') return client;
  throw new CacheUnavailableError(
    `Redis is not connected (connection is ${connectionStatusOf(client.status)})`,
    { context: { kind: 'connection', redisCode: 'NOT_READY' } },
  );
}

/** Exponential backoff with jitter, never longer than `capMs`: a restarted Redis is found fast. */
export function reconnectDelay(times: number, capMs: number, random = Math.random): number {
  const ceiling = Math.min(capMs, RECONNECT_BASE_MS * 2 ** Math.min(Math.max(times, 1), 16));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * A new client, connecting at once. Its errors are counted (redacted) into `metrics`, never
 * thrown as unhandled 'error' events nor written to the console.
 * @throws RangeError for a bad timeout, cap or retry count in `config`.
 * @throws EnvError when `url` is not given and the environment is invalid.
 */
export function createRedisClient(opts: CreateRedisOptions = {}): Redis {
  const config = opts.config ?? cacheConfig();
  checkConnectionConfig(config);
  const url = opts.url ?? serverEnv().REDIS_URL;
  const secrets = secretsOf(url);
  const client = new Redis(url, {
    connectTimeout: config.connectTimeoutMs,
    commandTimeout: config.commandTimeoutMs,
    maxRetriesPerRequest: config.maxRetriesPerRequest,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    keepAlive: KEEP_ALIVE_MS,
    retryStrategy: (times) => reconnectDelay(times, config.reconnectCapMs),
    ...opts.overrides,
  });
  const metrics = opts.metrics;
  const report = () => metrics?.setStatus(connectionStatusOf(client.status));
  for (const event of ['connect', 'ready', 'close', 'reconnecting', 'end'] as const)
    client.on(event, report);
  // Also what keeps ioredis from printing "Unhandled error event" with the host to stderr.
  client.on('error', (err: unknown) => {
    const c = classifyRedisError(err, secrets);
    metrics?.error(c.kind, c.message, c.redisCode);
  });
  report();
  return client;
}

interface CacheGlobals {
  __redisClient?: Redis;
  __cacheMetrics?: CacheMetrics;
}
// On globalThis so that Next's dev reloads find the same client instead of opening another.
const store = globalThis as typeof globalThis & CacheGlobals;

/** The process's cache metrics (one set, kept across Next's dev reloads). */
export function cacheMetrics(): CacheMetrics {
  store.__cacheMetrics ??= new CacheMetrics();
  return store.__cacheMetrics;
}

/** Forgets every cache figure (resetMetrics); the connection is left as it is. */
export function resetCacheMetrics(): void {
  store.__cacheMetrics?.reset();
}

/**
 * The shared client, created on first use; the server's shutdown closes it (lib/startup).
 * @throws EnvError when the environment is invalid (first call only).
 */
export function getRedisClient(): Redis {
  if (!store.__redisClient) {
    store.__redisClient = createRedisClient({ metrics: cacheMetrics() });
  }
  return store.__redisClient;
}

/** The shared client if it exists, without creating it (for I/O-free reads). */
export function peekRedisClient(): Redis | undefined {
  return store.__redisClient;
}

/**
 * Closes the shared client: QUIT, or a hard disconnect after 1 s. Safe to call twice; a later
 * getRedisClient() opens a new one. Never throws.
 */
export async function closeRedisClient(): Promise<void> {
  const client = store.__redisClient;
  store.__redisClient = undefined;
  if (!client) return;
  const timer = setTimeout(() => client.disconnect(), 1_000);
  timer.unref();
  try {
    if (client.status === 'ready') await client.quit();
    else client.disconnect();
  } catch {
    client.disconnect();
  } finally {
    clearTimeout(timer);
  }
}
