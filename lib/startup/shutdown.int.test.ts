// Graceful shutdown against the real stack: no new call is admitted, the call in flight
// finishes, the instance's last figures reach the fleet, and Redis is closed.
import { Redis } from 'ioredis';
import { beforeAll, expect, it, vi } from 'vitest';
import { getRedisClient } from '../cache';
import { withServiceClient } from '../db';
import { fleetConfig, freshenFleet, instanceId, readFleet, windowTotals } from '../fleet';
import { shutdown } from './shutdown';

beforeAll(async () => {
  const redis = getRedisClient();
  await vi.waitFor(() => expect(redis.status).toBe('ready'), { timeout: 10_000 });
  await freshenFleet(0);
});

it('drains calls in flight, refuses new ones, publishes the last figures and closes Redis', async () => {
  const slow = withServiceClient(
    async (db) => {
      await new Promise((r) => setTimeout(r, 400));
      return db.rpc('health_ping', undefined, { get: true });
    },
    { context: 'test.shutdown' },
  );
  await new Promise((r) => setTimeout(r, 50));
  const client = getRedisClient();
  const done = shutdown(5_000);
  await expect(
    withServiceClient((db) => db.rpc('health_ping', undefined, { get: true })),
  ).rejects.toMatchObject({ code: 'SHUTTING_DOWN', status: 503 });
  expect(await slow).toBe(1);
  const report = await done;
  expect(report).toMatchObject({ unfinishedCalls: 0, published: true });
  await vi.waitFor(() => expect(client.status).toBe('end'), { timeout: 2_000 });
  // What the fleet holds for this instance includes the call that finished during shutdown.
  const redis = new Redis(process.env.REDIS_URL!);
  try {
    const data = await readFleet(redis, fleetConfig(), 5 * 60_000, Date.now(), instanceId());
    expect(windowTotals(data).service.counters.successes).toBeGreaterThanOrEqual(1);
    const ids = data.instances.map((i) => i.id);
    expect(ids).toEqual([instanceId()]);
  } finally {
    redis.disconnect();
  }
});
