import { describe, expect, it } from 'vitest';
import { RollingCounter } from './rolling-counter';

function counter(windowMs = 10_000, buckets = 10) {
  const clock = { now: 1_000_000 };
  const c = new RollingCounter({
    counters: ['calls', 'failures'] as const,
    windowMs,
    buckets,
    clock: () => clock.now,
  });
  const both = (now?: number) => ({ calls: c.sum('calls', now), failures: c.sum('failures', now) });
  return { c, clock, both };
}

describe('RollingCounter', () => {
  it('sums each counter over the window', () => {
    const { c, clock, both } = counter();
    c.add('calls', 3);
    c.add('failures');
    clock.now += 4_000;
    c.add('calls');
    expect(both()).toEqual({ calls: 4, failures: 1 });
  });

  it('drops a bucket once the window has moved past it, one bucket width at a time', () => {
    const { c, clock } = counter(10_000, 10); // 1 s buckets
    c.add('calls', 5); // bucket 1000 (t = 1_000_000)
    clock.now += 1_000;
    c.add('calls', 2); // bucket 1001
    clock.now += 8_999; // t = 1_009_999: still bucket 1009, both buckets in the window
    expect(c.sum('calls')).toBe(7);
    clock.now += 1; // bucket 1010: bucket 1000 leaves the window
    expect(c.sum('calls')).toBe(2);
    clock.now += 1_000; // bucket 1011: bucket 1001 leaves too
    expect(c.sum('calls')).toBe(0);
  });

  it('reuses a slot for a newer bucket without carrying its old counts', () => {
    const { c, clock, both } = counter(10_000, 10);
    c.add('failures', 4);
    clock.now += 10_000; // same slot, ten buckets later
    c.add('failures');
    expect(both()).toEqual({ calls: 0, failures: 1 });
  });

  it('forgets everything after a long silence and after reset()', () => {
    const { c, clock, both } = counter();
    c.add('calls', 9);
    clock.now += 3_600_000;
    expect(both()).toEqual({ calls: 0, failures: 0 });
    c.add('calls', 2);
    c.reset();
    expect(both()).toEqual({ calls: 0, failures: 0 });
    c.add('calls');
    expect(c.sum('calls')).toBe(1);
  });

  it('takes the time from the caller when given', () => {
    const { c, clock } = counter();
    c.add('calls', 1, clock.now - 20_000); // long gone by now
    c.add('calls', 1, clock.now);
    expect(c.sum('calls')).toBe(1);
    expect(c.sum('calls', clock.now - 20_000)).toBe(1);
  });

  it('after many events, counts only those in the buckets still in the window', () => {
    const { c, clock } = counter(1_000, 4); // 250 ms buckets
    for (let i = 0; i < 100_000; i++) {
      clock.now += 7;
      c.add('calls');
    }
    // Now t = 1_700_000, in bucket 6800; the window is buckets 6797-6800, from t = 1_699_250:
    // the events at 1_000_000 + 7k for k from 99_893 (t = 1_699_251) to 100_000.
    expect(c.sum('calls')).toBe(100_000 - 99_893 + 1);
  });

  it('refuses bad options and unknown counters', () => {
    const make = (o: Partial<{ windowMs: number; buckets: number; counters: string[] }>) =>
      new RollingCounter({ counters: ['a'], windowMs: 1_000, ...o });
    expect(() => make({ buckets: 0 })).toThrow(/buckets/);
    expect(() => make({ buckets: 2.5 })).toThrow(/buckets/);
    expect(() => make({ windowMs: 5, buckets: 10 })).toThrow(/windowMs/);
    expect(() => make({ counters: [] })).toThrow(/at least one/);
    expect(() => make({ counters: ['a', 'a'] })).toThrow(/distinct/);
    expect(() => make({ counters: ['constructor'] })).toThrow(/cannot name a counter/);
    const c = make({ counters: ['a'] }) as RollingCounter<string>;
    expect(() => c.add('b')).toThrow(/unknown counter/);
    expect(() => c.sum('b')).toThrow(/unknown counter/);
  });
});
