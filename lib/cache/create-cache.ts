// Read-through caching with JSON values, a key prefix, per-process stampede protection and
// graceful degradation: when Redis is down, stalled or slow the loader answers and the call is
// counted as a bypass, never as the caller's error. The app's singleton is built with this
// factory; tests build their own with their own prefix and metrics.
import 'server-only';
import type { Redis } from 'ioredis';
import { classifyRedisError } from './cache-errors';
import type { CacheMetrics } from './cache-metrics';
import { checkKey, checkPrefix, matchInPrefix } from './cache-keys';
import { DEFAULT_SCAN_COUNT, deleteMatching, unlinkKeys, type CommandWrapper } from './scan-keys';

export interface CachedOptions {
  /** Skip the cache read and store a fresh value (still shares a running load). */
  readonly refresh?: boolean;
}

export interface Cache {
  /**
   * The value under `key` if cached, else `loader()`'s, stored as JSON for `ttlSeconds`.
   * Concurrent misses for one key in this process share one loader call. Values that are not
   * valid JSON count as misses and are overwritten; `undefined` is returned but not stored.
   * @throws whatever the loader throws, unchanged (nothing is cached then).
   * @throws RangeError for an empty key or a TTL that is not a positive whole number.
   */
  cached<T>(
    key: string,
    ttlSeconds: number,
    loader: () => Promise<T>,
    opts?: CachedOptions,
  ): Promise<T>;
  /**
   * Deletes keys (given without the prefix) with UNLINK; returns how many existed. When Redis
   * cannot be reached it records the error and returns 0: entries then expire by their TTL.
   * @throws RangeError for an empty or too long key.
   */
  invalidate(keys: string | readonly string[]): Promise<number>;
  /**
   * Deletes every key matching a glob pattern inside the prefix, walking with SCAN (never KEYS)
   * and deleting each page with UNLINK; returns the count. Redis errors as for invalidate().
   * @throws RangeError for an empty or too long pattern.
   */
  invalidatePattern(pattern: string): Promise<number>;
  readonly prefix: string;
}

export interface CreateCacheOptions {
  /** The client to use; a function so that the shared client is created lazily. */
  readonly client: () => Redis;
  /** Key namespace, e.g. `app:`; see checkPrefix for what it may hold. */
  readonly prefix: string;
  readonly metrics: CacheMetrics;
  /** SCAN's COUNT hint and the UNLINK batch size (default 500). */
  readonly scanCount?: number;
  /** Commands awaiting replies above which lookups bypass Redis (default 1000). */
  readonly maxPendingCommands?: number;
}

/** Commands sent and unanswered, plus those gathered for the next auto-pipeline flush. */
function pendingCommands(client: Redis): number {
  const c = client as unknown as {
    commandQueue?: { length?: unknown };
    autoPipelineQueueSize?: unknown;
  };
  const sent = typeof c.commandQueue?.length === 'number' ? c.commandQueue.length : 0;
  const batched = typeof c.autoPipelineQueueSize === 'number' ? c.autoPipelineQueueSize : 0;
  return sent + batched;
}

/**
 * A cache over the given client.
 * @throws RangeError for a bad prefix, scanCount or maxPendingCommands.
 */
