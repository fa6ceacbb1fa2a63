import { describe, expect, it } from 'vitest';
import {
  breakerBands,
  cacheRows,
  dbRows,
  firstDataAt,
  isolatedPoint,
  operationChartRows,
  rowsBucketMs,
} from './chart-rows';

const point = (
  t: number,
  counters: Partial<Record<string, number>>,
  gauges: Partial<Record<string, number>> = {},
  latency: unknown = null,
) => ({
  t,
  counters: {
    calls: 0,
    successes: 0,
    failures: 0,
    retries: 0,
    timeouts: 0,
    rejectedBreaker: 0,
    rejectedPool: 0,
    slow: 0,
    ...counters,
  },
  gauges: { inFlight: 0, queued: 0, utilization: 0, ...gauges },
  latency,
});

describe('dbRows', () => {
  it('turns bucket counts into rates and percentages', () => {
    const [row] = dbRows(
      [
        point(
          1000,
          { calls: 50, successes: 45, failures: 5, retries: 2 },
          { utilization: 0.35, inFlight: 7 },
          { count: 50, p50Ms: 3, p95Ms: 9.5, p99Ms: 20, maxMs: 30 },
        ),
      ] as never,
      5_000,
    );
    expect(row).toMatchObject({
      t: 1000,
      callsPerSec: 10,
      failuresPerSec: 1,
      errorRate: 10,
      utilization: 35,
      inFlight: 7,
      p95: 9.5,
      retries: 2,
    });
  });

  it('gives per-second rates for 1-minute buckets too', () => {
    const [row] = dbRows([point(0, { calls: 120, successes: 114, failures: 6 })] as never, 60_000);
    expect(row).toMatchObject({ callsPerSec: 2, failuresPerSec: 0.1, errorRate: 5 });
  });

  it('leaves latency and error rate empty for a bucket without calls', () => {
    const [row] = dbRows([point(0, {})] as never, 5_000);
    expect(row).toMatchObject({ p50: null, errorRate: null, callsPerSec: 0 });
  });
});

describe('cacheRows', () => {
  it('computes the hit rate per bucket', () => {
    const rows = cacheRows([
      {
        t: 0,
        counters: { hits: 3, misses: 1, sets: 1, deletes: 0, bypasses: 0, errors: 0 },
        gauges: { connected: 1 },
        latency: null,
      },
      {
        t: 5000,
        counters: { hits: 0, misses: 0, sets: 0, deletes: 0, bypasses: 4, errors: 4 },
        gauges: { connected: 0 },
        latency: null,
      },
    ] as never);
    expect(rows.map((r) => r.hitRate)).toEqual([75, null]);
    expect(rows[1]).toMatchObject({ bypasses: 4, connected: 0 });
  });
});

describe('breakerBands', () => {
  const tr = (at: number, from: string, to: string) => ({ at, from, to, reason: '' }) as never;

  it('is one band of the current state when nothing happened in the window', () => {
    expect(breakerBands([], 'closed', 0, 100)).toEqual([{ from: 0, to: 100, state: 'closed' }]);
  });

  it('splits the window at each transition, starting from the first one’s origin', () => {
    const bands = breakerBands(
      [
        tr(-50, 'half-open', 'closed'),
        tr(20, 'closed', 'open'),
        tr(50, 'open', 'half-open'),
        tr(60, 'half-open', 'closed'),
      ],
      'closed',
      0,
      100,
    );
    expect(bands).toEqual([
      { from: 0, to: 20, state: 'closed' },
      { from: 20, to: 50, state: 'open' },
      { from: 50, to: 60, state: 'half-open' },
      { from: 60, to: 100, state: 'closed' },
    ]);
  });
});

describe('rowsBucketMs', () => {
  it('reads the width from the rows, 5 s when there are too few', () => {
    expect(rowsBucketMs([{ t: 0 }, { t: 60_000 }, { t: 120_000 }])).toBe(60_000);
    expect(rowsBucketMs([{ t: 10_000 }, { t: 15_000 }])).toBe(5_000);
    expect(rowsBucketMs([{ t: 0 }])).toBe(5_000);
    expect(rowsBucketMs([])).toBe(5_000);
  });
});

describe('firstDataAt', () => {
  it('is the start of the first row with data', () => {
    const rows = [
      { t: 0, n: 0 },
      { t: 60_000, n: 3 },
      { t: 120_000, n: 1 },
    ];
    expect(firstDataAt(rows, (r) => r.n > 0)).toBe(60_000);
    expect(firstDataAt(rows, (r) => r.n > 5)).toBeUndefined();
  });
});

describe('isolatedPoint', () => {
  // A line skips empty buckets (connectNulls off), so a value with empty buckets on both sides
  // draws no segment: it needs a dot of its own to be seen.
  const rows = [{ v: null }, { v: 3 }, { v: null }, { v: 4 }, { v: 5 }, { v: null }, { v: 6 }];

  it('is a value with no value on either side', () => {
    expect(rows.map((_, i) => isolatedPoint(rows, i, 'v'))).toEqual([
      false,
      true,
      false,
      false,
      false,
      false,
      true,
    ]);
  });
});

describe('operationChartRows', () => {
  const latency = (count: number, p50: number, p99: number) => ({
    count,
    p50Ms: p50,
    p95Ms: (p50 + p99) / 2,
    p99Ms: p99,
    maxMs: p99,
  });
  it('maps an operation’s points to rates per second, percentiles and error % of finished calls', () => {
    const rows = operationChartRows(
      [
        { t: 0, calls: 0, failures: 0, rejected: 0, retries: 0, latency: null },
        { t: 60_000, calls: 12, failures: 3, rejected: 0, retries: 1, latency: latency(12, 4, 9) },
        // Two refused: they never ran, so they are not in the error rate.
        { t: 120_000, calls: 6, failures: 1, rejected: 2, retries: 0, latency: latency(4, 5, 7) },
      ],
      60_000,
    );
    expect(rows[0]).toEqual({
      t: 0,
      p50: null,
      p95: null,
      p99: null,
      callsPerSec: 0,
      calls: 0,
      failures: 0,
      finished: 0,
      rejected: 0,
      errorRate: null,
    });
    expect(rows[1]).toMatchObject({
      callsPerSec: 0.2,
      p50: 4,
      p99: 9,
      failures: 3,
      finished: 12,
      errorRate: 25,
    });
    expect(rows[2]).toMatchObject({ callsPerSec: 0.1, rejected: 2, errorRate: 25 });
  });
});
