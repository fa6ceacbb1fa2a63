// createCache() against the stack's real redis-server: exact hit/miss counts, stampede
// protection, foreign values, loader errors, TTLs, key invalidation and its race with loads.
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminClient, freshCache, guardConsole, type TestCache } from './test-support';

const VALUES = ['cached-value-7f3a', 'db-row-secret-91c2'];
guardConsole(() => VALUES);

let admin: Redis;
let t: TestCache | undefined;
beforeAll(async () => {
  admin = await adminClient();
});
afterAll(() => admin.disconnect());
afterEach(() => {
  t?.client.disconnect();
  t = undefined;
});

describe('cached()', () => {
  it('counts hits and misses exactly for a known sequence, and the hit rate matches', async () => {
    t = await freshCache();
    const { cache, metrics } = t;
    const load = (v: string) => async () => ({ v });
    const sets = (n: number) => vi.waitFor(() => expect(metrics.counters().sets).toBe(n));
    expect(await cache.cached('a', 60, load(VALUES[0]!))).toEqual({ v: VALUES[0] }); // miss
    await sets(1);
    expect(await cache.cached('a', 60, load('other'))).toEqual({ v: VALUES[0] }); // hit
    expect(await cache.cached('a', 60, load('other'))).toEqual({ v: VALUES[0] }); // hit
    expect(await cache.cached('b', 60, load('b1'))).toEqual({ v: 'b1' }); // miss
    await sets(2);
    expect(await cache.cached('b', 60, load('b2'))).toEqual({ v: 'b1' }); // hit
    expect(await cache.cached('a', 60, load('a2'), { refresh: true })).toEqual({ v: 'a2' }); // miss
    await sets(3);
    expect(await cache.cached('a', 60, load('a3'))).toEqual({ v: 'a2' }); // hit
    const c = metrics.counters();
    expect(c).toMatchObject({ hits: 4, misses: 3, sets: 3, bypasses: 0, errors: 0 });
    expect(c.hitRate).toBeCloseTo(4 / 7, 10);
    expect(metrics.recent(60_000)).toMatchObject({ hits: 4, misses: 3, lookups: 7 });
    expect(metrics.recent(60_000).hitRate).toBeCloseTo(4 / 7, 10);
    // Every GET and SET was timed.
    expect(metrics.latencySummary().count).toBe(7 - 1 + 3);
  });

  it('100 concurrent misses for one key call the loader once', async () => {
    t = await freshCache();
    let calls = 0;
    const loader = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 50));
      return { n: 42 };
    };
    const values = await Promise.all(
      Array.from({ length: 100 }, () => t!.cache.cached('hot', 60, loader)),
    );
    expect(calls).toBe(1);
    expect(values).toHaveLength(100);
    expect(values.every((v) => v.n === 42)).toBe(true);
    expect(t.metrics.counters()).toMatchObject({ misses: 1, hits: 0 });
    // Once stored, the next wave is answered by Redis without the loader.
    await vi.waitFor(() => expect(t!.metrics.counters().sets).toBe(1));
    await Promise.all(Array.from({ length: 10 }, () => t!.cache.cached('hot', 60, loader)));
    expect(calls).toBe(1);
  });

  it('stores JSON under the prefix with the TTL', async () => {
    t = await freshCache();
    await t.cache.cached('ttl', 120, async () => ({ list: [1, 'two', null] }));
    const full = `${t.cache.prefix}ttl`;
    await vi.waitFor(async () => expect(await admin.get(full)).toBe('{"list":[1,"two",null]}'));
    const ttl = await admin.ttl(full);
    expect(ttl).toBeGreaterThan(110);
    expect(ttl).toBeLessThanOrEqual(120);
    expect(await admin.exists('ttl')).toBe(0);
  });

  it('a value that is not valid JSON is a miss and is replaced', async () => {
    t = await freshCache();
    const full = `${t.cache.prefix}foreign`;
    await admin.set(full, '{not json');
    expect(await t.cache.cached('foreign', 60, async () => ({ ok: true }))).toEqual({ ok: true });
    await vi.waitFor(async () => expect(await admin.get(full)).toBe('{"ok":true}'));
    expect(t.metrics.counters()).toMatchObject({ misses: 1, hits: 0, errors: 0 });
    expect(await t.cache.cached('foreign', 60, async () => ({ ok: false }))).toEqual({ ok: true });
  });

  it('loader errors reach the caller unchanged and nothing is cached', async () => {
    t = await freshCache();
    const boom = new Error('db down');
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => t!.cache.cached('bad', 60, () => Promise.reject(boom))),
    );
    expect(results.every((r) => r.status === 'rejected' && r.reason === boom)).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(await admin.exists(`${t.cache.prefix}bad`)).toBe(0);
    expect(t.metrics.counters()).toMatchObject({ sets: 0, errors: 0 });
    // The next call tries again.
    expect(await t.cache.cached('bad', 60, async () => 'fine')).toBe('fine');
  });
});

describe('invalidate()', () => {
  it('deletes the given keys inside the prefix and returns how many existed', async () => {
    t = await freshCache({ maxPendingCommands: 1_000 });
    const { cache } = t;
    for (const k of ['x', 'y', 'z']) await cache.cached(k, 60, async () => k);
    await vi.waitFor(() => expect(t!.metrics.counters().sets).toBe(3));
    await admin.set('x', 'outside the prefix');
    expect(await cache.invalidate('x')).toBe(1);
    expect(await cache.invalidate(['y', 'z', 'never-set'])).toBe(2);
    expect(await admin.exists(`${cache.prefix}x`, `${cache.prefix}y`, `${cache.prefix}z`)).toBe(0);
    expect(await admin.get('x')).toBe('outside the prefix');
    await admin.del('x');
    expect(t.metrics.counters().deletes).toBe(3);
  });

  it('a load that started before an invalidation does not store its stale value', async () => {
    t = await freshCache();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stale = t.cache.cached('race', 60, async () => {
      await gate;
      return 'read before the write';
    });
    await new Promise((r) => setTimeout(r, 20));
    await t.cache.invalidate('race'); // the write happened while the load was running
    // A caller after the invalidation does not join the stale load.
    const fresh = t.cache.cached('race', 60, async () => 'read after the write');
    release();
    expect(await stale).toBe('read before the write');
    expect(await fresh).toBe('read after the write');
    await vi.waitFor(async () =>
      expect(await admin.get(`${t!.cache.prefix}race`)).toBe('"read after the write"'),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(await admin.get(`${t.cache.prefix}race`)).toBe('"read after the write"');
  });
});
