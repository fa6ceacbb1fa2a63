// Pure views of the fleet's figures: per-bucket points for the charts, totals over the window,
// and a row per instance. The merge rules: counts add; percentiles come from one merged
// histogram, never an average of percentiles; rates and ratios are summed numerators over summed
// denominators (so they stay within 0–100 %); utilization is summed in flight over summed pool
// size.
import { LatencyHistogram, type LatencySummary } from '../metrics';
import type { BreakerStateName } from '../resilience';
import type { FleetData, FleetInstance } from './fleet-reader';
import {
  CACHE_COUNTERS,
  DB_COUNTERS,
  KINDS,
  RecordSum,
  type CacheCounter,
  type DbCounter,
  type FleetKind,
} from './fleet-record';

export interface PointLatencyView {
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** The shape of lib/db's DbSeriesPoint, so the charts draw fleet and instance alike. */
export interface DbPointView {
  readonly t: number;
  readonly counters: Readonly<Record<DbCounter, number>>;
  readonly gauges: {
    readonly inFlight: number;
    readonly queued: number;
    readonly utilization: number;
  };
  readonly latency: PointLatencyView | null;
}

export interface CachePointView {
  readonly t: number;
  readonly counters: Readonly<Record<CacheCounter, number>>;
  /** Share of the instances whose Redis connection was ready. */
  readonly gauges: { readonly connected: number };
  readonly latency: PointLatencyView | null;
}

function pointLatency(sum: RecordSum['db'][FleetKind]['hist']): PointLatencyView | null {
  if (sum.count === 0) return null;
  const s = sum.summary();
  return { count: s.count, p50Ms: s.p50Ms, p95Ms: s.p95Ms, p99Ms: s.p99Ms, maxMs: s.maxMs };
}

/** Bucket start → the sum over the instances (of `ids`, or all) of their records in it. */
export function mergeByBucket(data: FleetData, ids?: ReadonlySet<string>): Map<number, RecordSum> {
  const out = new Map<number, RecordSum>();
  for (const [id, list] of data.records) {
    if (ids && !ids.has(id)) continue;
    for (const { start, record } of list) {
      let sum = out.get(start);
      if (!sum) out.set(start, (sum = new RecordSum(data.precisionBits)));
      sum.add(record, true);
    }
  }
  return out;
}

/** One point per bucket over the window, oldest first, zero-filled where nothing reported. */
export function historyPoints(
  data: FleetData,
  ids?: ReadonlySet<string>,
): { db: Record<FleetKind, DbPointView[]>; cache: CachePointView[] } {
  const byBucket = mergeByBucket(data, ids);
  const db: Record<FleetKind, DbPointView[]> = { service: [], anon: [] };
  const cache: CachePointView[] = [];
  const last = Math.floor(data.now / data.bucketMs) * data.bucketMs;
  const n = Math.max(1, Math.ceil(data.windowMs / data.bucketMs));
  for (let t = last - (n - 1) * data.bucketMs; t <= last; t += data.bucketMs) {
    const sum = byBucket.get(t);
    for (const kind of KINDS) {
      const k = sum?.db[kind];
      const counters = Object.fromEntries(
        DB_COUNTERS.map((c) => [c, k ? k.counter(c) : 0]),
      ) as Record<DbCounter, number>;
      db[kind].push({
        t,
        counters,
        gauges: {
          inFlight: k?.inFlight ?? 0,
          queued: k?.queued ?? 0,
          utilization: k && k.max > 0 ? Math.min(1, k.inFlight / k.max) : 0,
        },
        latency: k ? pointLatency(k.hist) : null,
      });
    }
    const c = sum?.cache;
    cache.push({
      t,
      counters: Object.fromEntries(
        CACHE_COUNTERS.map((name) => [name, c ? c.counter(name) : 0]),
      ) as Record<CacheCounter, number>,
      gauges: { connected: c && c.n > 0 ? c.up / c.n : 0 },
      latency: c ? pointLatency(c.hist) : null,
    });
  }
  return { db, cache };
}

export interface KindTotals {
  readonly counters: Readonly<Record<DbCounter, number>>;
  readonly failuresByCode: Readonly<Record<string, number>>;
  /** successes / (successes + failures): refusals are apart; 1 when nothing finished. */
  readonly successRate: number;
  /** failures / (successes + failures), 0..1. */
  readonly errorRate: number;
  readonly latency: LatencySummary;
  /** Peak in flight over pool size, summed over the instances of each bucket: 0..1. */
  readonly peakUtilization: number;
}

/** Everything over the window for the instances of `ids` (all by default), per kind. */
export function windowTotals(
  data: FleetData,
  ids?: ReadonlySet<string>,
): Record<FleetKind, KindTotals> {
  const all = new RecordSum(data.precisionBits);
  // Levels add across the instances of one bucket: summed per bucket, then the highest bucket.
  const levels = new Map<number, Record<FleetKind, { inFlight: number; max: number }>>();
  for (const [id, list] of data.records) {
    if (ids && !ids.has(id)) continue;
    for (const { start, record } of list) {
      all.add(record, true);
      let l = levels.get(start);
      if (!l)
        levels.set(
          start,
          (l = { service: { inFlight: 0, max: 0 }, anon: { inFlight: 0, max: 0 } }),
        );
      for (const kind of KINDS) {
        l[kind].inFlight += record.db[kind].g[0];
        l[kind].max += record.db[kind].g[2];
      }
    }
  }
  const peak: Record<FleetKind, number> = { service: 0, anon: 0 };
  for (const l of levels.values()) {
    for (const kind of KINDS) {
      if (l[kind].max > 0)
        peak[kind] = Math.max(peak[kind], Math.min(1, l[kind].inFlight / l[kind].max));
    }
  }
  const out = {} as Record<FleetKind, KindTotals>;
  for (const kind of KINDS) {
    const k = all.db[kind];
    const counters = Object.fromEntries(DB_COUNTERS.map((c) => [c, k.counter(c)])) as Record<
      DbCounter,
      number
    >;
    const finished = counters.successes + counters.failures;
    out[kind] = {
      counters,
      failuresByCode: Object.fromEntries(k.codes),
      successRate: finished === 0 ? 1 : counters.successes / finished,
      errorRate: finished === 0 ? 0 : counters.failures / finished,
      latency: k.hist.summary(),
      peakUtilization: peak[kind],
    };
  }
  return out;
}

export interface InstanceRow {
  readonly id: string;
  readonly lastSeen: number;
  readonly stale: boolean;
  /** Within its TTL (counted in "N of M"); false: it dropped out, its figures stay in history. */
  readonly listed: boolean;
  /** Its share of the fleet's calls in the window, 0..1. */
  readonly share: number;
  readonly callsPerSecond: number;
  /** failures / finished calls, 0..1. */
  readonly errorRate: number;
  readonly p99Ms: number;
  /** In flight / pool size now (both kinds), from its last flush. */
  readonly utilization: number;
  readonly breaker: Readonly<Record<FleetKind, BreakerStateName | 'unknown'>>;
}

/** A row per instance with figures in the window, for the instances table. */
export function instanceRows(data: FleetData): InstanceRow[] {
  const sums = new Map<string, RecordSum>();
  let fleetCalls = 0;
  for (const inst of data.instances) {
    const sum = new RecordSum(data.precisionBits);
    for (const { record } of data.records.get(inst.id) ?? []) sum.add(record, false);
    sums.set(inst.id, sum);
    fleetCalls += KINDS.reduce((n, k) => n + sum.db[k].counter('calls'), 0);
  }
  const seconds = data.windowMs / 1000;
  return data.instances.map((inst: FleetInstance) => {
    const sum = sums.get(inst.id)!;
    const calls = KINDS.reduce((n, k) => n + sum.db[k].counter('calls'), 0);
    const successes = KINDS.reduce((n, k) => n + sum.db[k].counter('successes'), 0);
    const failures = KINDS.reduce((n, k) => n + sum.db[k].counter('failures'), 0);
    // Both kinds' durations in one histogram: the instance's p99 over every call it made.
    const both = new LatencyHistogram({ precisionBits: data.precisionBits });
    for (const k of KINDS) both.add(sum.db[k].hist);
    const s = inst.status;
    const inFlight = s ? KINDS.reduce((n, k) => n + s.db[k].inFlight, 0) : 0;
    const max = s ? KINDS.reduce((n, k) => n + s.db[k].max, 0) : 0;
    return {
      id: inst.id,
      lastSeen: inst.lastSeen,
      stale: inst.stale,
      listed: inst.listed,
      share: fleetCalls === 0 ? 0 : calls / fleetCalls,
      callsPerSecond: calls / seconds,
      errorRate: successes + failures === 0 ? 0 : failures / (successes + failures),
      p99Ms: both.percentile(0.99),
      utilization: max === 0 ? 0 : inFlight / max,
      breaker: {
        service: s?.db.service.breaker.state ?? 'unknown',
        anon: s?.db.anon.breaker.state ?? 'unknown',
      },
    };
  });
}
