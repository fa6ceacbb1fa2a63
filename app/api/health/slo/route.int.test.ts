// GET /api/health/slo against the real stack: calls through an instance's wrappers (successes,
// failures of the database's, failures of the caller's, refusals), published to Redis, give the
// budget and burn rates the SLO rules define.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { faults } from '../../../../scripts/testing/stack';

const TOKEN = 'slo-token-for-tests-0123456789';
process.env.HEALTH_TOKEN = TOKEN;
process.env.FLEET_KEY_PREFIX = `fleet:slo-${randomUUID().slice(0, 8)}:`;

const { getRedisClient, getCacheReadings } = await import('@/lib/cache');
const { fleetConfig } = await import('@/lib/fleet');
const { FleetPublisher } = await import('@/lib/fleet/fleet-publisher');
const { FleetSampler } = await import('@/lib/fleet/fleet-sampler');
const { readingOf } = await import('@/lib/db/db-readings');
const { testExecutor } = await import('@/lib/db/test-support');
const { GET } = await import('./route');

beforeAll(async () => {
  const redis = getRedisClient();
  await vi.waitFor(() => expect(redis.status).toBe('ready'), { timeout: 10_000 });
});

describe('GET /api/health/slo', () => {
  it('budget and burn rates from what the fleet published, counted as the rules count', async () => {
    const ex = testExecutor('service', { maxAttempts: 1, breakerConsecutiveFailures: 3 });
    const ping = () =>
      ex.run((db) => db.rpc('health_ping', undefined, { get: true })).catch(() => {});
    for (let i = 0; i < 40; i++) await ping(); // good
    for (let i = 0; i < 5; i++)
      await ex.run((db) => db.from('notes').select('no_such_column')).catch(() => {}); // caller's
    await faults.stop('postgrest');
    try {
      for (let i = 0; i < 3; i++) await ping(); // database failures: the breaker opens
      for (let i = 0; i < 2; i++) await ping(); // refused
    } finally {
      await faults.start('postgrest');
    }
    const sources = {
      db: () => ({ service: readingOf(ex), anon: readingOf(testExecutor('anon')) }),
      cache: getCacheReadings,
    };
    const pub = new FleetPublisher({
      config: { ...fleetConfig(), instanceId: 'slo-a' },
      sampler: new FleetSampler(sources, Date.now()),
      sources,
      redis: getRedisClient,
      host: 'test',
      startedAt: Date.now(),
    });
    expect(await pub.flush()).toBe(true);

    const res = await GET(
      new Request('http://app.test/api/health/slo', {
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
    );
    expect(res.status).toBe(200);
    const slo = (await res.json()) as {
      available: boolean;
      availability: {
        budget: {
          events: number;
          bad: number;
          left: number;
          partial: boolean;
          coveredDays: number;
        };
        burnRates: Record<string, number>;
      };
    };
    expect(slo.available).toBe(true);
    const { budget, burnRates } = slo.availability;
    // 40 good, 5 bad requests (the caller's: not bad), 3 database failures, 2 refusals.
    expect(budget.events).toBe(50);
    expect(budget.bad).toBe(5);
    expect(budget.partial).toBe(true);
    expect(budget.coveredDays).toBe(1);
    expect(budget.left).toBeCloseTo(1 - budget.bad / (0.001 * budget.events), 6);
    expect(burnRates['5m']).toBeCloseTo(budget.bad / budget.events / 0.001, 6);
  });
});
