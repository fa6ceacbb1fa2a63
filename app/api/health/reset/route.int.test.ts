// POST /api/health/reset against the real stack: the instance's figures go back to zero, and the
// fleet's history keeps every call once (published before the reset, counted from zero after).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getRedisClient } from '@/lib/cache';
import { getDbSnapshot, withServiceClient } from '@/lib/db';
import { fleetConfig, freshenFleet, instanceId, readFleet, windowTotals } from '@/lib/fleet';
import { GET, POST } from './route';

const TOKEN = 'reset-token-for-tests-0123456789';
process.env.HEALTH_TOKEN = TOKEN;

const post = (headers: HeadersInit = { authorization: `Bearer ${TOKEN}` }) =>
  POST(new Request('http://app.test/api/health/reset', { method: 'POST', headers }));

async function fleetCalls(): Promise<number> {
  await freshenFleet(0);
  const data = await readFleet(
    getRedisClient(),
    fleetConfig(),
    5 * 60_000,
    Date.now(),
    instanceId(),
  );
  const t = windowTotals(data);
  return t.service.counters.calls + t.anon.counters.calls;
}

beforeAll(async () => {
  const redis = getRedisClient();
  await vi.waitFor(() => expect(redis.status).toBe('ready'), { timeout: 10_000 });
});

const ping = () => withServiceClient((db) => db.rpc('health_ping', undefined, { get: true }));

describe('POST /api/health/reset', () => {
  it('zeroes this instance’s figures; the fleet keeps every call exactly once', async () => {
    await ping();
    const before = await fleetCalls();
    for (let i = 0; i < 7; i++) await ping();
    const res = await post();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ published: true });
    const snap = getDbSnapshot().service;
    expect(snap.lifetime.calls).toBe(0);
    expect(snap.lifetime.latency.count).toBe(0);
    for (let i = 0; i < 3; i++) await ping();
    expect(getDbSnapshot().service.lifetime.calls).toBe(3);
    expect((await fleetCalls()) - before).toBe(10);
  });

  it('needs the token, and answers other methods with 405 JSON', async () => {
    expect((await post({})).status).toBe(401);
    const res = await GET(new Request('http://app.test/api/health/reset'));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
  });
});
