// Redis connection and cache settings: defaults suited to a cache in front of a database
// (short timeouts, fail fast), overridden by the optional REDIS_* variables in lib/env.ts.
import 'server-only';
import { serverEnv, type ServerEnv } from '../env';
import { checkPrefix } from './cache-keys';

export interface CacheConfig {
  /** Prepended to every key the app caches; callers pass keys without it. */
  readonly keyPrefix: string;
  readonly connectTimeoutMs: number;
  /** Longest a cache command may take before the caller bypasses the cache. */
  readonly commandTimeoutMs: number;
  /** Reconnections a sent command may wait through before it fails. */
  readonly maxRetriesPerRequest: number;
  /** Reconnect backoff never waits longer than this. */
  readonly reconnectCapMs: number;
  /**
   * Commands sent and not yet answered above which lookups bypass Redis instead of adding more
   * (a stalled server answers nothing, and timed-out commands stay queued until it does).
   */
  readonly maxPendingCommands: number;
}

/** What a client connection needs; the rest of CacheConfig may be passed along and is ignored. */
export type RedisConnectionConfig = Pick<
  CacheConfig,
  'connectTimeoutMs' | 'commandTimeoutMs' | 'maxRetriesPerRequest' | 'reconnectCapMs'
> &
  Partial<CacheConfig>;

export const CACHE_DEFAULTS: CacheConfig = Object.freeze({
  keyPrefix: 'app:',
  connectTimeoutMs: 2_000,
  commandTimeoutMs: 250,
  maxRetriesPerRequest: 1,
  reconnectCapMs: 2_000,
  maxPendingCommands: 1_000,
});

/**
 * Checks connection settings (those from lib/env.ts are already valid; hand-built ones may not be).
 * @throws RangeError naming the bad setting and value.
 */
export function checkConnectionConfig(config: RedisConnectionConfig): void {
  const positive = ['connectTimeoutMs', 'commandTimeoutMs', 'reconnectCapMs'] as const;
  for (const name of positive) {
    const v = config[name];
    if (!Number.isInteger(v) || v < 1)
      throw new RangeError(`${name} must be a positive whole number, got ${v}`);
  }
  const retries = config.maxRetriesPerRequest;
  if (!Number.isInteger(retries) || retries < 0)
    throw new RangeError(`maxRetriesPerRequest must be a whole number ≥ 0, got ${retries}`);
}

/**
 * The settings from a parsed environment, defaults for what is unset.
 * @throws RangeError when a value is out of range (only possible for hand-built environments).
 */
export function resolveCacheConfig(env: ServerEnv): CacheConfig {
  const d = CACHE_DEFAULTS;
  const config: CacheConfig = {
    keyPrefix: env.REDIS_KEY_PREFIX ?? d.keyPrefix,
    connectTimeoutMs: env.REDIS_CONNECT_TIMEOUT_MS ?? d.connectTimeoutMs,
    commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS ?? d.commandTimeoutMs,
    maxRetriesPerRequest: env.REDIS_MAX_RETRIES_PER_REQUEST ?? d.maxRetriesPerRequest,
    reconnectCapMs: env.REDIS_RECONNECT_CAP_MS ?? d.reconnectCapMs,
    maxPendingCommands: env.REDIS_MAX_PENDING_COMMANDS ?? d.maxPendingCommands,
  };
  checkConnectionConfig(config);
  checkPrefix(config.keyPrefix);
  if (!Number.isInteger(config.maxPendingCommands) || config.maxPendingCommands < 1) {
    throw new RangeError(`maxPendingCommands must be ≥ 1, got ${config.maxPendingCommands}`);
  }
  return Object.freeze(config);
}

let cached: CacheConfig | undefined;

/**
 * The process's cache settings, resolved on first use.
 * @throws EnvError (from lib/env) when the environment is invalid.
 */
export function cacheConfig(): CacheConfig {
  cached ??= resolveCacheConfig(serverEnv());
  return cached;
}