export function createCache(opts: CreateCacheOptions): Cache {
  const { metrics, prefix } = opts;
  checkPrefix(prefix);
  const scanCount = opts.scanCount ?? DEFAULT_SCAN_COUNT;
  if (!Number.isInteger(scanCount) || scanCount < 1 || scanCount > 10_000)
    throw new RangeError(`scanCount must be a whole number from 1 to 10000, got ${scanCount}`);
  const maxPending = opts.maxPendingCommands ?? 1_000;
  if (!Number.isInteger(maxPending) || maxPending < 1)
    throw new RangeError(`maxPendingCommands must be a whole number ≥ 1, got ${maxPending}`);
  if (typeof opts.client !== 'function') throw new RangeError('client must be a function');

  const inFlight = new Map<string, Promise<unknown>>();
  // Bumped by every invalidation: a load that started before one does not store its (possibly
  // stale) value. Per process only; other processes can still race within the TTL.
  let generation = 0;

  /** The client when it can take a command now; undefined means bypass. */
  const usable = (): Redis | undefined => {
    const client = opts.client();
    return client.status === 'ready' && pendingCommands(client) < maxPending ? client : undefined;
  };

  /** Times the commands it wraps under `name` (the slow-command log shows the name only). */
  const timedAs =
    (name: string): CommandWrapper =>
    async (run) => {
      const started = performance.now();
      try {
        return await run();
      } finally {
        metrics.command(performance.now() - started, name);
      }
    };
  const timed = timedAs('SCAN/UNLINK');

  const failed = (err: unknown): void => {
    const c = classifyRedisError(err);
    metrics.error(c.kind, c.message, c.redisCode);
  };

  async function load<T>(
    full: string,
    ttlSeconds: number,
    loader: () => Promise<T>,
    refresh: boolean,
  ): Promise<T> {
    const client = usable();
    if (!client) {
      metrics.count('bypasses');
      return loader();
    }
    if (!refresh) {
      let raw: string | null;
      try {
        raw = await timedAs('GET')(() => client.get(full));
      } catch (err) {
        failed(err);
        metrics.count('bypasses');
        return loader();
      }
      if (raw !== null) {
        try {
          const value = JSON.parse(raw) as T;
          metrics.count('hits');
          return value;
        } catch {
          // Not JSON (written by someone else): a miss, overwritten below.
        }
      }
    }
    metrics.count('misses');
    const started = generation;
    const value = await loader();
    if (value === undefined || generation !== started) return value;
    // Redis may have stalled while the loader ran: do not add to its backlog.
    if (usable() !== client) return value;
    let json: string;
    try {
      json = JSON.stringify(value);
    } catch (err) {
      // Circular or BigInt: the caller still gets its value; only caching is lost.
      metrics.error('other', `value not serialisable: ${(err as Error).name}`, 'SERIALIZE');
      return value;
    }
    // Not awaited: the caller has its value; a failed write only costs a later miss.
    timedAs('SET')(() => client.set(full, json, 'EX', ttlSeconds)).then(
      () => metrics.count('sets'),
      (err: unknown) => failed(err),
    );
    return value;
  }

  /** Before deleting: later loads must not join, nor store, values read before the write. */
  const fence = (): void => {
    generation += 1;
    inFlight.clear();
  };

  return {
    prefix,

    cached<T>(
      key: string,
      ttlSeconds: number,
      loader: () => Promise<T>,
      callOpts?: CachedOptions,
    ): Promise<T> {
      checkKey(key);
      if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1)
        throw new RangeError(`ttlSeconds must be a positive whole number, got ${ttlSeconds}`);
      const full = prefix + key;
      const running = inFlight.get(full);
      if (running) return running as Promise<T>;
      const p = load(full, ttlSeconds, loader, callOpts?.refresh === true).finally(() => {
        if (inFlight.get(full) === p) inFlight.delete(full);
      });
      inFlight.set(full, p);
      return p;
    },

    async invalidate(keys: string | readonly string[]): Promise<number> {
      const list = typeof keys === 'string' ? [keys] : [...keys];
      list.forEach(checkKey);
      if (list.length === 0) return 0;
      fence();
      const client = opts.client();
      if (client.status !== 'ready') {
        metrics.error('connection', 'invalidate skipped: Redis is not connected', 'NOT_READY');
        return 0;
      }
      let deleted = 0;
      try {
        deleted = await unlinkKeys(
          client,
          list.map((k) => prefix + k),
          { count: scanCount, timed },
        );
      } catch (err) {
        failed(err);
      }
      metrics.count('deletes', deleted);
      return deleted;
    },

    async invalidatePattern(pattern: string): Promise<number> {
      const match = matchInPrefix(prefix, pattern);
      fence();
      const client = opts.client();
      if (client.status !== 'ready') {
        metrics.error(
          'connection',
          'invalidatePattern skipped: Redis is not connected',
          'NOT_READY',
        );
        return 0;
      }
      let deleted = 0;
      try {
        await deleteMatching(client, match, {
          count: scanCount,
          timed,
          onDeleted: (n) => (deleted += n),
        });
      } catch (err) {
        failed(err);
      }
      metrics.count('deletes', deleted);
      return deleted;
    },
  };
}
