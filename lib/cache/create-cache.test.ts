// Option checks and the bypass path, with a client that is never connected (no Redis needed:
// the paths against a real server are in cache.int.test.ts).
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { CacheMetrics } from './cache-metrics';
import { createCache } from './create-cache';

const down = { status: 'reconnecting', commandQueue: { length: 0 } } as unknown as Redis;

describe('createCache', () => {
  it('refuses bad options by name', () => {
    const metrics = new CacheMetrics();
    const client = () => down;
    expect(() => createCache({ client, metrics, prefix: 'a*' })).toThrow(/prefix/);
    expect(() => createCache({ client, metrics, prefix: 'p:', scanCount: 0 })).toThrow(/scanCount/);
    expect(() => createCache({ client, metrics, prefix: 'p:', maxPendingCommands: 0 })).toThrow(
      /maxPendingCommands/,
    );
  });

  it('while Redis is down, answers from the loader as bypasses, one loader call per key', async () => {
    const metrics = new CacheMetrics();
    const cache = createCache({ client: () => down, metrics, prefix: 'p:' });
    let calls = 0;
    const loader = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 5));
      return { v: calls };
    };
    const values = await Promise.all(
      Array.from({ length: 10 }, () => cache.cached('k', 5, loader)),
    );
    expect(values.every((v) => v.v === 1)).toBe(true);
    expect(calls).toBe(1);
    expect(metrics.counters()).toMatchObject({ bypasses: 1, hits: 0, misses: 0, errors: 0 });
    expect(await cache.invalidate(['a', 'b'])).toBe(0);
    expect(await cache.invalidatePattern('a*')).toBe(0);
    expect(metrics.counters().errorsByKind.connection).toBe(2);
  });

  it('passes loader errors through unchanged and checks keys and TTLs', async () => {
    const cache = createCache({ client: () => down, metrics: new CacheMetrics(), prefix: 'p:' });
    const boom = new Error('db down');
    await expect(cache.cached('k', 5, () => Promise.reject(boom))).rejects.toBe(boom);
    expect(() => cache.cached('', 5, async () => 1)).toThrow(RangeError);
    expect(() => cache.cached('k', 0, async () => 1)).toThrow(/ttlSeconds/);
    expect(() => cache.cached('k', 1.5, async () => 1)).toThrow(/ttlSeconds/);
    await expect(cache.invalidatePattern('')).rejects.toThrow(RangeError);
  });
});
