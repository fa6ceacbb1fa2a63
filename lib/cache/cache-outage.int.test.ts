// Redis killed, restarted and stalled under a running cache: callers always get the loader's
// data within the command timeout, the shared client reconnects by itself, nothing piles up.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { faults } from '../../scripts/testing/stack';
import { cacheConfig } from './cache-config';
import { createCache } from './create-cache';
import { cacheMetrics, closeRedisClient, getRedisClient } from './redis-client';
import { freshCache, guardConsole, uniquePrefix, waitReady, type TestCache } from './test-support';

guardConsole(() => ['loader-data-e5d1']);

/** Slack over the command timeout for timers and the event loop under a busy test machine. */
const SLACK_MS = 200;

let t: TestCache | undefined;
afterEach(async () => {
  await faults.start('redis'); // resumes or restarts it; harmless when it is running
  t?.client.disconnect();
  t = undefined;
});
afterAll(() => closeRedisClient());

interface Call {
  readonly ms: number;
  readonly ok: boolean;
}

/** Workers calling the cache in a loop until stopped; every result and duration is kept. */
function traffic(run: (worker: number, i: number) => Promise<boolean>, workers = 8) {
  const calls: Call[] = [];
  let stopped = false;
  const loops = Array.from({ length: workers }, async (_, w) => {
    for (let i = 0; !stopped; i++) {
      const started = performance.now();
      const ok = await run(w, i);
      calls.push({ ms: performance.now() - started, ok });
      await new Promise((r) => setTimeout(r, 5));
    }
  });
  return {
    calls,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

describe('Redis killed while calls are made', () => {
  it('every call answers with the loader data in time; the shared client reconnects and hits resume', async () => {
    const client = getRedisClient();
    await waitReady(client);
    const metrics = cacheMetrics();
    const { commandTimeoutMs } = cacheConfig();
    const cache = createCache({ client: getRedisClient, prefix: uniquePrefix(), metrics });
    const data = (key: string) => ({ key, from: 'loader-data-e5d1' });
    const load = traffic(async (w, i) => {
      const key = `k${(w + i) % 20}`;
      const value = await cache.cached(key, 60, async () => data(key));
      return value.key === key && value.from === 'loader-data-e5d1';
    });
    try {
      await vi.waitFor(() => expect(metrics.counters().hits).toBeGreaterThan(20));
      const reconnectsBefore = metrics.reconnects;
      const bypassesBefore = metrics.counters().bypasses;
      await faults.kill('redis');
      await vi.waitFor(() => expect(metrics.status).toBe('reconnecting'), { timeout: 5_000 });
      expect(metrics.reconnects).toBe(reconnectsBefore + 1);
      const during = load.calls.length;
      await new Promise((r) => setTimeout(r, 1_000));
      expect(load.calls.length - during).toBeGreaterThan(50); // traffic kept flowing while down
      expect(metrics.counters().bypasses).toBeGreaterThan(bypassesBefore + 50);
      expect(metrics.counters().errorsByKind.connection).toBeGreaterThan(0);

      await faults.start('redis');
      const restarted = performance.now();
      // Redis restarts empty: misses first, then hits again on the same client.
      const hitsBefore = metrics.counters().hits;
      await vi.waitFor(() => expect(metrics.counters().hits).toBeGreaterThan(hitsBefore + 20), {
        timeout: 8_000,
        interval: 50,
      });
      expect(performance.now() - restarted).toBeLessThan(8_000);
      expect(getRedisClient()).toBe(client);
      expect(client.status).toBe('ready');
      expect(metrics.status).toBe('ready');
    } finally {
      await load.stop();
      await faults.start('redis');
    }
    expect(load.calls.length).toBeGreaterThan(200);
    expect(load.calls.filter((c) => !c.ok)).toEqual([]);
    const slowest = Math.max(...load.calls.map((c) => c.ms));
    expect(slowest).toBeLessThan(commandTimeoutMs + SLACK_MS);
  });
});

describe('Redis stalled (SIGSTOP)', () => {
  it('calls give up after the command timeout, and pending commands stay bounded', async () => {
    t = await freshCache({ commandTimeoutMs: 150, maxPendingCommands: 40 });
    const { cache, client, metrics } = t;
    await cache.cached('warm', 60, async () => 'warm');
    let maxPending = 0;
    const load = traffic(async (w, i) => {
      const k = (w + i) % 50; // the workers ask for different keys at any moment
      const value = await cache.cached(`s${k}`, 60, async () => `v${k}`);
      maxPending = Math.max(maxPending, client.commandQueue.length);
      return value === `v${k}`;
    }, 32);
    try {
      await new Promise((r) => setTimeout(r, 200));
      await faults.pause('redis');
      await new Promise((r) => setTimeout(r, 1_500));
      // The server accepts nothing, yet the client still thinks it is connected.
      expect(client.status).toBe('ready');
      expect(metrics.counters().errorsByKind.timeout).toBeGreaterThan(0);
      expect(metrics.counters().bypasses).toBeGreaterThan(100);
    } finally {
      await load.stop();
      await faults.resume('redis');
    }
    expect(load.calls.filter((c) => !c.ok)).toEqual([]);
    expect(Math.max(...load.calls.map((c) => c.ms))).toBeLessThan(150 + SLACK_MS);
    // Without the cap some 300 GETs would be waiting for the stalled server by now.
    expect(maxPending).toBeGreaterThan(0);
    expect(maxPending).toBeLessThanOrEqual(40);
    await vi.waitFor(async () => expect(await client.ping()).toBe('PONG'), { timeout: 5_000 });
  });
});
