// Property-style tests of the fleet merge: random instances, counts and windows. Whatever the
// fleet looks like, error rates and utilization stay within [0, 1], and the merged percentiles
// equal those of one histogram fed every value.
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../metrics';
import type { FleetData } from './fleet-reader';
import {
  CACHE_COUNTERS,
  DB_COUNTERS,
  FINE_PRECISION_BITS,
  decodeRecord,
  type FleetRecord,
  type KindRecord,
} from './fleet-record';
import { historyPoints, instanceRows, windowTotals } from './fleet-view';

function lcg(seed: number) {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const BUCKET = 10_000;

interface Fixture {
  data: FleetData;
  /** Every duration recorded, per kind, over the whole fleet. */
  all: { service: number[]; anon: number[] };
  calls: { service: number; anon: number };
  failures: { service: number; anon: number };
}

function kindRecord(
  random: () => number,
  values: number[],
  pool: number,
): { rec: KindRecord; calls: number; failures: number } {
  const h = new LatencyHistogram({ precisionBits: FINE_PRECISION_BITS });
  const n = Math.floor(random() * 200);
  const failures = Math.floor(random() * n * random());
  for (let i = 0; i < n; i++) {
    // A mix of fast calls and a heavy tail, different per instance.
    const ms = random() < 0.9 ? 0.5 + random() * 5 : 20 + random() ** 2 * 2_000;
    h.record(ms);
    values.push(ms);
  }
  const rejected = Math.floor(random() * 20);
  const c = Object.fromEntries(DB_COUNTERS.map((k) => [k, 0])) as Record<string, number>;
  c.calls = n;
  c.successes = n - failures;
  c.failures = failures;
  c.rejectedBreaker = rejected;
  const inFlight = Math.floor(random() * (pool + 1));
  return {
    rec: {
      c: DB_COUNTERS.map((k) => c[k]!),
      e: failures ? { DB_UNAVAILABLE: failures } : {},
      h: h.sparseSince(),
      g: [inFlight, Math.floor(random() * 50), pool],
    },
    calls: n,
    failures,
  };
}

function fixture(seed: number): Fixture {
  const random = lcg(seed);
  const now = 1_800_000_000_000 + Math.floor(random() * BUCKET);
  const windowMs = BUCKET * (1 + Math.floor(random() * 90));
  const instances = 1 + Math.floor(random() * 8);
  const all = { service: [] as number[], anon: [] as number[] };
  const calls = { service: 0, anon: 0 };
  const failures = { service: 0, anon: 0 };
  const records = new Map<string, Array<{ start: number; record: FleetRecord }>>();
  const last = Math.floor(now / BUCKET) * BUCKET;
  for (let i = 0; i < instances; i++) {
    const id = `i${i}`;
    const list: Array<{ start: number; record: FleetRecord }> = [];
    const pool = 1 + Math.floor(random() * 30);
    for (let t = last - windowMs + BUCKET; t <= last; t += BUCKET) {
      if (random() < 0.3) continue; // not every instance reports in every bucket
      const s = kindRecord(random, all.service, pool);
      const a = kindRecord(random, all.anon, pool);
      calls.service += s.calls;
      calls.anon += a.calls;
      failures.service += s.failures;
      failures.anon += a.failures;
      const record: FleetRecord = {
        v: 1,
        t0: t,
        t1: t + BUCKET,
        db: { service: s.rec, anon: a.rec },
        cache: {
          c: CACHE_COUNTERS.map(() => Math.floor(random() * 10)),
          h: new LatencyHistogram().sparseSince(),
          up: random() < 0.8 ? 1 : 0,
        },
      };
      // Through JSON, as Redis holds it.
      list.push({ start: t, record: decodeRecord(JSON.stringify(record))! });
    }
    records.set(id, list);
  }
  const data: FleetData = {
    now,
    windowMs,
    bucketMs: BUCKET,
    precisionBits: FINE_PRECISION_BITS,
    instances: [...records.keys()].map((id) => ({
      id,
      lastSeen: now,
      status: undefined,
      listed: true,
      stale: false,
    })),
    records,
    transitions: [],
    failover: [],
    slowCalls: [],
    slowCommands: [],
  };
  return { data, all, calls, failures };
}

function exactPercentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);
const fixtures = new Map<number, Fixture>();
const fleet = (seed: number) => {
  let f = fixtures.get(seed);
  if (!f) fixtures.set(seed, (f = fixture(seed)));
  return f;
};

