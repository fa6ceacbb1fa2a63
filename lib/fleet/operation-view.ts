// Pure views per operation, as Hystrix's dashboard showed per command: a row per (kind,
// operation) over the window with calls/s, error %, latency percentiles from the merged
// histogram, rejections and retries, and a short trend; and one operation's points over time
// for its drill-down. Merged like every fleet figure: counts add, percentiles from one merged
// histogram, error % from summed counts.
import { LatencyHistogram, type LatencySummary } from '../metrics';
import type { FleetData } from './fleet-reader';
import { KINDS, OP_PRECISION_BITS, OpSum, type FleetKind } from './fleet-record';

export interface OperationRow {
  readonly kind: FleetKind;
  readonly name: string;
  readonly calls: number;
  readonly callsPerSecond: number;
  readonly successes: number;
  readonly failures: number;
  /** failures / (successes + failures), 0..1; refusals are apart. */
  readonly errorRate: number;
  readonly failuresByCode: Readonly<Record<string, number>>;
  readonly rejected: { readonly breaker: number; readonly pool: number };
  readonly retries: number;
  readonly latency: LatencySummary;
  /** Its share of its kind's calls, 0..1. */
  readonly share: number;
  /** Calls per bucket of the trend data (oldest first), when trend data was given. */
  readonly trend: readonly number[];
  /** Failures per bucket of the trend data. */
  readonly errorTrend: readonly number[];
}

function sums(data: FleetData, ids?: ReadonlySet<string>): Map<string, OpSum> {
  const out = new Map<string, OpSum>();
  for (const [id, list] of data.records) {
    if (ids && !ids.has(id)) continue;
    for (const { record } of list) {
      for (const kind of KINDS) {
        for (const [name, op] of Object.entries(record.db[kind].o ?? {})) {
          const key = `${kind}\u0000${name}`;
          let sum = out.get(key);
          if (!sum) out.set(key, (sum = new OpSum(true)));
          sum.add(op);
        }
      }
    }
  }
  return out;
}

/** Calls and failures per bucket of `trend` for one operation (zero-filled, oldest first). */
function trendOf(
  trend: FleetData,
  kind: FleetKind,
  name: string,
  ids?: ReadonlySet<string>,
): { calls: number[]; failures: number[] } {
  const last = Math.floor(trend.now / trend.bucketMs) * trend.bucketMs;
  const n = Math.max(1, Math.ceil(trend.windowMs / trend.bucketMs));
  const first = last - (n - 1) * trend.bucketMs;
  const calls = new Array<number>(n).fill(0);
  const failures = new Array<number>(n).fill(0);
  for (const [id, list] of trend.records) {
    if (ids && !ids.has(id)) continue;
    for (const { start, record } of list) {
      const i = Math.round((start - first) / trend.bucketMs);
      const op = record.db[kind].o?.[name];
      if (!op || i < 0 || i >= n) continue;
      calls[i]! += op.c[0] ?? 0;
      failures[i]! += op.c[2] ?? 0;
    }
  }
  return { calls, failures };
}

/**
 * A row per (kind, operation) with figures in `data` (1 min buckets: they carry each
 * operation's histogram and errors), busiest first; `trend` (5 s buckets over a short window)
 * adds each row's recent calls and failures.
 */
export function operationRows(
  data: FleetData,
  trend?: FleetData,
  ids?: ReadonlySet<string>,
): OperationRow[] {
  const byOp = sums(data, ids);
  const perKind = new Map<FleetKind, number>();
  for (const [key, sum] of byOp) {
    const kind = key.split('\u0000')[0] as FleetKind;
    perKind.set(kind, (perKind.get(kind) ?? 0) + sum.counter('calls'));
  }
  const seconds = data.windowMs / 1000;
  const rows: OperationRow[] = [];
  for (const [key, sum] of byOp) {
    const [kind, name] = key.split('\u0000') as [FleetKind, string];
    const calls = sum.counter('calls');
    const successes = sum.counter('successes');
    const failures = sum.counter('failures');
    const t = trend ? trendOf(trend, kind, name, ids) : { calls: [], failures: [] };
    rows.push({
      kind,
      name,
      calls,
      callsPerSecond: calls / seconds,
      successes,
      failures,
      errorRate: successes + failures === 0 ? 0 : failures / (successes + failures),
      failuresByCode: Object.fromEntries(sum.codes),
      rejected: { breaker: sum.counter('rejectedBreaker'), pool: sum.counter('rejectedPool') },
      retries: sum.counter('retries'),
      latency: sum.hist!.summary(),
      share: (perKind.get(kind) ?? 0) === 0 ? 0 : calls / perKind.get(kind)!,
      trend: t.calls,
      errorTrend: t.failures,
    });
  }
  return rows.sort((a, b) => b.calls - a.calls);
}

export interface OperationPoint {
  readonly t: number;
  readonly calls: number;
  readonly failures: number;
  readonly rejected: number;
  readonly retries: number;
  /** null when no call finished in the bucket. */
  readonly latency: {
    readonly count: number;
    readonly p50Ms: number;
    readonly p95Ms: number;
    readonly p99Ms: number;
    readonly maxMs: number;
  } | null;
}

/** One operation's points over `data`'s window, one per bucket, oldest first, zero-filled. */
export function operationHistory(
  data: FleetData,
  kind: FleetKind,
  name: string,
  ids?: ReadonlySet<string>,
): OperationPoint[] {
  const last = Math.floor(data.now / data.bucketMs) * data.bucketMs;
  const n = Math.max(1, Math.ceil(data.windowMs / data.bucketMs));
  const first = last - (n - 1) * data.bucketMs;
  const buckets = Array.from({ length: n }, () => new OpSum(true));
  for (const [id, list] of data.records) {
    if (ids && !ids.has(id)) continue;
    for (const { start, record } of list) {
      const op = record.db[kind].o?.[name];
      const i = Math.round((start - first) / data.bucketMs);
      if (op && i >= 0 && i < n) buckets[i]!.add(op);
    }
  }
  return buckets.map((b, i) => {
    const h = b.hist ?? new LatencyHistogram({ precisionBits: OP_PRECISION_BITS });
    const s = h.count > 0 ? h.summary() : undefined;
    return {
      t: first + i * data.bucketMs,
      calls: b.counter('calls'),
      failures: b.counter('failures'),
      rejected: b.counter('rejectedBreaker') + b.counter('rejectedPool'),
      retries: b.counter('retries'),
      latency: s
        ? { count: s.count, p50Ms: s.p50Ms, p95Ms: s.p95Ms, p99Ms: s.p99Ms, maxMs: s.maxMs }
        : null,
    };
  });
}
