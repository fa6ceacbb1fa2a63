// lib/db wrapper benchmark. Prints, measured side by side in one run:
//  1. the wrapper's own overhead per call on a no-op callback with every feature on, beside the
//     same composition built from opossum (bare fire()) and cockatiel
//     (wrap(bulkhead, timeout, retry, circuitBreaker)), interleaved round by round;
//  2. the latency it adds over a raw supabase-js call to the local stack (p50, p99, ratio), with
//     OpenTelemetry off (no observer: how the app runs unconfigured) and on (a span per call and
//     per attempt, traceparent on every request, the duration histogram; sampler 1.0, a batch
//     processor and a no-op exporter), the three interleaved call for call;
//  3. heap growth after one million recorded calls.
// Run: npm run bench:db
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { propagation } from '@opentelemetry/api';
import { ExportResultCode, W3CTraceContextPropagator } from '@opentelemetry/core';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  TracerProvider,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { createKindClient } from '../lib/db/clients';
import { DB_PRESETS } from '../lib/db/db-config';
import { DbExecutor } from '../lib/db/db-executor';
import { DeadlineTimer } from '../lib/resilience';
import { serverEnv, type ServerEnv } from '../lib/env';
import { DbTracing } from '../lib/telemetry/db-tracing';
import { fmt, median, percentile, table } from './bench-util';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const CALLS_PER_ROUND = Number(process.env.BENCH_CALLS ?? 20_000);
const LATENCY_ROUNDS = Number(process.env.BENCH_LATENCY_ROUNDS ?? 30);
const LATENCY_CALLS_PER_ROUND = Number(process.env.BENCH_LATENCY_CALLS ?? 200);
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

const CONTENDERS = ['raw', 'wrapped', 'wrapped + tracing'] as const;
type Contender = (typeof CONTENDERS)[number];
type LatencyRounds = Record<'p50' | 'p99', Record<Contender, number[]>>;

/** Spans go nowhere, as fast as an exporter can: what is measured is the recording. */
const noopExporter: SpanExporter = {
  export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }),
  shutdown: () => Promise.resolve(),
};

/** A reader that never collects: the histogram still aggregates every recorded call. */
class IdleReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A wrapper traced as the app is with OpenTelemetry on (see lib/telemetry/start-telemetry.ts). */
function tracedWrapperFor(env: ServerEnv): { ex: DbExecutor; shutdown: () => Promise<void> } {
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const tracerProvider = new TracerProvider({
    sampler: new AlwaysOnSampler(),
    spanProcessors: [new BatchSpanProcessor({ exporter: noopExporter })],
  });
  const meterProvider = new MeterProvider({ readers: [new IdleReader()] });
  const ex = wrapperFor(env);
  const tracing = new DbTracing({
    tracer: tracerProvider.getTracer('bench'),
    meter: meterProvider.getMeter('bench'),
    pools: {
      kinds: ['service'],
      read: () =>
        ({
          service: {
            inFlight: ex.pool.inFlight,
            queued: ex.pool.queued,
            max: ex.pool.maxConcurrent,
            breaker: ex.breaker.state.name,
          },
        }) as never,
    },
    supabaseUrl: env.SUPABASE_URL,
  });
  ex.observer = tracing;
  ex.breaker.onTransition((t) => tracing.breakerTransition('service', t));
  return {
    ex,
    shutdown: async () => {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
      propagation.disable();
    },
  };
}

/**
 * Raw supabase-js against the wrapper with tracing off and on, on the same stack, call for call
 * (the order rotates), in many short rounds: each round gives a p50 and a p99 per contender, and
 * the figures are the medians of those, so a burst of noise on this shared machine moves one
 * round, not the result.
 */
async function addedLatency(env: ServerEnv): Promise<LatencyRounds> {
  const ex = wrapperFor(env);
  const traced = tracedWrapperFor(env);
  const raw = createClient(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    db: { retry: false },
  });
  const callers: Record<Contender, () => Promise<unknown>> = {
    raw: async () => {
      const { error } = await raw.rpc('health_ping');
      if (error) throw new Error(`raw call failed: ${error.message}`);
    },
    wrapped: () => ex.run((db) => db.rpc('health_ping')),
    'wrapped + tracing': () => traced.ex.run((db) => db.rpc('health_ping')),
  };
  if (ex.observer !== undefined) throw new Error('the untraced wrapper must have no observer');
  for (let i = 0; i < 300; i++) for (const c of CONTENDERS) await callers[c]();
  const out: LatencyRounds = {
    p50: { raw: [], wrapped: [], 'wrapped + tracing': [] },
    p99: { raw: [], wrapped: [], 'wrapped + tracing': [] },
  };
  for (let r = 0; r < LATENCY_ROUNDS; r++) {
    const times: Record<Contender, number[]> = { raw: [], wrapped: [], 'wrapped + tracing': [] };
    for (let i = 0; i < LATENCY_CALLS_PER_ROUND; i++) {
      for (let k = 0; k < CONTENDERS.length; k++) {
        const c = CONTENDERS[(i + r + k) % CONTENDERS.length]!;
        const t = performance.now();
        await callers[c]();
        times[c].push(performance.now() - t);
      }
    }
    for (const c of CONTENDERS) {
      out.p50[c].push(percentile(times[c], 0.5));
      out.p99[c].push(percentile(times[c], 0.99));
    }
  }
  await traced.shutdown();
  return out;
}