// CPU-bound (200 fleets of up to 8 instances × 90 buckets): more time than the default 5 s.
describe('fleet merge (200 random fleets)', { timeout: 60_000 }, () => {
  it('keeps rates and utilization in [0, 1] and counts every call once', () => {
    for (const seed of SEEDS) {
      const { data, calls, failures } = fleet(seed);
      const totals = windowTotals(data);
      for (const kind of ['service', 'anon'] as const) {
        const t = totals[kind];
        expect(t.counters.calls).toBe(calls[kind]);
        expect(t.counters.failures).toBe(failures[kind]);
        expect(t.errorRate).toBeGreaterThanOrEqual(0);
        expect(t.errorRate).toBeLessThanOrEqual(1);
        expect(t.successRate).toBeGreaterThanOrEqual(0);
        expect(t.successRate).toBeLessThanOrEqual(1);
        expect(t.peakUtilization).toBeGreaterThanOrEqual(0);
        expect(t.peakUtilization).toBeLessThanOrEqual(1);
      }
      const { db, cache } = historyPoints(data);
      for (const p of [...db.service, ...db.anon]) {
        expect(p.gauges.utilization).toBeGreaterThanOrEqual(0);
        expect(p.gauges.utilization).toBeLessThanOrEqual(1);
      }
      for (const p of cache) expect(p.gauges.connected).toBeLessThanOrEqual(1);
      const rows = instanceRows(data);
      const shares = rows.reduce((n, r) => n + r.share, 0);
      if (calls.service + calls.anon > 0) expect(shares).toBeCloseTo(1, 9);
      for (const r of rows) {
        expect(r.errorRate).toBeGreaterThanOrEqual(0);
        expect(r.errorRate).toBeLessThanOrEqual(1);
      }
    }
  });

  it('gives the percentiles of one histogram fed every value, within its precision of the exact ones', () => {
    for (const seed of SEEDS) {
      const { data, all } = fleet(seed);
      const totals = windowTotals(data);
      for (const kind of ['service', 'anon'] as const) {
        const one = new LatencyHistogram({ precisionBits: FINE_PRECISION_BITS });
        for (const v of all[kind]) one.record(v);
        const merged = totals[kind].latency;
        const direct = one.summary();
        expect(merged.count).toBe(direct.count);
        expect([merged.p50Ms, merged.p95Ms, merged.p99Ms]).toEqual([
          direct.p50Ms,
          direct.p95Ms,
          direct.p99Ms,
        ]);
        if (all[kind].length > 0) {
          const sorted = [...all[kind]].sort((a, b) => a - b);
          for (const [p, got] of [
            [0.5, merged.p50Ms],
            [0.99, merged.p99Ms],
          ] as const) {
            const exact = exactPercentile(sorted, p);
            expect(Math.abs(got - exact) / exact).toBeLessThanOrEqual(0.01);
          }
        }
      }
    }
  });

  it('an average of per-instance percentiles would be wrong: the merge is not that', () => {
    // Two instances: one fast and busy, one slow and quiet (Hystrix#1203's case).
    const { data } = fixture(3);
    const rows = instanceRows(data);
    const averaged = rows.reduce((n, r) => n + r.p99Ms, 0) / rows.length;
    const merged = windowTotals(data);
    expect(merged.service.latency.p99Ms).not.toBe(averaged);
  });
});
