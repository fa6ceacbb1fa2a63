// lib/db wrapper benchmark. Prints, measured side by side in one run:
//  1. the wrapper's own overhead per call on a no-op callback with every feature on, beside the
//     same composition built from opossum (bare fire()) and cockatiel
//     (wrap(bulkhead, timeout, retry, circuitBreaker)), interleaved round by round;
//  2. the latency it adds over a raw supabase-js call to the local stack (p50, p99, ratio);
//  3. heap growth after one million recorded calls.
// Run: npm run bench:db
import { createClient } from '@supabase/supabase-js';
import {
  ConsecutiveBreaker,
  ExponentialBackoff,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleAll,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import OpossumBreaker from 'opossum';
import { createKindClient } from '../lib/db/clients';
import { DB_PRESETS } from '../lib/db/db-config';
import { DbExecutor } from '../lib/db/db-executor';
import { DeadlineTimer } from '../lib/resilience';
import { serverEnv, type ServerEnv } from '../lib/env';
import { fmt, median, percentile, table } from './bench-util';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const CALLS_PER_ROUND = Number(process.env.BENCH_CALLS ?? 20_000);
const LATENCY_CALLS = Number(process.env.BENCH_LATENCY_CALLS ?? 2_000);
const HEAP_CALLS = 1_000_000;

const gc = (globalThis as { gc?: () => void }).gc;

function wrapperFor(env: ServerEnv): DbExecutor {
  return new DbExecutor(
    'service',
    { ...DB_PRESETS.production, poolSize: 10 },
    {
      client: createKindClient('service', env),
      timer: new DeadlineTimer({ resolutionMs: 5 }),
    },
  );
}

type Runner = () => Promise<unknown>;

async function timeRound(run: Runner, calls: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await run();
  return Number(process.hrtime.bigint() - started) / calls;
}

async function overhead(env: ServerEnv): Promise<Record<string, number>> {
  const ex = wrapperFor(env);
  // A no-op that answers asynchronously, like a query: the deadline path is exercised.
  const noop = () => Promise.resolve(1);

  const opossum = new OpossumBreaker(async () => 1, {
    timeout: 3_000,
    errorThresholdPercentage: 50,
    resetTimeout: 15_000,
    volumeThreshold: 20,
    rollingCountTimeout: 30_000,
  });
  const cockatiel = wrap(
    bulkhead(10, 200),
    timeout(3_000, TimeoutStrategy.Aggressive),
    retry(handleAll, {
      maxAttempts: 2,
      backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2_000 }),
    }),
    circuitBreaker(handleAll, { halfOpenAfter: 15_000, breaker: new ConsecutiveBreaker(10) }),
  );

  const runners: Record<string, Runner> = {
    'lib/db wrapper': () => ex.run(noop),
    'opossum fire()': () => opossum.fire(),
    'cockatiel wrap(4)': () => cockatiel.execute(noop),
  };
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(runners).map((k) => [k, []]),
  );
  for (const run of Object.values(runners)) await timeRound(run, CALLS_PER_ROUND); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const names = Object.keys(runners);
    // Rotate the order each round so no contender always runs first after GC or JIT work.
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]!;
      samples[name]!.push(await timeRound(runners[name]!, CALLS_PER_ROUND));
    }
  }
  opossum.shutdown();
  const stats = ex.metrics.stats();
  if (stats.successes < ROUNDS * CALLS_PER_ROUND)
    throw new Error('the wrapper did not record every call');
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

async function addedLatency(env: ServerEnv): Promise<{ raw: number[]; wrapped: number[] }> {
  const ex = wrapperFor(env);
  const raw = createClient(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    db: { retry: false },
  });
  const rawTimes: number[] = [];
  const wrappedTimes: number[] = [];
  for (let i = 0; i < 200; i++) {
    await raw.rpc('health_ping');
    await ex.run((db) => db.rpc('health_ping'));
  }
  for (let i = 0; i < LATENCY_CALLS; i++) {
    // Alternate which goes first so neither always meets a warm connection.
    const order = i % 2 === 0;
    for (const which of order ? ['raw', 'wrapped'] : ['wrapped', 'raw']) {
      const t = performance.now();
      if (which === 'raw') {
        const { error } = await raw.rpc('health_ping');
        if (error) throw new Error(`raw call failed: ${error.message}`);
        rawTimes.push(performance.now() - t);
      } else {
        await ex.run((db) => db.rpc('health_ping'));
        wrappedTimes.push(performance.now() - t);
      }
    }
  }
  return { raw: rawTimes, wrapped: wrappedTimes };
}

async function heapGrowth(
  env: ServerEnv,
): Promise<{ before: number; after: number; recorded: number }> {
  if (!gc) throw new Error('run with --expose-gc');
  const ex = wrapperFor(env);
  // A no-op that answers asynchronously, like a query: the deadline path is exercised.
  const noop = () => Promise.resolve(1);
  for (let i = 0; i < 10_000; i++) await ex.run(noop); // allocate lazily built parts first
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < HEAP_CALLS; i++) await ex.run(noop, { context: 'bench' });
  gc();
  const after = process.memoryUsage().heapUsed;
  return { before, after, recorded: ex.metrics.stats().calls };
}

async function main() {
  console.log(
    `node ${process.version}; ${ROUNDS} rounds × ${fmt(CALLS_PER_ROUND)} sequential calls per contender`,
  );

  {
    const env = serverEnv(); // the local stack scripts/bench.ts started

    const o = await overhead(env);
    const mine = o['lib/db wrapper']!;
    console.log('\n1. Overhead per call, no-op callback, every feature on (median of rounds)');
    console.log(
      table([
        ['contender', 'ns/call', 'calls/s', 'vs lib/db'],
        ...Object.entries(o).map(([name, ns]) => [
          name,
          fmt(ns),
          fmt(1e9 / ns),
          `${fmt(ns / mine, 2)}×`,
        ]),
      ]),
    );

    const { raw, wrapped } = await addedLatency(env);
    console.log(
      `\n2. Latency over a raw supabase-js rpc('health_ping') to the local stack (${fmt(LATENCY_CALLS)} calls each, interleaved)`,
    );
    const rows: (string | number)[][] = [['', 'raw ms', 'wrapped ms', 'added ms', 'ratio']];
    for (const [label, p] of [
      ['p50', 0.5],
      ['p99', 0.99],
    ] as const) {
      const r = percentile(raw, p);
      const w = percentile(wrapped, p);
      rows.push([label, fmt(r, 3), fmt(w, 3), fmt(w - r, 3), `${fmt(w / r, 3)}×`]);
    }
    console.log(table(rows));

    const h = await heapGrowth(env);
    console.log(`\n3. Heap after ${fmt(h.recorded)} recorded calls (after gc)`);
    console.log(
      table([
        ['before MB', 'after MB', 'growth MB'],
        [
          fmt(h.before / 2 ** 20, 2),
          fmt(h.after / 2 ** 20, 2),
          fmt((h.after - h.before) / 2 ** 20, 2),
        ],
      ]),
    );
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