/** A local port that refuses connections (as a stopped PostgREST does). */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

interface Drain {
  /** Opening failure → the executor's transition work done: every queued call rejected. */
  rejected: number[];
  /** → the first queued caller's handler (promise handlers run only after the pass). */
  first: number[];
  /** → the last of the 990 callers' handlers. */
  last: number[];
}

/**
 * Calls queued for the pool when the breaker opens end at once. The breaker opens as it does in
 * production: its fifth consecutive failure is a real call to a refused port, made while nine
 * calls hold pool slots and 990 calls of an operation it has seen are queued. Times from that
 * failure (read before the breaker records it).
 */
async function shortCircuitDrain(env: ServerEnv): Promise<Drain> {
  const down = createKindClient('service', {
    ...env,
    SUPABASE_URL: `http://127.0.0.1:${await refusedPort()}`,
  });
  const out: Drain = { rejected: [], first: [], last: [] };
  for (let round = 0; round < 20; round++) {
    const ex = new DbExecutor(
      'service',
      {
        ...DB_PRESETS.production,
        poolSize: 10,
        queueSize: 2_000,
        queueTimeoutMs: 60_000,
        maxAttempts: 1,
        breakerConsecutiveFailures: 5,
      },
      { client: down, timer: new DeadlineTimer({ resolutionMs: 5 }) },
    );
    const call = () =>
      ex.run((db) => db.rpc('health_ping', undefined, { get: true }), { context: 'notes.list' });
    for (let i = 0; i < 4; i++) await call().catch(() => undefined);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const holders = Array.from({ length: 9 }, () => ex.run(() => gate));
    let opened = 0;
    let rejected = 0;
    const onFailure = ex.breaker.onFailure.bind(ex.breaker);
    ex.breaker.onFailure = (reason) => {
      const at = performance.now();
      onFailure(reason);
      if (opened === 0 && ex.breaker.state.name === 'open') opened = at;
    };
    // Runs after the executor's own listener, which rejects the queue and records it.
    ex.breaker.onTransition((t) => {
      if (t.to === 'open' && rejected === 0) rejected = performance.now();
    });
    const failing = call().catch(() => undefined);
    let first = 0;
    let last = 0;
    const queued = Array.from({ length: 990 }, () =>
      call().then(
        () => undefined,
        () => {
          last = performance.now();
          if (first === 0) first = last;
        },
      ),
    );
    await failing;
    await Promise.all(queued);
    if (ex.metrics.stats().rejections.breaker !== 990)
      throw new Error('2b: not all short-circuited');
    out.rejected.push(rejected - opened);
    out.first.push(first - opened);
    out.last.push(last - opened);
    release();
    await Promise.all(holders);
  }
  return out;
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

    const lat = await addedLatency(env);
    console.log(
      `\n2. Latency over a raw supabase-js rpc('health_ping') to the local stack, OpenTelemetry off (no observer) and on (sampler 1.0, no-op exporter) (${LATENCY_ROUNDS} rounds × ${fmt(LATENCY_CALLS_PER_ROUND)} calls each, interleaved; medians of the round figures)`,
    );
    const rows: (string | number)[][] = [
      ['', 'raw ms', 'off ms', 'on ms', 'off − raw', 'on − off', 'on vs off'],
    ];
    for (const label of ['p50', 'p99'] as const) {
      const r = median(lat[label].raw);
      const off = median(lat[label].wrapped);
      const on = median(lat[label]['wrapped + tracing']);
      rows.push([
        label,
        fmt(r, 4),
        fmt(off, 4),
        fmt(on, 4),
        `${fmt(off - r, 4)} ms (${fmt((100 * (off - r)) / r, 2)}%)`,
        `${fmt(on - off, 4)} ms`,
        `${fmt((100 * (on - off)) / off, 2)}%`,
      ]);
    }
    console.log(table(rows));

    const drain = await shortCircuitDrain(env);
    console.log(
      `\n2b. Breaker opens (5th consecutive failure, a refused connection) with 990 calls queued for the pool: from that failure to every queued call rejected, to the first and to the last caller's handler (20 rounds; round 1 is the first opening in this process)`,
    );
    console.log(
      table([
        ['', 'round 1 ms', 'median ms', 'min ms', 'max ms'],
        ...(
          [
            ['all rejected', drain.rejected],
            ['first handler', drain.first],
            ['last handler', drain.last],
          ] as const
        ).map(([name, xs]) => [
          name,
          fmt(xs[0]!, 3),
          fmt(median(xs), 3),
          fmt(Math.min(...xs), 3),
          fmt(Math.max(...xs), 3),
        ]),
      ]),
    );

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
