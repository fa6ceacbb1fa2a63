// The process's shared ioredis client, and dedicated ones: short timeouts, capped reconnect
// backoff, no offline queue (commands issued while disconnected fail at once instead of piling
// up), auto-pipelining, keep-alive. Connection state is reported into CacheMetrics.
import 'server-only';
import { Redis, type RedisOptions } from 'ioredis';
import { serverEnv } from '../env';
import { cacheConfig, type CacheConfig } from './cache-config';
import { CacheMetrics, redact, type ConnectionStatus } from './cache-metrics';

export interface CreateRedisOptions {
  readonly url?: string;
  readonly config?: CacheConfig;
  /** Where connection state goes; a dedicated client without one reports nowhere. */
  readonly metrics?: CacheMetrics;
  /** Extra ioredis options (e.g. for a subscriber); they win over the defaults. */
  readonly overrides?: RedisOptions;
}

function statusOf(s: Redis['status']): ConnectionStatus {
  switch (s) {
    case 'ready':
      return 'ready';
    case 'end':
      return 'end';
    case 'reconnecting':
    case 'close':
      return 'reconnecting';
    default:
      return 'connecting';
  }
}

/** A new client. Its errors are reported (redacted), never thrown as unhandled events. */
export function createRedisClient(opts: CreateRedisOptions = {}): Redis {
  const config = opts.config ?? cacheConfig();
  const url = opts.url ?? serverEnv().REDIS_URL;
  const client = new Redis(url, {
    connectTimeout: config.connectTimeoutMs,
    commandTimeout: config.commandTimeoutMs,
    maxRetriesPerRequest: config.maxRetriesPerRequest,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    keepAlive: 10_000,
    // Exponential with jitter, capped: a restarted Redis is found again within the cap.
    retryStrategy: (times) =>
      Math.min(config.reconnectCapMs, 50 * 2 ** Math.min(times, 10)) * (0.5 + Math.random() / 2),
    ...opts.overrides,
  });
  const metrics = opts.metrics;
  const report = () => metrics?.setStatus(statusOf(client.status));
  for (const event of ['connect', 'ready', 'close', 'reconnecting', 'end'] as const)
    client.on(event, report);
  client.on('error', (err: Error & { code?: string }) => {
    metrics?.error(
      err.code === 'ETIMEDOUT' ? 'timeout' : 'connection',
      `${err.code ?? err.name}: ${redact(err.message)}`,
    );
  });
  report();
  return client;
}

interface CacheGlobals {
  __redisClient?: Redis;
  __cacheMetrics?: CacheMetrics;
  __redisShutdownHooked?: boolean;
}
const store = globalThis as typeof globalThis & CacheGlobals;

/** The process's cache metrics (one set, kept across Next's dev reloads). */
export function cacheMetrics(): CacheMetrics {
  store.__cacheMetrics ??= new CacheMetrics();
  return store.__cacheMetrics;
}

/** The shared client, created on first use; closed on SIGTERM/SIGINT. */
export function getRedisClient(): Redis {
  if (!store.__redisClient) {
    store.__redisClient = createRedisClient({ metrics: cacheMetrics() });
    hookShutdown();
  }
  return store.__redisClient;
}

/** Closes the shared client (QUIT, or a hard disconnect after 1 s). Safe to call twice. */
export async function closeRedisClient(): Promise<void> {
  const client = store.__redisClient;
  store.__redisClient = undefined;
  if (!client) return;
  const timer = setTimeout(() => client.disconnect(), 1_000);
  timer.unref();
  try {
    await client.quit();
  } catch {
    client.disconnect();
  } finally {
    clearTimeout(timer);
  }
}

function hookShutdown(): void {
  if (store.__redisShutdownHooked) return;
  store.__redisShutdownHooked = true;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const onSignal = () => {
      void closeRedisClient().finally(() => {
        // If nothing else (Next's server) handles the signal, keep its default meaning: exit.
        process.removeListener(signal, onSignal);
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    };
    process.on(signal, onSignal);
  }
}
