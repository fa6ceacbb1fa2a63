// The fleet view through the API, with three `next start` instances of their own fleet (their
// own FLEET_KEY_PREFIX) under uneven load with different latencies (70/20/10 % of the calls,
// 1/15/60 ms database sleeps):
// - from any instance, the fleet's calls are the sum of each instance's own, and account for
//   every call the load made plus the health probes each instance counted;
// - the fleet's p50/p95/p99 are within 1 % of the exact percentiles of every duration the data
//   layer measured (each instance's DB_CALL_LOG, written by the executor's observer hook);
// - a real Prometheus scraping the three gives a fleet p99 (histogram_quantile over summed
//   buckets) within one bucket width of the API's;
// - Redis stopped under load: no request fails, memory stays bounded, the view says it is local;
//   Redis back: the fleet view resumes by itself.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readState, stackDir, startService, stopService } from '../scripts/stack/index.ts';
import { startPrometheus, type PrometheusServer } from '../scripts/testing/prometheus';
import { startInstance, type AppInstance } from './instances';
import { healthToken } from './support';

const ADMIN_TOKEN = 'e2e-fleet-admin-token-0123456789';
const PLAN = [
  { name: 'a', share: 0.7, sleepMs: 1 },
  { name: 'b', share: 0.2, sleepMs: 15 },
  { name: 'c', share: 0.1, sleepMs: 60 },
] as const;
const REQUESTS = 1_000;

const logDir = mkdtempSync(join(tmpdir(), 'fleet-e2e-'));
const prefix = `fleet:e2e-${randomUUID().slice(0, 8)}:`;
let instances: AppInstance[] = [];
let prometheus: PrometheusServer | undefined;

const auth = () => ({ authorization: `Bearer ${healthToken()}` });
async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: auth() });
  expect(res.status, `${url}: ${res.status}`).toBe(200);
  return (await res.json()) as T;
}

interface KindView {
  lifetime: {
    calls: number;
    successes: number;
    latency: { count: number; p50Ms: number; p95Ms: number; p99Ms: number };
  };
}
interface DbView {
  scope: {
    scope: string;
    subject: string;
    self: string;
    fleetAvailable: boolean;
    publishing: { pendingBuckets: number; failures: number; skipped: number };
    reporting: number;
    listed: number;
    instances: Array<{ id: string; share: number; stale: boolean }>;
  };
  kinds: { service: KindView; anon: KindView };
}

