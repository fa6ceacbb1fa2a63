// GET /api/admin/health/db-pool against the real stack: the token rule of /api/health/db, counts
// that follow the calls made, pool utilization while calls are in flight, the circuit opening
// while PostgREST is stopped, JSON errors, and no secret in the body.
import { afterAll, describe, expect, it } from 'vitest';
import { faults } from '../../../../../scripts/testing/stack';
import { withAnonClient, withServiceClient } from '@/lib/db';
import { serverEnv } from '@/lib/env';
import { DELETE, GET, POST } from './route';
import type { PoolSummary } from './pool-summary';

const TOKEN = 'health-token-for-db-pool-0123456789';
// Read once, at first use: probes reused for the whole file (so only the calls made here count),
// a quick breaker.
process.env.HEALTH_TOKEN = TOKEN;
process.env.HEALTH_PROBE_TTL_MS = '600000';
process.env.DB_BREAKER_RESET_MS = '1000';

const url = (query = '') => `http://app.test/api/admin/health/db-pool${query}`;
const withToken = { authorization: `Bearer ${TOKEN}` };

async function summary(): Promise<PoolSummary> {
  const res = await GET(new Request(url(), { headers: withToken }));
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return (await res.json()) as PoolSummary;
}

afterAll(async () => {
  await faults.start('postgrest');
});

describe('GET /api/admin/health/db-pool', () => {
  it('refuses a request without the health token with a JSON 401', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-the-health-token-at-all' }] as Record<
      string,
      string
    >[]) {
      const res = await GET(new Request(url(), { headers }));
      expect(res.status).toBe(401);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('counts the calls made through each client kind, with their response times', async () => {
    const before = await summary();
    for (let i = 0; i < 20; i++)
      await withServiceClient((db) => db.from('notes').select('id').limit(1), { context: 'test' });
    for (let i = 0; i < 7; i++)
      await withAnonClient((db) => db.from('notes').select('id').limit(1), { context: 'test' });
    const after = await summary();
    // The database is up; latency on a busy machine may warn, and then the reasons say why.
    expect(after.status).toMatch(/^(pass|warn)$/);
    for (const k of ['service', 'anon'] as const)
      expect(after.kinds[k].reasons.length > 0).toBe(after.kinds[k].status !== 'pass');
    const d = (k: 'service' | 'anon') =>
      after.kinds[k].requests.successes - before.kinds[k].requests.successes;
    expect({ service: d('service'), anon: d('anon') }).toEqual({ service: 20, anon: 7 });
    expect(after.overall.requests.total - before.overall.requests.total).toBe(27);
    const s = after.kinds.service;
    expect(s.circuit.state).toBe('closed');
    expect(s.successRate).toBe(1);
    expect(s.responseTimeMs.average).toBeGreaterThan(0);
    expect(s.responseTimeMs.p95).toBeGreaterThan(0);
    expect(s.responseTimeMs.p99).toBeGreaterThanOrEqual(s.responseTimeMs.p95);
    expect(s.lastMinute.requests).toBeGreaterThanOrEqual(20);
  });

  it('shows the pool in use while calls are in flight', async () => {
    const slow = Array.from({ length: 4 }, () =>
      withServiceClient((db) => db.rpc('demo_slow_query', { ms: 2_000 }), { idempotent: true }),
    );
    await expect
      .poll(async () => (await summary()).kinds.service.pool.inFlight, { timeout: 1_500 })
      .toBe(4);
    const s = await summary();
    expect(s.kinds.service.utilization).toBe(4 / s.kinds.service.pool.max);
    expect(s.overall.utilization).toBe(
      Math.round((4 / (s.kinds.service.pool.max + s.kinds.anon.pool.max)) * 10_000) / 10_000,
    );
    await Promise.all(slow);
    expect((await summary()).kinds.service.pool.inFlight).toBe(0);
  });

  it('PostgREST stopped: the circuit opens, with its reason, and the status fails', async () => {
    await faults.stop('postgrest');
    try {
      for (let i = 0; i < 30; i++) {
        const failed = await withServiceClient((db) => db.from('notes').select('id').limit(1)).then(
          () => false,
          () => true,
        );
        expect(failed).toBe(true);
        if ((await summary()).kinds.service.circuit.state === 'open') break;
      }
      const s = await summary();
      expect(s.status).toBe('fail');
      expect(s.kinds.service.status).toBe('fail');
      expect(s.kinds.service.circuit).toMatchObject({
        state: 'open',
        reason: expect.stringMatching(/DB_UNAVAILABLE/),
      });
      expect(s.kinds.service.reasons.join(' ')).toMatch(/circuit breaker open/);
      expect(s.kinds.service.successRate).toBeLessThan(1);
      expect(s.kinds.anon.circuit.state).toBe('closed');
    } finally {
      await faults.start('postgrest');
    }
  });

  it('refuses parameters with a JSON 400 and other methods with a JSON 405', async () => {
    const bad = await GET(new Request(url('?verbose=1'), { headers: withToken }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    for (const handler of [POST, DELETE]) {
      const res = await handler(new Request(url(), { method: 'POST', headers: withToken }));
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      expect(await res.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    }
  });

  it('holds no secret', async () => {
    const body = JSON.stringify(await summary());
    const env = serverEnv();
    for (const secret of [env.SUPABASE_SERVICE_ROLE_KEY, env.SUPABASE_ANON_KEY, TOKEN])
      expect(body).not.toContain(secret);
    expect(body).not.toContain(new URL(env.REDIS_URL).password);
  });
});
