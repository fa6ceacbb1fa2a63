// The process singletons seen from the health API: the snapshot and history after real traffic,
// the shared INFO probe, and no secret (URL, password, cached value) anywhere they or the console
// could show it.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { faults, testStack } from '../../scripts/testing/stack';
import { cached } from './app-cache';
import { getCacheHistory, getCacheSnapshot } from './cache-snapshot';
import { closeRedisClient, getRedisClient } from './redis-client';
import { REDIS_INFO_TTL_MS, getRedisServerInfo } from './redis-server-info';
import { adminClient, guardConsole, secretsForTests, waitReady } from './test-support';

const SECRET_VALUE = `value-${randomUUID()}`;
guardConsole(() => [SECRET_VALUE]);

const ns = `snap-${randomUUID().slice(0, 8)}`;
let admin: Redis;
let monitor: Redis;
const seen: string[] = [];

beforeAll(async () => {
  admin = await adminClient();
  monitor = await admin.monitor();
  monitor.on('monitor', (_t: string, args: unknown[]) => seen.push(String(args[0]).toUpperCase()));
  await waitReady(getRedisClient());
});
afterAll(async () => {
  await faults.start('redis');
  monitor?.disconnect();
  admin?.disconnect();
  await closeRedisClient();
});

describe('getCacheSnapshot() and getCacheHistory()', () => {
  it('report the traffic that went through cached(), with the settings but no URL', async () => {
    await cached(`${ns}:a`, 60, async () => SECRET_VALUE); // miss
    await vi.waitFor(() => expect(getCacheSnapshot().lifetime.sets).toBe(1));
    await cached(`${ns}:a`, 60, async () => 'x'); // hit
    await cached(`${ns}:a`, 60, async () => 'x'); // hit
    const snap = getCacheSnapshot();
    expect(snap).toMatchObject({
      status: 'ready',
      reconnects: 0,
      lastError: null,
      lifetime: { hits: 2, misses: 1, sets: 1, bypasses: 0, errors: 0 },
      recent: { windowMs: 60_000, hits: 2, misses: 1, lookups: 3, bypasses: 0 },
      keyPrefix: 'app:',
      queues: { command: 0, offline: 0 },
      config: { commandTimeoutMs: 250, offlineQueue: false, maxPendingCommands: 1_000 },
    });
    expect(snap.lifetime.hitRate).toBeCloseTo(2 / 3, 10);
    expect(snap.latency.count).toBe(4); // 3 GETs and 1 SET
    expect(snap.latency.p99Ms).toBeGreaterThan(0);
    expect(await admin.get(`app:${ns}:a`)).toBe(JSON.stringify(SECRET_VALUE));

    const history = getCacheHistory(60_000);
    expect(history).toHaveLength(12);
    const sum = (k: 'hits' | 'misses') => history.reduce((n, p) => n + p.counters[k], 0);
    expect([sum('hits'), sum('misses')]).toEqual([2, 1]);
    expect(history.at(-1)?.gauges.connected).toBe(1);
  });
});

describe('getRedisServerInfo()', () => {
  it('answers 20 concurrent callers with one PING and one INFO, then reuses the result', async () => {
    await new Promise((r) => setTimeout(r, 20));
    seen.length = 0;
    const reports = await Promise.all(Array.from({ length: 20 }, () => getRedisServerInfo()));
    await admin.ping();
    await vi.waitFor(() => expect(seen).toContain('PING'));
    expect(seen.filter((c) => c === 'INFO')).toHaveLength(1);
    const first = reports[0]!;
    expect(reports.every((r) => r === first || r.checkedAt === first.checkedAt)).toBe(true);
    if (!first.reachable) throw new Error(`unreachable: ${first.error}`);
    expect(first.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(first.pingMs).toBeGreaterThanOrEqual(0);
    expect(first.pingMs).toBeLessThan(1_000);
    expect(first.connectedClients).toBeGreaterThanOrEqual(2);
    expect(first.usedMemoryBytes).toBeGreaterThan(0);
    expect(first.keyspaceHits).toBeGreaterThanOrEqual(2);
    // Within the TTL nothing is sent again.
    seen.length = 0;
    const again = await getRedisServerInfo();
    expect(again.checkedAt).toBe(first.checkedAt);
    expect(seen).not.toContain('INFO');
  });
});

describe('with Redis down', () => {
  it('nothing shown holds the URL, the password, the host:port or a cached value', async () => {
    const port = testStack().ports.redis;
    await faults.kill('redis');
    try {
      await vi.waitFor(() => expect(getCacheSnapshot().status).toBe('reconnecting'), {
        timeout: 5_000,
      });
      expect(await cached(`${ns}:a`, 60, async () => SECRET_VALUE)).toBe(SECRET_VALUE); // bypass
      await vi.waitFor(() => expect(getCacheSnapshot().lastError).not.toBeNull());
      await new Promise((r) => setTimeout(r, REDIS_INFO_TTL_MS + 50));
      const info = await getRedisServerInfo();
      expect(info.reachable).toBe(false);
      const snap = getCacheSnapshot();
      expect(snap.lifetime.bypasses).toBe(1);
      expect(snap.reconnects).toBe(1);
      expect(snap.lastError).toMatchObject({ kind: 'connection' });
      const text = JSON.stringify({ snap, info, history: getCacheHistory(60_000) });
      for (const secret of [...secretsForTests(), SECRET_VALUE, `127.0.0.1:${port}`])
        expect(text).not.toContain(secret);
    } finally {
      await faults.start('redis');
    }
    await waitReady(getRedisClient());
  });
});
