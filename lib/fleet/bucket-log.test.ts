import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../metrics';
import { BucketLog } from './bucket-log';
import { CACHE_COUNTERS, DB_COUNTERS, type FleetRecord } from './fleet-record';

/** A sample of `calls` calls over [t0, t1). */
function sample(t0: number, t1: number, calls: number, inFlight = 0): FleetRecord {
  const h = new LatencyHistogram();
  for (let i = 0; i < calls; i++) h.record(2);
  const kind = {
    c: DB_COUNTERS.map((c) => (c === 'calls' || c === 'successes' ? calls : 0)),
    e: {},
    h: h.sparseSince(),
    g: [inFlight, 0, 10] as [number, number, number],
  };
  return {
    v: 1,
    t0,
    t1,
    db: {
      service: kind,
      anon: { ...kind, c: DB_COUNTERS.map(() => 0), h: new LatencyHistogram().sparseSince() },
    },
    cache: { c: CACHE_COUNTERS.map(() => 0), h: new LatencyHistogram().sparseSince(), up: 1 },
  };
}

const calls = (r: FleetRecord) => r.db.service.c[DB_COUNTERS.indexOf('calls')];

describe('BucketLog', () => {
  it('adds samples into the bucket their span ends in, whole, keeping the highest level', () => {
    const log = new BucketLog({ widthMs: 10_000, precisionBits: 7, maxPending: 10 });
    log.add(sample(0, 5_000, 3, 4));
    log.add(sample(5_000, 10_000, 2, 1)); // ends exactly at the boundary: still bucket 0
    log.add(sample(10_000, 15_000, 7));
    const pending = log.pending();
    expect(pending.map((p) => [p.start, calls(p.record)])).toEqual([
      [0, 5],
      [10_000, 7],
    ]);
    expect(pending[0]!.record.db.service.g[0]).toBe(4);
    expect(pending[0]!.record.db.service.h.n).toBe(5);
  });

  it('a confirmed bucket is not sent again unless it changes; a failed flush leaves it pending', () => {
    const log = new BucketLog({ widthMs: 10_000, precisionBits: 7, maxPending: 10 });
    log.add(sample(0, 5_000, 1));
    const first = log.pending();
    log.confirm(first, 6_000);
    expect(log.pending()).toEqual([]);
    log.add(sample(5_000, 10_000, 1)); // the current bucket changes after it was sent
    const second = log.pending();
    expect(second.map((p) => calls(p.record))).toEqual([2]); // the whole bucket, not a delta
    log.add(sample(10_000, 15_000, 1)); // a flush failed: nothing confirmed
    expect(log.pending().map((p) => p.start)).toEqual([0, 10_000]);
    // Confirming a version that changed meanwhile keeps it pending.
    const snapshot = log.pending();
    log.add(sample(15_000, 19_000, 1));
    log.confirm(snapshot, 19_000);
    expect(log.pending().map((p) => [p.start, calls(p.record)])).toEqual([[10_000, 2]]);
  });

  it('past maxPending unsent buckets, drops the oldest and counts them', () => {
    const log = new BucketLog({ widthMs: 10_000, precisionBits: 7, maxPending: 3 });
    for (let i = 0; i < 5; i++) log.add(sample(i * 10_000, i * 10_000 + 5_000, 1));
    expect(log.pending().map((p) => p.start)).toEqual([20_000, 30_000, 40_000]);
    expect(log.dropped).toBe(2);
  });

  it('coarsens histograms to its own precision', () => {
    const log = new BucketLog({ widthMs: 60_000, precisionBits: 5, maxPending: 3 });
    log.add(sample(0, 5_000, 4));
    expect(log.pending()[0]!.record.db.service.h.p).toBe(5);
  });

  it('checks its options', () => {
    expect(() => new BucketLog({ widthMs: 10, precisionBits: 7, maxPending: 1 })).toThrow(
      RangeError,
    );
    expect(() => new BucketLog({ widthMs: 10_000, precisionBits: 7, maxPending: 0 })).toThrow(
      /maxPending/,
    );
  });
});
