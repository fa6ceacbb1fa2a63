// Pure mappings from the history API's buckets to chart rows: one row per bucket, 5 s wide up to
// an hour's window and 1 min beyond (the answer's `bucketMs`), so rates are per second either way.
import type { HealthHistory, OperationsView } from '@/lib/health';

type DbPoint = HealthHistory['db']['service'][number];
type CachePoint = HealthHistory['cache'][number];
type Transition = HealthHistory['transitions']['service'][number];
export type BreakerStateName = Transition['to'];

export interface DbChartRow {
  readonly t: number;
  /** Peak in-flight / max in the bucket, percent. */
  readonly utilization: number;
  readonly inFlight: number;
  readonly queued: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly callsPerSec: number;
  readonly failuresPerSec: number;
  /** Failed / finished calls in the bucket, percent; null without calls. */
  readonly errorRate: number | null;
  readonly retries: number;
  readonly rejectedBreaker: number;
  readonly rejectedPool: number;
}

export function dbRows(points: readonly DbPoint[], bucketMs: number): DbChartRow[] {
  const perSec = 1000 / bucketMs;
  return points.map((p) => {
    const finished = p.counters.successes + p.counters.failures;
    return {
      t: p.t,
      utilization: round(p.gauges.utilization * 100),
      inFlight: p.gauges.inFlight,
      queued: p.gauges.queued,
      p50: p.latency ? round(p.latency.p50Ms) : null,
      p95: p.latency ? round(p.latency.p95Ms) : null,
      p99: p.latency ? round(p.latency.p99Ms) : null,
      callsPerSec: round(p.counters.calls * perSec),
      failuresPerSec: round(p.counters.failures * perSec),
      errorRate: finished === 0 ? null : round((p.counters.failures / finished) * 100),
      retries: p.counters.retries,
      rejectedBreaker: p.counters.rejectedBreaker,
      rejectedPool: p.counters.rejectedPool,
    };
  });
}

export interface CacheChartRow {
  readonly t: number;
  /** Hits / lookups in the bucket, percent; null without lookups. */
  readonly hitRate: number | null;
  readonly hits: number;
  readonly misses: number;
  readonly bypasses: number;
  readonly errors: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly connected: number;
}

export function cacheRows(points: readonly CachePoint[]): CacheChartRow[] {
  return points.map((p) => {
    const lookups = p.counters.hits + p.counters.misses;
    return {
      t: p.t,
      hitRate: lookups === 0 ? null : round((p.counters.hits / lookups) * 100),
      hits: p.counters.hits,
      misses: p.counters.misses,
      bypasses: p.counters.bypasses,
      errors: p.counters.errors,
      p50: p.latency ? round(p.latency.p50Ms, 3) : null,
      p95: p.latency ? round(p.latency.p95Ms, 3) : null,
      p99: p.latency ? round(p.latency.p99Ms, 3) : null,
      connected: p.gauges.connected,
    };
  });
}

export interface BreakerBand {
  readonly from: number;
  readonly to: number;
  readonly state: BreakerStateName;
}

/**
 * The breaker's states as bands over [start, end]: the state before the first transition in the
 * window is where that transition came from (or the current state when nothing happened).
 */
export function breakerBands(
  transitions: readonly Transition[],
  current: BreakerStateName,
  start: number,
  end: number,
): BreakerBand[] {
  const inWindow = transitions
    .filter((t) => t.at >= start && t.at <= end)
    .sort((a, b) => a.at - b.at);
  const bands: BreakerBand[] = [];
  let state: BreakerStateName = inWindow[0]?.from ?? current;
  let from = start;
  for (const t of inWindow) {
    if (t.at > from) bands.push({ from, to: t.at, state });
    state = t.to;
    from = t.at;
  }
  if (end > from) bands.push({ from, to: end, state });
  return bands;
}

type OperationPoint = NonNullable<OperationsView['detail']>['points'][number];

export interface OperationChartRow {
  readonly t: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly callsPerSec: number;
  /** Calls in the bucket (the chart draws counts: most operations are rarer than one a second). */
  readonly calls: number;
  readonly failures: number;
  /** Calls that ran to an answer (a latency): successes and failures, not refusals. */
  readonly finished: number;
  /** Breaker and pool refusals in the bucket. */
  readonly rejected: number;
  /** Failed / finished calls in the bucket, percent; null without finished calls. */
  readonly errorRate: number | null;
}

/**
 * One operation's points (its drill-down) as chart rows. Finished calls are those with a
 * latency: refusals never ran, so they are counted apart from the error rate, as the API does.
 */
export function operationChartRows(
  points: readonly OperationPoint[],
  bucketMs: number,
): OperationChartRow[] {
  const perSec = bucketMs > 0 ? 1000 / bucketMs : 0;
  return points.map((p) => {
    const finished = p.latency?.count ?? 0;
    return {
      t: p.t,
      p50: p.latency ? round(p.latency.p50Ms) : null,
      p95: p.latency ? round(p.latency.p95Ms) : null,
      p99: p.latency ? round(p.latency.p99Ms) : null,
      callsPerSec: round(p.calls * perSec),
      calls: p.calls,
      failures: p.failures,
      finished,
      rejected: p.rejected,
      errorRate: finished === 0 ? null : round((Math.min(p.failures, finished) / finished) * 100),
    };
  });
}

/** The rows' bucket width (the gap between the first two), for time labels; 5 s for fewer rows. */
export function rowsBucketMs(rows: readonly { readonly t: number }[]): number {
  const [a, b] = rows;
  return a && b && b.t > a.t ? b.t - a.t : 5_000;
}

/** When the first row that `hasData` accepts starts (epoch ms), or undefined when none does. */
export function firstDataAt<R extends { readonly t: number }>(
  rows: readonly R[],
  hasData: (row: R) => boolean,
): number | undefined {
  return rows.find(hasData)?.t;
}

/**
 * Whether row `i` has a value for `key` with none on either side: a line that skips empty
 * buckets draws no segment for it, so it needs a dot of its own (a short burst of calls on one
 * instance is often a single bucket).
 */
export function isolatedPoint<R>(rows: readonly R[], i: number, key: keyof R): boolean {
  const has = (j: number) => rows[j]?.[key] !== null && rows[j]?.[key] !== undefined;
  return has(i) && !has(i - 1) && !has(i + 1);
}

function round(n: number, digits = 2): number {
  return Math.round(n * 10 ** digits) / 10 ** digits;
}
