import { describe, expect, it } from 'vitest';
import { TimeSeries } from './time-series';
import { BoundedLog } from './bounded-log';

function series() {
  const clock = { now: 1_000_000_000 };
  const s = new TimeSeries({
    counters: ['calls', 'errors'],
    gauges: ['inFlight'],
    bucketMs: 1_000,
    capacity: 10,
    clock: () => clock.now,
  });
  return { s, clock };
}

describe('TimeSeries', () => {
  it('counts into fixed buckets, zero-filled, oldest first', () => {
    const { s, clock } = series();
    s.add('calls');
    s.add('calls');
    clock.now += 2_000;
    s.add('calls');
    s.add('errors', 3);
    const pts = s.points(3_000);
    expect(pts.map((p) => p.counters.calls)).toEqual([2, 0, 1]);
    expect(pts.map((p) => p.counters.errors)).toEqual([0, 0, 3]);
    expect(pts[2]!.t - pts[0]!.t).toBe(2_000);
    expect(s.totals(3_000).counters).toEqual({ calls: 3, errors: 3 });
  });

  it('forgets buckets older than its capacity', () => {
    const { s, clock } = series();
    s.add('calls', 5);
    clock.now += 10_000;
    s.add('calls');
    expect(s.totals(60_000).counters.calls).toBe(1);
    expect(s.points(60_000)).toHaveLength(10);
  });

  it('keeps the highest gauge level in a bucket and carries the last level across idle buckets', () => {
    const { s, clock } = series();
    s.setGauge('inFlight', 4);
    s.setGauge('inFlight', 9);
    s.setGauge('inFlight', 2);
    clock.now += 3_000;
    expect(s.points(4_000).map((p) => p.gauges.inFlight)).toEqual([9, 2, 2, 2]);
  });

  it('merges latency across buckets for totals and summarises each bucket', () => {
    const { s, clock } = series();
    for (let i = 1; i <= 100; i++) s.recordLatency(i);
    clock.now += 1_000;
    for (let i = 101; i <= 200; i++) s.recordLatency(i);
    const totals = s.totals(2_000);
    expect(totals.latency.count).toBe(200);
    expect(totals.latency.p50Ms).toBeGreaterThan(97);
    expect(totals.latency.p50Ms).toBeLessThan(104);
    const pts = s.points(2_000);
    expect(pts[0]!.latency?.count).toBe(100);
    expect(pts[1]!.latency?.p99Ms).toBeGreaterThan(195);
    clock.now += 1_000;
    expect(s.points(1_000)[0]!.latency).toBeNull();
  });

  it('restarts a window at an event: only buckets that start at or after it are summed', () => {
    const { s, clock } = series();
    s.add('errors', 5);
    s.recordLatency(900);
    clock.now += 1_500; // the event falls inside this bucket
    const event = clock.now;
    s.add('errors', 2);
    clock.now += 1_000;
    s.add('calls', 4);
    s.recordLatency(3);
    const since = s.totals(10_000, event);
    expect(since.counters).toEqual({ calls: 4, errors: 0 });
    expect(since.latency.maxMs).toBeLessThan(10);
    expect(since.windowMs).toBe(1_000);
    expect(s.totals(10_000).counters).toEqual({ calls: 4, errors: 7 });
    expect(s.totals(10_000, clock.now + 5_000).counters).toEqual({ calls: 0, errors: 0 });
  });

  it('rejects unknown names and bad options', () => {
    const { s } = series();
    expect(() => s.add('nope' as 'calls')).toThrow(/unknown counter/);
    expect(() => new TimeSeries({ counters: [] })).toThrow(RangeError);
    expect(() => s.points(0)).toThrow(RangeError);
  });
});

describe('BoundedLog', () => {
  it('keeps the latest entries, newest first', () => {
    const log = new BoundedLog<number>(3);
    for (let i = 1; i <= 5; i++) log.push(i);
    expect(log.items()).toEqual([5, 4, 3]);
    expect(log.chronological()).toEqual([3, 4, 5]);
    expect(log.size).toBe(3);
    log.clear();
    expect(log.items()).toEqual([]);
  });
});
