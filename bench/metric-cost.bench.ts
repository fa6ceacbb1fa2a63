// The hot-path cost of the Prometheus histogram, measured side by side in one run:
//  1. one observation: prom-client's Histogram.observe({ kind }, seconds) with the 18 bounds of
//     db_call_duration_seconds, against BucketCounts.record(ms) (lib/metrics, what
//     DbMetrics.callFinished does; exposed at scrape time), LatencyHistogram.record(ms) (which
//     callFinished already did) for scale, and an empty function for the loop's own cost;
//  2. a whole wrapped call (DbExecutor.run on a no-op, as in bench:db) with the BucketCounts line
//     and with it replaced by a no-op, in paired batches: the difference is that line's share.
// Contenders run in interleaved rounds whose order rotates. Prints medians; asserts nothing (the
// machine is shared).
// Run: npm run bench metric-cost
import { Histogram, Registry } from 'prom-client';
import { createKindClient } from '../lib/db/clients';
import { DB_PRESETS } from '../lib/db/db-config';
import { DbExecutor } from '../lib/db/db-executor';
import { serverEnv } from '../lib/env';
import { BucketCounts, CALL_LATENCY_BOUNDS_MS, LatencyHistogram } from '../lib/metrics';
import { DeadlineTimer } from '../lib/resilience';
import { fmt, median, percentile, table } from './bench-util';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const PER_ROUND = Number(process.env.BENCH_CALLS ?? 1_000_000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 401);
const BATCH = 2_000;

let seed = 42;
const uniform = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const values = Float64Array.from({ length: 4_096 }, () => {
  const normal = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return Math.exp(Math.log(5) + normal); // ms
});
const mask = values.length - 1;

const promHistogram = new Histogram({
  name: 'bench_call_duration_seconds',
  help: 'bench',
  labelNames: ['kind'] as const,
  buckets: CALL_LATENCY_BOUNDS_MS.map((ms) => ms / 1000),
  registers: [new Registry()],
});
const buckets = new BucketCounts(CALL_LATENCY_BOUNDS_MS);
const hdr = new LatencyHistogram();
const labels = { kind: 'service' };

const contenders: Record<string, (ms: number) => void> = {
  'empty function (loop and call)': () => {},
  'prom-client Histogram.observe({kind})': (ms) => promHistogram.observe(labels, ms / 1000),
  'BucketCounts.record(ms)': (ms) => buckets.record(ms),
  'LatencyHistogram.record(ms) (already there)': (ms) => hdr.record(ms),
};

function round(record: (ms: number) => void): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < PER_ROUND; i++) record(values[i & mask]!);
  return Number(process.hrtime.bigint() - started) / PER_ROUND;
}

/** Median ns per unit of each contender over interleaved rounds whose order rotates. */
async function interleaved(
  runners: Record<string, () => number | Promise<number>>,
  rounds: number,
): Promise<Record<string, number>> {
  const names = Object.keys(runners);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) await runners[n]!(); // warm-up: let each one be optimised
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length]!;
      samples[n]!.push(await runners[n]!());
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n]!)]));
}

function wrapper(): DbExecutor {
  return new DbExecutor(
    'service',
    { ...DB_PRESETS.production, poolSize: 10 },
    {
      client: createKindClient('service', serverEnv()),
      timer: new DeadlineTimer({ resolutionMs: 5 }),
    },
  );
}

async function main() {
  console.log(`node ${process.version}`);
  const one = await interleaved(
    Object.fromEntries(Object.entries(contenders).map(([n, record]) => [n, () => round(record)])),
    ROUNDS,
  );
  const loop = one['empty function (loop and call)']!;
  console.log(
    `\n1. One observation (${ROUNDS} rounds × ${fmt(PER_ROUND)}; median ns, then minus the empty loop)`,
  );
  console.log(
    table([
      ['contender', 'ns', 'ns beyond the loop'],
      ...Object.entries(one).map(([n, ns]) => [n, fmt(ns, 1), fmt(ns - loop, 1)]),
    ]),
  );

  const withLine = wrapper();
  const withoutLine = wrapper();
  // The same executor with its BucketCounts replaced by a no-op: what a call cost before.
  Object.defineProperty(withoutLine.metrics, 'durations', { value: { record() {} } });
  const noop = () => Promise.resolve(1);
  const batch = async (ex: DbExecutor) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) await ex.run(noop);
    return Number(process.hrtime.bigint() - started) / BATCH;
  };
  for (let i = 0; i < 20; i++) await Promise.all([batch(withLine), batch(withoutLine)]); // warm-up
  // Paired batches, alternating which goes first: the machine's load changes between pairs far
  // more than within one, so the median of the differences is steadier than a difference of medians.
  const on: number[] = [];
  const off: number[] = [];
  const diff: number[] = [];
  for (let r = 0; r < PAIRS; r++) {
    const a = r % 2 === 0 ? await batch(withLine) : Number.NaN;
    const b = await batch(withoutLine);
    const c = r % 2 === 0 ? a : await batch(withLine);
    on.push(c);
    off.push(b);
    diff.push(c - b);
  }
  const base = median(off);
  console.log(
    `\n2. A wrapped no-op call (${PAIRS} pairs of ${fmt(BATCH)}-call batches; median ns/call)`,
  );
  console.log(
    table([
      ['', 'ns/call'],
      ['DbExecutor.run, BucketCounts.record on', fmt(median(on))],
      ['DbExecutor.run, BucketCounts.record off', fmt(base)],
      [
        'paired difference, median (p25, p75)',
        `${fmt(median(diff))} (${fmt(percentile(diff, 0.25))}, ${fmt(percentile(diff, 0.75))}), ${fmt((median(diff) / base) * 100, 1)}% of a call`,
      ],
    ]),
  );
  const counted = withLine.metrics.durations.snapshot().count;
  if (counted !== (PAIRS + 20) * BATCH) throw new Error(`BucketCounts lost calls: ${counted}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
