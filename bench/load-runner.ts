// Load scenarios shared by the load benchmark (bench/load.bench.ts, which prints figures) and the
// load test (bench/load.int.test.ts, which asserts the success rate): a burst of N concurrent
// calls, and a long run of calls at a fixed concurrency. Each call is timed from the caller's side,
// queueing in the pool included.
import { isAppError } from '../lib/errors';
import { percentile } from './bench-util';

export interface LoadResult {
  readonly scenario: string;
  readonly calls: number;
  readonly successes: number;
  /** Failures by error code ('ERROR' for anything that is not an AppError). */
  readonly failures: Readonly<Record<string, number>>;
  readonly latenciesMs: readonly number[];
  readonly wallMs: number;
}

export interface LoadFigures {
  readonly successRate: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly callsPerSecond: number;
}

async function timed(
  call: () => Promise<unknown>,
  latencies: number[],
  failures: Record<string, number>,
): Promise<boolean> {
  const started = performance.now();
  try {
    await call();
    return true;
  } catch (err) {
    const code = isAppError(err) ? err.code : 'ERROR';
    failures[code] = (failures[code] ?? 0) + 1;
    return false;
  } finally {
    latencies.push(performance.now() - started);
  }
}

/** `n` calls started at once. */
export async function burst(n: number, call: () => Promise<unknown>): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const failures: Record<string, number> = {};
  const started = performance.now();
  const ok = await Promise.all(Array.from({ length: n }, () => timed(call, latenciesMs, failures)));
  return {
    scenario: `${n} concurrent`,
    calls: n,
    successes: ok.filter(Boolean).length,
    failures,
    latenciesMs,
    wallMs: performance.now() - started,
  };
}

/** `total` calls by `concurrency` callers, each starting its next call when the last one ends. */
export async function sustained(
  total: number,
  concurrency: number,
  call: () => Promise<unknown>,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const failures: Record<string, number> = {};
  let started = 0;
  let successes = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (started < total) {
        started += 1;
        if (await timed(call, latenciesMs, failures)) successes += 1;
      }
    }),
  );
  return {
    scenario: `${total} sustained (${concurrency} at a time)`,
    calls: total,
    successes,
    failures,
    latenciesMs,
    wallMs: performance.now() - t0,
  };
}

export function figures(r: LoadResult): LoadFigures {
  return {
    successRate: r.successes / r.calls,
    p50Ms: percentile(r.latenciesMs, 0.5),
    p95Ms: percentile(r.latenciesMs, 0.95),
    p99Ms: percentile(r.latenciesMs, 0.99),
    maxMs: Math.max(...r.latenciesMs),
    callsPerSecond: (r.calls / r.wallMs) * 1000,
  };
}
