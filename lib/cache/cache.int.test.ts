// The cache against the stack's real redis-server: exact hit/miss counts, stampede protection,
// degradation while Redis is down and recovery, SCAN-based invalidation, foreign values, secrets.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { faults } from '../../scripts/testing/stack';
import { resolveCacheConfig } from './cache-config';
import { CacheMetrics } from './cache-metrics';
import { createCache } from './read-through';
import { createRedisClient } from './redis-client';
import { serverEnv } from '../env';

const config = resolveCacheConfig(serverEnv());
let client: Redis;
let metrics: CacheMetrics;

function freshCache() {
  metrics = new CacheMetrics();
  client = createRedisClient({ config, metrics });
  return createCache({
    client: () => client,
    prefix: `test:${randomUUID().slice(0, 8)}:`,
    metrics,
  });
}

async function ready(c: Redis) {
  const deadline = Date.now() + 10_000;
  while (c.status !== 'ready') {
    if (Date.now() > deadline) throw new Error(`redis not ready: ${c.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterEach(async () => {
  await faults.start('redis'); // harmless when running
  client?.disconnect();
});

describe('cached()', () => {
  it('counts hits and misses exactly for a known sequence', async () => {
    const cache = freshCache();
    await ready(client);
    const load = (v: number) => async () => v;
    expect(await cache.cached('a', 60, load(1))).toBe(1); // miss
    await vi.waitFor(() => expect(metrics.counters().sets).toBe(1));
    expect(await cache.cached('a', 60, load(2))).toBe(1); // hit
    expect(await cache.cached('a', 60, load(3))).toBe(1); // hit
    expect(await cache.cached('b', 60, load(4))).toBe(4); // miss
    await vi.waitFor(() => expect(metrics.counters().sets).toBe(2));
    expect(await cache.cached('b', 60, load(5))).toBe(4); // hit
    const c = metrics.counters();
    expect(c).toMatchObject({ hits: 3, misses: 2, bypasses: 0, errors: 0 });
    expect(c.hitRate).toBeCloseTo(0.6);
    expect(metrics.series.totals(60_000).counters).toMatchObject({ hits: 3, misses: 2 });
  });

  it('100 concurrent misses for one key call the loader once', async () => {
    const cache = freshCache();
    await ready(client);
    let calls = 0;
    const loader = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 50));
      return { n: 42 };
    };
    const values = await Promise.all(
      Array.from({ length: 100 }, () => cache.cached('hot', 60, loader)),
    );
    expect(calls).toBe(1);
    expect(values.every((v) => v.n === 42)).toBe(true);
  });

  it('a value that is not our JSON is a miss and is replaced', async () => {
    const cache = freshCache();
    await ready(client);
    await client.set(`${cache.prefix}foreign`, '{not json');
    expect(await cache.cached('foreign', 60, async () => ({ ok: true }))).toEqual({ ok: true });
    await vi.waitFor(async () =>
      expect(await client.get(`${cache.prefix}foreign`)).toBe('{"ok":true}'),
    );
    expect(metrics.counters()).toMatchObject({ misses: 1, hits: 0, errors: 0 });
  });

  it('loader errors reach the caller and nothing is cached', async () => {
    const cache = freshCache();
    await ready(client);
    await expect(
      cache.cached('bad', 60, async () => Promise.reject(new Error('db down'))),
    ).rejects.toThrow('db down');
    expect(await client.exists(`${cache.prefix}bad`)).toBe(0);
  });

  it('rejects bad keys and TTLs', () => {
    const cache = freshCache();
    expect(() => cache.cached('', 60, async () => 1)).toThrow(RangeError);
    expect(() => cache.cached('k', 0, async () => 1)).toThrow(/ttlSeconds/);
    expect(() => cache.cached('k', 1.5, async () => 1)).toThrow(/ttlSeconds/);
  });
});

describe('Redis killed and restarted', () => {
  it('every call still answers from the loader, fast, then caching resumes without a new client', async () => {
    const cache = freshCache();
    await ready(client);
    const same = client;
    await cache.cached('k', 60, async () => 'db');
    await faults.kill('redis');
    await vi.waitFor(() => expect(metrics.status).toBe('reconnecting'), { timeout: 5_000 });
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      expect(await cache.cached('k', 60, async () => 'db')).toBe('db');
      expect(performance.now() - started).toBeLessThan(config.commandTimeoutMs + 100);
    }
    expect(metrics.counters().bypasses).toBeGreaterThanOrEqual(20);
    await faults.start('redis');
    const restarted = Date.now();
    await vi.waitFor(
      async () => {
        await cache.cached('k2', 60, async () => 'db2');
        await new Promise((r) => setTimeout(r, 20));
        const before = metrics.counters().hits;
        await cache.cached('k2', 60, async () => 'db2');
        expect(metrics.counters().hits).toBe(before + 1);
      },
      { timeout: 8_000, interval: 100 },
    );
    expect(Date.now() - restarted).toBeLessThan(8_000);
    expect(client).toBe(same);
    expect(metrics.status).toBe('ready');
    expect(metrics.reconnects).toBeGreaterThanOrEqual(1);
  });
});

describe('invalidatePattern()', () => {
  let monitor: Redis;
  const seen: string[] = [];
  beforeAll(async () => {
    monitor = createRedisClient({ config: { ...config, commandTimeoutMs: 5_000 } });
    await ready(monitor);
    const m = await monitor.monitor();
    m.on('monitor', (_time: string, args: string[]) => seen.push(String(args[0]).toUpperCase()));
    monitorConn = m;
  });
  let monitorConn: Redis;
  afterAll(() => {
    monitorConn?.disconnect();
    monitor?.disconnect();
  });

  it('removes exactly the matching keys among thousands, with SCAN and never KEYS', async () => {
    const cache = freshCache();
    await ready(client);
    const pipeline = client.pipeline();
    for (let i = 0; i < 3000; i++)
      pipeline.set(`${cache.prefix}${i % 3 === 0 ? 'user' : 'team'}:${i}`, '1');
    pipeline.set('outside-the-prefix:user:1', '1');
    await pipeline.exec();
    seen.length = 0;
    const deleted = await cache.invalidatePattern('user:*');
    expect(deleted).toBe(1000);
    const left = await client.scan('0', 'MATCH', `${cache.prefix}user:*`, 'COUNT', 10_000);
    expect(left[1]).toEqual([]);
    let teams = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(
        cursor,
        'MATCH',
        `${cache.prefix}team:*`,
        'COUNT',
        1000,
      );
      teams += keys.length;
      cursor = next;
    } while (cursor !== '0');
    expect(teams).toBe(2000);
    expect(await client.exists('outside-the-prefix:user:1')).toBe(1);
    await client.del('outside-the-prefix:user:1');
    await vi.waitFor(() => expect(seen).toContain('SCAN'));
    expect(seen).not.toContain('KEYS');
  });
});

describe('secrets', () => {
  it('neither the snapshot nor console output carries the URL, password or a cached value', async () => {
    const logs: string[] = [];
    const spies = (['log', 'info', 'warn', 'error'] as const).map((m) =>
      vi
        .spyOn(console, m)
        .mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(' '))),
    );
    try {
      const cache = freshCache();
      await ready(client);
      await cache.cached('secret-value', 60, async () => 'the-cached-secret-value');
      await faults.kill('redis');
      await cache.cached('secret-value', 60, async () => 'the-cached-secret-value');
      await faults.start('redis');
      const password = new URL(serverEnv().REDIS_URL).password;
      const { getCacheSnapshot } = await import('./cache-snapshot');
      const text =
        JSON.stringify({
          snap: getCacheSnapshot(),
          counters: metrics.counters(),
          last: metrics.lastError,
        }) + logs.join('\n');
      expect(password.length).toBeGreaterThan(8);
      expect(text).not.toContain(password);
      expect(text).not.toContain(serverEnv().REDIS_URL);
      expect(text).not.toContain('the-cached-secret-value');
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  });
});
