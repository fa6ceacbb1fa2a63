// GET /api/health/operations against the real stack: five operations with different latencies
// and error rates, run through the wrappers of two instances (two executors, each publishing to
// Redis as its own instance), ranked correctly by p99 and by error rate over the fleet, with the
// figures the test recorded from the executors' own observer hooks.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';

const TOKEN = 'operations-token-for-tests-0123456789';
process.env.HEALTH_TOKEN = TOKEN;
// This file's fleet: its own keys, apart from every other test's.
process.env.FLEET_KEY_PREFIX = `fleet:ops-${randomUUID().slice(0, 8)}:`;

const { getRedisClient, getCacheReadings } = await import('@/lib/cache');
const { fleetConfig } = await import('@/lib/fleet');
const { FleetPublisher } = await import('@/lib/fleet/fleet-publisher');
const { FleetSampler } = await import('@/lib/fleet/fleet-sampler');
const { readingOf } = await import('@/lib/db/db-readings');
const { testExecutor } = await import('@/lib/db/test-support');
const { GET } = await import('./route');

type Executor = ReturnType<typeof testExecutor>;

/** Each operation: how long its callback waits before the query, and how often it fails. */
const OPERATIONS = [
  { name: 'ops.fast', waitMs: 0, failEvery: 0 },
  { name: 'ops.medium', waitMs: 15, failEvery: 0 },
  { name: 'ops.slow', waitMs: 60, failEvery: 0 },
  { name: 'ops.flaky', waitMs: 5, failEvery: 5 },
  { name: 'ops.broken', waitMs: 2, failEvery: 2 },
] as const;

const recorded = new Map<string, { durations: number[]; failures: number }>();

function record(ex: Executor): void {
  ex.observer = {
    callStarted: (call) => ({
      attemptStarted: () => ({ ended: () => {} }),
      rejected: () => {},
      retryRefused: () => {},
      ended: (outcome, _attempts, _error, durationMs) => {
        const r = recorded.get(call.label) ?? { durations: [], failures: 0 };
        r.durations.push(durationMs);
        if (outcome !== 'success') r.failures += 1;
        recorded.set(call.label, r);
      },
    }),
  };
}

function publisher(ex: Executor, id: string) {
  const startedAt = Date.now();
  const idle = readingOf(testExecutor('anon'));
  const sources = { db: () => ({ service: readingOf(ex), anon: idle }), cache: getCacheReadings };
  return new FleetPublisher({
    config: { ...fleetConfig(), instanceId: id },
    sampler: new FleetSampler(sources, startedAt),
    sources,
    redis: getRedisClient,
    host: 'test',
    startedAt,
  });
}

async function drive(ex: Executor, share: number): Promise<void> {
  // Warm: a new client's first requests open connections (a slow first call is not the test's).
  for (let i = 0; i < 5; i++)
    await ex.run((db) => db.rpc('health_ping', undefined, { get: true }), { context: 'warm' });
  for (const op of OPERATIONS) {
    const n = Math.round(40 * share);
    for (let i = 0; i < n; i++) {
      const fail = op.failEvery > 0 && i % op.failEvery === 0;
      await ex
        .run(
          async (db) => {
            if (op.waitMs) await new Promise((r) => setTimeout(r, op.waitMs));
            // A query PostgREST refuses (unknown column): a failure of the caller's, not retried.
            return fail
              ? db.from('notes').select('no_such_column').limit(1)
              : db.rpc('health_ping', undefined, { get: true });
          },
          { context: op.name },
        )
        .catch(() => {});
    }
  }
}

interface Row {
  kind: string;
  name: string;
  calls: number;
  failures: number;
  errorRate: number;
  latency: { count: number; p99Ms: number };
  trend: number[];
}

beforeAll(async () => {
  const redis = getRedisClient();
  await vi.waitFor(() => expect(redis.status).toBe('ready'), { timeout: 10_000 });
});

describe('GET /api/health/operations', () => {
  it('ranks five operations over two instances by p99 and by error rate, with the recorded figures', async () => {
    const a = testExecutor('service');
    const b = testExecutor('service');
    record(a);
    record(b);
    await Promise.all([drive(a, 0.75), drive(b, 0.25)]);
    expect(await publisher(a, 'ops-a').flush()).toBe(true);
    expect(await publisher(b, 'ops-b').flush()).toBe(true);

    const res = await GET(
      new Request('http://app.test/api/health/operations?scope=fleet&window=15m', {
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { operations: Row[]; scope: { scope: string } };
    expect(body.scope.scope).toBe('fleet');
    const rows = body.operations.filter((r) => r.kind === 'service' && r.name.startsWith('ops.'));
    expect(rows.map((r) => r.name).sort()).toEqual(OPERATIONS.map((o) => o.name).sort());

    const exact = (name: string) => {
      const r = recorded.get(name)!;
      const sorted = [...r.durations].sort((x, y) => x - y);
      return {
        calls: sorted.length,
        failures: r.failures,
        p99: sorted[Math.ceil(0.99 * sorted.length) - 1]!,
      };
    };
    for (const row of rows) {
      const e = exact(row.name);
      expect(row.calls, row.name).toBe(e.calls);
      expect(row.failures, row.name).toBe(e.failures);
      expect(row.errorRate, row.name).toBeCloseTo(e.failures / e.calls, 10);
      expect(row.latency.count).toBe(e.calls);
      // Operation histograms keep 3.2 % precision.
      expect(Math.abs(row.latency.p99Ms - e.p99) / e.p99, row.name).toBeLessThanOrEqual(0.033);
    }
    // Ranked by p99 as the exact figures rank them, wherever they differ by more than the
    // histogram's precision can blur (two operations 3 % apart may swap places).
    const byP99 = [...rows].sort((x, y) => y.latency.p99Ms - x.latency.p99Ms).map((r) => r.name);
    expect(byP99[0]).toBe('ops.slow');
    for (const x of rows) {
      for (const y of rows) {
        if (exact(x.name).p99 > 1.1 * exact(y.name).p99)
          expect(byP99.indexOf(x.name), `${x.name} above ${y.name}`).toBeLessThan(
            byP99.indexOf(y.name),
          );
      }
    }
    const byErrors = [...rows].sort((x, y) => y.errorRate - x.errorRate).map((r) => r.name);
    expect(byErrors.slice(0, 2)).toEqual(['ops.broken', 'ops.flaky']);

    // Drill-down: the slow operation over time.
    const detail = (await (
      await GET(
        new Request(
          'http://app.test/api/health/operations?window=15m&kind=service&operation=ops.slow',
          { headers: { authorization: `Bearer ${TOKEN}` } },
        ),
      )
    ).json()) as { detail: { points: Array<{ calls: number; latency: unknown }> } };
    const calls = detail.detail.points.reduce((n, p) => n + p.calls, 0);
    expect(calls).toBe(exact('ops.slow').calls);
    expect(detail.detail.points.some((p) => p.latency !== null)).toBe(true);
  });

  it('refuses an operation without its kind, and unknown parameters', async () => {
    for (const q of ['operation=ops.slow', 'kind=service', 'limit=3']) {
      const res = await GET(
        new Request(`http://app.test/api/health/operations?${q}`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        }),
      );
      expect(res.status, q).toBe(400);
    }
  });
});