/** `total` requests spread by share, 8 at a time; resolves with the failures. */
async function load(total: number, signal?: { stop: boolean }): Promise<string[]> {
  const queue: Array<{ url: string }> = [];
  PLAN.slice(0, instances.length).forEach((p, i) => {
    const n = Math.round(total * p.share);
    for (let k = 0; k < n; k++)
      queue.push({ url: `${instances[i]!.url}/api/admin/demo/slow-query?ms=${p.sleepMs}` });
  });
  // Interleave so every instance is busy at once.
  queue.sort(() => 0.5 - Math.random());
  const failures: string[] = [];
  const worker = async () => {
    for (let job = queue.pop(); job && !signal?.stop; job = queue.pop()) {
      const res = await fetch(job.url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      if (res.status !== 200) failures.push(`${job.url} → ${res.status} ${await res.text()}`);
      else await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return failures;
}

function exactPercentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  instances = await Promise.all(
    PLAN.map((p) =>
      startInstance({
        id: `fleet-${p.name}-${randomUUID().slice(0, 4)}`,
        env: {
          ADMIN_TOKEN,
          FLEET_KEY_PREFIX: prefix,
          FLEET_FLUSH_MS: '1000',
          FLEET_INSTANCE_TTL_MS: '10000',
          // One probe per kind for the whole test, so reading figures adds no calls later.
          HEALTH_PROBE_TTL_MS: '600000',
          DB_CALL_LOG: join(logDir, `${p.name}.ndjson`),
          NEXT_MANUAL_SIG_HANDLE: 'true',
        },
      }),
    ),
  );
});

test.afterAll(async () => {
  await prometheus?.stop();
  const state = readState(process.env.E2E_STACK!);
  if (state) await startService(state, 'redis');
  await Promise.all(instances.map((i) => i.stop()));
});

test('three instances: the fleet adds up exactly, percentiles within 1 %, Prometheus agrees', async () => {
  test.setTimeout(300_000);
  prometheus = await startPrometheus({
    stackDir: stackDir(process.env.E2E_STACK!),
    targets: instances.map((i) => `127.0.0.1:${i.port}`),
    token: healthToken(),
  });
  // Each instance's probes run once (their TTL outlasts the test), before the load.
  for (const i of instances) await getJson<DbView>(`${i.url}/api/health/db?scope=instance`);

  expect(await load(REQUESTS)).toEqual([]);
  await new Promise((r) => setTimeout(r, 2_500)); // two flush intervals

  // From any instance: the fleet, and each instance's own count.
  for (const asker of instances) {
    const fleet = await getJson<DbView>(`${asker.url}/api/health/db?scope=fleet`);
    expect(fleet.scope).toMatchObject({
      scope: 'fleet',
      fleetAvailable: true,
      reporting: 3,
      listed: 3,
    });
    const own = await Promise.all(
      instances.map((i) =>
        getJson<DbView>(`${asker.url}/api/health/db?scope=instance&instance=${i.id}`),
      ),
    );
    for (const kind of ['service', 'anon'] as const) {
      const sum = own.reduce((n, v) => n + v.kinds[kind].lifetime.calls, 0);
      expect(fleet.kinds[kind].lifetime.calls, `${kind} calls asked of ${asker.id}`).toBe(sum);
    }
    // The shares follow the load (70/20/10 % of the requests; the probes are a few calls more).
    const shares = Object.fromEntries(fleet.scope.instances.map((r) => [r.id, r.share]));
    expect(shares[instances[0]!.id]!).toBeGreaterThan(shares[instances[1]!.id]!);
    expect(shares[instances[1]!.id]!).toBeGreaterThan(shares[instances[2]!.id]!);
  }

  // The fleet, read before the instances stop, against every duration they measured.
  const fleet = await getJson<DbView>(`${instances[1]!.url}/api/health/db?scope=fleet`);
  // Prometheus: the last successful scrape of every instance after the load.
  const loadEnded = Date.now() / 1000;
  await expect
    .poll(() => prometheus!.value('min(timestamp(process_cpu_seconds_total{job="app"}))'), {
      timeout: 30_000,
    })
    .toBeGreaterThan(loadEnded + 0.5);
  const promP99 = await prometheus.value(
    'histogram_quantile(0.99, sum by (le) (db_call_duration_seconds_bucket{kind="service"}))',
  );

  await Promise.all(instances.map((i) => i.stop())); // graceful: the call logs are closed
  const lines = PLAN.flatMap((p) =>
    readFileSync(join(logDir, `${p.name}.ndjson`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { kind: string; label: string; durationMs?: number }),
  ).filter((l) => l.durationMs !== undefined);
  const loadCalls = lines.filter((l) => l.label === 'demo.slow_query');
  const probeCalls = lines.filter((l) => l.label.startsWith('health.'));
  expect(loadCalls).toHaveLength(REQUESTS);
  expect(lines.length).toBe(loadCalls.length + probeCalls.length);
  const fleetCalls = fleet.kinds.service.lifetime.calls + fleet.kinds.anon.lifetime.calls;
  expect(fleetCalls).toBe(lines.length);

  const service = lines
    .filter((l) => l.kind === 'service')
    .map((l) => l.durationMs!)
    .sort((a, b) => a - b);
  const got = fleet.kinds.service.lifetime.latency;
  expect(got.count).toBe(service.length);
  const report: string[] = [];
  for (const [p, value] of [
    [0.5, got.p50Ms],
    [0.95, got.p95Ms],
    [0.99, got.p99Ms],
  ] as const) {
    const exact = exactPercentile(service, p);
    report.push(`p${p * 100} ${value} ms vs exact ${exact.toFixed(3)} ms`);
    expect(Math.abs(value - exact) / exact, `p${p * 100}`).toBeLessThanOrEqual(0.01);
  }
  expect(promP99).toBeDefined();
  // Prometheus's buckets are coarse (le: … 50, 75, 100 ms …): within the width of the bucket
  // the API's p99 falls in.
  const bounds = [1, 2, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 2_000];
  const upper = bounds.find((b) => b >= got.p99Ms) ?? Infinity;
  const lower = [...bounds].reverse().find((b) => b < got.p99Ms) ?? 0;
  console.log(
    `[fleet] ${fleetCalls} calls (${REQUESTS} load + ${probeCalls.length} probes); ${report.join('; ')}; ` +
      `Prometheus p99 ${(promP99! * 1000).toFixed(2)} ms (bucket ${lower}–${upper} ms)`,
  );
  expect(Math.abs(promP99! * 1000 - got.p99Ms)).toBeLessThanOrEqual(upper - lower);
});

test('Redis stopped under load: no request fails, memory stays bounded, the view says local; back: fleet resumes', async () => {
  test.setTimeout(240_000);
  const own = `fleet:e2e-redis-${randomUUID().slice(0, 8)}:`;
  instances = await Promise.all(
    PLAN.slice(0, 2).map((p) =>
      startInstance({
        id: `fleet-r${p.name}-${randomUUID().slice(0, 4)}`,
        env: {
          ADMIN_TOKEN,
          FLEET_KEY_PREFIX: own,
          FLEET_FLUSH_MS: '1000',
          NEXT_MANUAL_SIG_HANDLE: 'true',
        },
      }),
    ),
  );
  const state = readState(process.env.E2E_STACK!)!;
  const heap = async (i: AppInstance) =>
    (
      await getJson<{ process: { memory: { heapUsedBytes: number } } }>(
        `${i.url}/api/health/detailed`,
      )
    ).process.memory.heapUsedBytes;
  expect((await getJson<DbView>(`${instances[0]!.url}/api/health/db`)).scope.fleetAvailable).toBe(
    true,
  );
  const heapBefore = await heap(instances[0]!);
  await stopService(state, 'redis');
  try {
    const stop = { stop: false };
    const during = load(2_000, stop);
    await new Promise((r) => setTimeout(r, 15_000)); // fifteen failed flushes each
    stop.stop = true;
    expect(await during).toEqual([]);
    const local = await getJson<DbView>(`${instances[0]!.url}/api/health/db`);
    expect(local.scope).toMatchObject({ scope: 'instance', fleetAvailable: false });
    expect(local.scope.subject).toBe(instances[0]!.id);
    expect(local.kinds.service.lifetime.calls).toBeGreaterThan(0);
    // What waits for Redis is bounded by design (an hour of buckets at most; the integration
    // test runs two hours of outage through it): here, about one fine bucket per 5 s of the
    // outage plus its coarse ones; the heap only sways with the load's garbage.
    const { pendingBuckets, failures, skipped } = local.scope.publishing;
    expect(failures + skipped).toBeGreaterThanOrEqual(10);
    expect(pendingBuckets).toBeGreaterThan(0);
    expect(pendingBuckets).toBeLessThanOrEqual(12);
    const grown = (await heap(instances[0]!)) - heapBefore;
    console.log(
      `[fleet] Redis down 15 s under load: ${pendingBuckets} buckets pending, heap ${(grown / 2 ** 20).toFixed(1)} MB`,
    );
    expect(grown).toBeLessThan(200 * 2 ** 20);
  } finally {
    await startService(state, 'redis');
  }
  await expect
    .poll(async () => (await getJson<DbView>(`${instances[1]!.url}/api/health/db`)).scope, {
      timeout: 30_000,
    })
    .toMatchObject({ scope: 'fleet', fleetAvailable: true, reporting: 2 });
});

test('a process that may freeze publishes after its responses (Next after()), not only on its timer', async () => {
  test.setTimeout(120_000);
  const other = `fleet:e2e-after-${randomUUID().slice(0, 8)}:`;
  // No flush timer at all (FLEET_TIMER=0, as for serverless): only responses can publish.
  const frozen = await startInstance({
    id: `fleet-after-${randomUUID().slice(0, 4)}`,
    env: { ADMIN_TOKEN, FLEET_KEY_PREFIX: other, FLEET_FLUSH_MS: '1000', FLEET_TIMER: '0' },
  });
  const reader = await startInstance({
    id: `fleet-reader-${randomUUID().slice(0, 4)}`,
    env: { ADMIN_TOKEN, FLEET_KEY_PREFIX: other, FLEET_FLUSH_MS: '1000' },
  });
  instances.push(frozen, reader);
  const own = async () => {
    const res = await fetch(`${reader.url}/api/health/db?scope=instance&instance=${frozen.id}`, {
      headers: auth(),
    });
    return res.status === 200 ? ((await res.json()) as DbView).kinds.service.lifetime.calls : -1;
  };
  await new Promise((r) => setTimeout(r, 1_200)); // a flush is due at its next response
  const call = () =>
    fetch(`${frozen.url}/api/admin/demo/slow-query?ms=1`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
  expect((await call()).status).toBe(200);
  // Published after that response: the reader sees the call.
  await expect.poll(own, { timeout: 10_000 }).toBe(1);
  // Further responses within the interval do not publish; the first one after it does.
  expect((await call()).status).toBe(200);
  await new Promise((r) => setTimeout(r, 1_500));
  expect(await own()).toBe(1);
  expect((await call()).status).toBe(200);
  await expect.poll(own, { timeout: 10_000 }).toBe(3);
});
