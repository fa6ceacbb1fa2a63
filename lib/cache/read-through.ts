// Read-through caching with JSON values, a key prefix, per-process stampede protection and
// graceful degradation: when Redis is down or slow the loader answers and the call is counted
// as a bypass, never as the caller's error.
import 'server-only';
import type { Redis } from 'ioredis';
import type { CacheMetrics, CacheErrorKind } from './cache-metrics';

export interface CachedOptions {
  /** Skip the cache read (still refreshes the value). */
  readonly refresh?: boolean;
}

export interface Cache {
  /**
   * The value under `key` if cached, else `loader()`'s, stored for `ttlSeconds`.
   * @throws whatever the loader throws (nothing is cached then).
   * @throws RangeError for an empty key or a TTL that is not a positive whole number.
   */
  cached<T>(
    key: string,
    ttlSeconds: number,
    loader: () => Promise<T>,
    opts?: CachedOptions,
  ): Promise<T>;
  /** Deletes keys (without the prefix); returns how many existed. Never throws for Redis errors. */
  invalidate(keys: string | readonly string[]): Promise<number>;
  /** Deletes every key matching a glob pattern within the prefix, by SCAN; returns the count. */
  invalidatePattern(pattern: string): Promise<number>;
  readonly prefix: string;
}

export interface CreateCacheOptions {
  /** The client to use; a function so the shared client is created lazily. */
  readonly client: () => Redis;
  readonly prefix: string;
  readonly metrics: CacheMetrics;
  readonly scanCount?: number;
}

const MAX_KEY_LENGTH = 512;

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new RangeError(`cache keys must be 1-${MAX_KEY_LENGTH} characters`);
  }
}

function kindOf(err: unknown): CacheErrorKind {
  const message = String((err as Error)?.message ?? '');
  if (/timed? ?out/i.test(message)) return 'timeout';
  if (/writeable|connect|closed|ECONNREFUSED|ECONNRESET|EPIPE/i.test(message)) return 'connection';
  return 'other';
}

export function createCache(opts: CreateCacheOptions): Cache {
  const { metrics, prefix } = opts;
  const scanCount = opts.scanCount ?? 500;
  const inFlight = new Map<string, Promise<unknown>>();

  /** The client when it is ready; undefined means "bypass" (down, connecting or reconnecting). */
  const ready = (): Redis | undefined => {
    const client = opts.client();
    return client.status === 'ready' ? client : undefined;
  };

  const timed = async <R>(run: () => Promise<R>): Promise<R> => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      metrics.command(performance.now() - started);
    }
  };

  const failed = (err: unknown) =>
    metrics.error(
      kindOf(err),
      `${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? ''}`,
    );

  async function load<T>(
    full: string,
    ttlSeconds: number,
    loader: () => Promise<T>,
    opts2: CachedOptions | undefined,
  ): Promise<T> {
    const client = ready();
    if (!client) {
      metrics.count('bypasses');
      return loader();
    }
    if (!opts2?.refresh) {
      let raw: string | null;
      try {
        raw = await timed(() => client.get(full));
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
          // Not our JSON (written by someone else): a miss, replaced below.
        }
      }
    }
    metrics.count('misses');
    const value = await loader();
    if (value !== undefined) {
      const json = JSON.stringify(value);
      // Not awaited: the caller has its value; a failed write only costs a later miss.
      timed(() => client.set(full, json, 'EX', ttlSeconds)).then(
        () => metrics.count('sets'),
        (err: unknown) => failed(err),
      );
    }
    return value;
  }

  return {
    prefix,
    cached<T>(
      key: string,
      ttlSeconds: number,
      loader: () => Promise<T>,
      opts2?: CachedOptions,
    ): Promise<T> {
      checkKey(key);
      if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1)
        throw new RangeError(`ttlSeconds must be a positive whole number, got ${ttlSeconds}`);
      const full = prefix + key;
      const running = inFlight.get(full);
      if (running) return running as Promise<T>;
      const p = load(full, ttlSeconds, loader, opts2).finally(() => inFlight.delete(full));
      inFlight.set(full, p);
      return p;
    },

    async invalidate(keys: string | readonly string[]): Promise<number> {
      const list = typeof keys === 'string' ? [keys] : [...keys];
      list.forEach(checkKey);
      if (list.length === 0) return 0;
      const client = ready();
      if (!client) {
        metrics.error('connection', 'invalidate skipped: Redis is not ready');
        return 0;
      }
      try {
        const n = await timed(() => client.unlink(...list.map((k) => prefix + k)));
        metrics.count('deletes', n);
        return n;
      } catch (err) {
        failed(err);
        return 0;
      }
    },

    async invalidatePattern(pattern: string): Promise<number> {
      if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > MAX_KEY_LENGTH) {
        throw new RangeError('the pattern must be 1-512 characters');
      }
      const client = ready();
      if (!client) {
        metrics.error('connection', 'invalidatePattern skipped: Redis is not ready');
        return 0;
      }
      let cursor = '0';
      let deleted = 0;
      try {
        do {
          const [next, keys] = await timed(() =>
            client.scan(cursor, 'MATCH', prefix + pattern, 'COUNT', scanCount),
          );
          cursor = next;
          if (keys.length > 0) deleted += await timed(() => client.unlink(...keys));
        } while (cursor !== '0');
      } catch (err) {
        failed(err);
      }
      metrics.count('deletes', deleted);
      return deleted;
    },
  };
}
