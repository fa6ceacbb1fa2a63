// invalidatePattern() among thousands of keys on the real server, watched with MONITOR: exactly
// the matching keys inside the prefix go, by SCAN and UNLINK, and KEYS is never sent.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminClient, freshCache, guardConsole, scanAll, type TestCache } from './test-support';

guardConsole(() => []);

let admin: Redis;
let monitor: Redis;
const seen: string[] = [];
let t: TestCache;

beforeAll(async () => {
  admin = await adminClient();
  monitor = await admin.monitor();
  monitor.on('monitor', (_time: string, args: unknown[]) =>
    seen.push(String(args[0]).toUpperCase()),
  );
  t = await freshCache();
});
afterAll(() => {
  monitor?.disconnect();
  admin?.disconnect();
  t?.client.disconnect();
});

/** Waits until MONITOR has shown everything sent so far (a PING sent last has arrived). */
async function monitorCaughtUp(): Promise<void> {
  const pings = () => seen.filter((c) => c === 'PING').length;
  const before = pings();
  await admin.ping();
  await vi.waitFor(() => expect(pings()).toBe(before + 1));
}

describe('invalidatePattern()', () => {
  it('removes exactly the matching keys among 3000, with SCAN and never KEYS', async () => {
    const { cache, metrics } = t;
    const pipeline = admin.pipeline();
    for (let i = 0; i < 3000; i++) {
      const kind = i % 3 === 0 ? 'user' : 'team';
      pipeline.set(`${cache.prefix}${kind}:${i}`, '1');
    }
    pipeline.set(`${cache.prefix}users-list`, '1'); // shares the start, not the pattern
    pipeline.set('outside-the-prefix:user:1', '1');
    pipeline.set(`other-${cache.prefix}user:1`, '1');
    await pipeline.exec();

    await monitorCaughtUp();
    seen.length = 0;
    const deleted = await cache.invalidatePattern('user:*');
    await monitorCaughtUp();

    expect(deleted).toBe(1000);
    expect(await scanAll(admin, `${cache.prefix}user:*`)).toEqual([]);
    expect(await scanAll(admin, `${cache.prefix}team:*`)).toHaveLength(2000);
    expect(await admin.exists(`${cache.prefix}users-list`)).toBe(1);
    expect(await admin.exists('outside-the-prefix:user:1', `other-${cache.prefix}user:1`)).toBe(2);
    expect(metrics.counters().deletes).toBe(1000);

    // Several SCAN pages (COUNT 500 over 3000+ keys), deletions by UNLINK, no KEYS, no DEL.
    expect(seen.filter((c) => c === 'SCAN').length).toBeGreaterThan(3);
    expect(seen).toContain('UNLINK');
    expect(seen).not.toContain('KEYS');
    expect(seen).not.toContain('DEL');

    await admin.del('outside-the-prefix:user:1', `other-${cache.prefix}user:1`);
    expect(await cache.invalidatePattern('*')).toBe(2001);
  });

  it('a pattern cannot reach outside the prefix', async () => {
    const { cache } = t;
    await admin.set('escape-test', '1');
    await cache.cached('inside', 60, async () => 1);
    await vi.waitFor(async () => expect(await admin.exists(`${cache.prefix}inside`)).toBe(1));
    expect(await cache.invalidatePattern('*escape-test')).toBe(0);
    expect(await cache.invalidatePattern('../*')).toBe(0);
    expect(await admin.exists('escape-test')).toBe(1);
    expect(await cache.invalidatePattern('ins*')).toBe(1);
    await admin.del('escape-test');
  });
});
