// A real Prometheus scraping three `next start` instances under uneven load (70/20/10% of the
// requests): histogram_quantile over the buckets summed across instances gives the fleet p99 that
// the instances' own exposed buckets give, within one bucket width. promtool accepts every
// instance's exposition.
import { expect, test } from '@playwright/test';
import { stackDir } from '../scripts/stack/index.ts';
import {
  bucketDelta,
  histogramQuantile,
  parseExposition,
  summedBuckets,
  type Bucket,
  type Exposition,
} from '../scripts/testing/exposition';
import { promtool, startPrometheus, type PrometheusServer } from '../scripts/testing/prometheus';
import { startInstance, type AppInstance } from './instances';
import { unevenLoad } from './notes-load';
import { healthToken } from './support';

const SHARES = [0.7, 0.2, 0.1] as const;
const REQUESTS = 450;

let instances: AppInstance[] = [];
let prometheus: PrometheusServer | undefined;

test.afterAll(async () => {
  await prometheus?.stop();
  await Promise.all(instances.map((i) => i.stop()));
});

async function metricsText(instance: AppInstance): Promise<string> {
  const res = await fetch(`${instance.url}/api/health/metrics`, {
    headers: { authorization: `Bearer ${healthToken()}` },
  });
  expect(res.status).toBe(200);
  return res.text();
}

const scrapeAll = async () =>
  Promise.all(instances.map(async (i) => parseExposition(await metricsText(i))));
const durations = (e: Exposition) => summedBuckets(e, 'db_call_duration_seconds');

function sum(lists: readonly Bucket[][]): Bucket[] {
  return lists[0]!.map((b, i) => ({ le: b.le, count: lists.reduce((n, l) => n + l[i]!.count, 0) }));
}

test('fleet p99 from Prometheus over three instances matches their summed buckets', async () => {
  test.setTimeout(300_000);
  instances = await Promise.all(SHARES.map(() => startInstance()));
  for (const instance of instances) {
    const r = promtool(['check', 'metrics'], await metricsText(instance));
    expect(r, `promtool check metrics on ${instance.url}`).toEqual({ code: 0, out: '' });
  }

  const stack = process.env.E2E_STACK!;
  prometheus = await startPrometheus({
    stackDir: stackDir(stack),
    targets: instances.map((i) => `127.0.0.1:${i.port}`),
    token: healthToken(),
  });
  await expect
    .poll(() => prometheus!.value('sum(up{job="app"})'), { timeout: 30_000 })
    .toBe(instances.length);

  const before = await scrapeAll();
  // Prometheus's own "before": a time by which it has scraped every instance after the test's
  // scrape, and before the load starts. The comparison below is then of the same calls on both
  // sides (a rate() window would start wherever its rounding put it, take in calls made before the
  // load, and extrapolate per target).
  const scrapedBefore = Date.now() / 1000;
  await expect
    .poll(() => prometheus!.value('min(timestamp(process_cpu_seconds_total{job="app"}))'), {
      timeout: 30_000,
    })
    .toBeGreaterThan(scrapedBefore + 0.05);
  const t0 = Date.now() / 1000;
  const results = await unevenLoad(
    instances.map((i) => i.url),
    SHARES,
    REQUESTS,
  );
  expect(results.flatMap((r) => r.failures)).toEqual([]);
  // Wait until Prometheus has scraped every instance successfully after the last call (a series
  // gets a sample only from a scrape that worked), so it holds all of the load.
  const loadEnded = Date.now() / 1000;
  await expect
    .poll(() => prometheus!.value('min(timestamp(process_cpu_seconds_total{job="app"}))'), {
      timeout: 30_000,
    })
    .toBeGreaterThan(loadEnded + 0.5);
  const after = await scrapeAll();
  const endedAt = Date.now() / 1000;

  const perInstance = after.map((e, i) => bucketDelta(durations(e), durations(before[i]!)));
  const counts = perInstance.map((b) => b.at(-1)!.count);
  // Every request made at least one database call, and the load was uneven.
  expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(REQUESTS / 3);
  expect(counts[0]!).toBeGreaterThan(counts[1]!);
  expect(counts[1]!).toBeGreaterThan(counts[2]!);

  const exact = histogramQuantile(0.99, sum(perInstance));
  const fleetP99 = await prometheus.value(
    'histogram_quantile(0.99, sum by (le) (db_call_duration_seconds_bucket) - ' +
      `sum by (le) (db_call_duration_seconds_bucket @ ${t0.toFixed(3)}))`,
    endedAt,
  );
  if (fleetP99 === undefined) throw new Error('Prometheus returned no fleet p99');
  const width = exact.upper - exact.lower;
  console.log(
    `calls per instance ${counts.join(' / ')}; fleet p99: Prometheus ${fleetP99} s, ` +
      `instances' summed buckets ${exact.value} s (bucket ${exact.lower}..${exact.upper} s)`,
  );
  expect(Number.isFinite(width), `p99 bucket ${exact.lower}..${exact.upper}`).toBe(true);
  expect(
    Math.abs(fleetP99 - exact.value),
    `Prometheus ${fleetP99} s vs the instances' buckets ${exact.value} s (bucket ${exact.lower}..${exact.upper})`,
  ).toBeLessThanOrEqual(width);
});
