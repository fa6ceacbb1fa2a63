import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../metrics';
import { CACHE_COUNTERS, DB_COUNTERS, type FleetRecord, type KindRecord } from './fleet-record';
import { SLO, addCounts, dayOf, sloCounts } from './slo-counts';

function kind(
  counts: Partial<Record<(typeof DB_COUNTERS)[number], number>>,
  codes: Record<string, number>,
  durationsMs: number[],
): KindRecord {
  const h = new LatencyHistogram();
  for (const ms of durationsMs) h.record(ms);
  return { c: DB_COUNTERS.map((c) => counts[c] ?? 0), e: codes, h: h.sparseSince(), g: [0, 0, 10] };
}

const record = (service: KindRecord, anon: KindRecord): FleetRecord => ({
  v: 1,
  t0: 0,
  t1: 5_000,
  db: { service, anon },
  cache: { c: CACHE_COUNTERS.map(() => 0), h: new LatencyHistogram().sparseSince(), up: 1 },
});

describe('sloCounts', () => {
  it('counts as the Prometheus rules do: refusals bad, caller faults not, slow above 300 ms', () => {
    const r = record(
      kind(
        { calls: 10, successes: 7, failures: 3, rejectedBreaker: 2, rejectedPool: 1 },
        { DB_UNAVAILABLE: 1, DB_BAD_REQUEST: 2 },
        [5, 5, 5, 5, 5, 5, 5, 299, 301, 1_000],
      ),
      kind({ calls: 2, successes: 2 }, {}, [400, 1]),
    );
    expect(sloCounts(r)).toEqual({
      total: 15, // 12 that ran, 3 refused
      bad: 4, // DB_UNAVAILABLE and the 3 refusals; the 2 bad requests are the caller's
      ran: 12,
      slow: 3, // 301, 1000 and 400 ms
    });
    expect(SLO.latency.thresholdMs).toBe(300);
  });

  it('adds up, and names UTC days', () => {
    expect(
      addCounts({ total: 1, bad: 1, ran: 1, slow: 0 }, { total: 2, bad: 0, ran: 2, slow: 1 }),
    ).toEqual({
      total: 3,
      bad: 1,
      ran: 3,
      slow: 1,
    });
    expect(dayOf(Date.UTC(2026, 10, 23, 23, 59))).toBe('2026-11-23');
  });
});
