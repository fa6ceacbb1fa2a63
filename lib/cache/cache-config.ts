// Redis connection and cache settings: defaults suited to a cache in front of a database
// (short timeouts, fail fast), overridden by REDIS_* variables.
import 'server-only';
import { serverEnv, type ServerEnv } from '../env';

export interface CacheConfig {
  readonly keyPrefix: string;
  readonly connectTimeoutMs: number;
  /** Longest a cache command may take before the caller bypasses the cache. */
  readonly commandTimeoutMs: number;
  readonly maxRetriesPerRequest: number;
  /** Reconnect backoff never waits longer than this. */
  readonly reconnectCapMs: number;
}

export function resolveCacheConfig(env: ServerEnv): CacheConfig {
  return {
    keyPrefix: env.REDIS_KEY_PREFIX ?? 'app:',
    connectTimeoutMs: env.REDIS_CONNECT_TIMEOUT_MS ?? 2_000,
    commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS ?? 250,
    maxRetriesPerRequest: env.REDIS_MAX_RETRIES_PER_REQUEST ?? 1,
    reconnectCapMs: env.REDIS_RECONNECT_CAP_MS ?? 2_000,
  };
}

let cached: CacheConfig | undefined;

export function cacheConfig(): CacheConfig {
  cached ??= resolveCacheConfig(serverEnv());
  return cached;
}
