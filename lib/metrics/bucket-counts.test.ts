import { describe, expect, it } from 'vitest';
import { BucketCounts, CALL_LATENCY_BOUNDS_MS, COMMAND_LATENCY_BOUNDS_MS } from './bucket-counts';

describe('BucketCounts', () => {
  it('counts a value into the first bucket whose bound is ≥ it (le semantics)', () => {
    const b = new BucketCounts([1, 5, 10]);
    for (const v of [0, 1, 1.0001, 5, 9.9, 10, 10.5, 1e9]) b.record(v);
    expect(b.snapshot()).toEqual({
      boundsMs: [1, 5, 10],
      cumulative: [2, 4, 6, 8],
      sumMs: 0 + 1 + 1.0001 + 5 + 9.9 + 10 + 10.5 + 1e9,
      count: 8,
    });
  });

  it('ignores negative, NaN and infinite values', () => {
    const b = new BucketCounts([1]);
    for (const v of [-1, Number.NaN, Infinity, -Infinity]) b.record(v);
    expect(b.snapshot()).toMatchObject({ cumulative: [0, 0], count: 0, sumMs: 0 });
  });

  it('keeps the cumulative counts non-decreasing and the +Inf bucket equal to the count', () => {
    const b = new BucketCounts(CALL_LATENCY_BOUNDS_MS);
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 20_000;
    for (let i = 0; i < 5_000; i++) b.record(random());
    const s = b.snapshot();
    expect(s.cumulative).toHaveLength(CALL_LATENCY_BOUNDS_MS.length + 1);
    for (let i = 1; i < s.cumulative.length; i++)
      expect(s.cumulative[i]!).toBeGreaterThanOrEqual(s.cumulative[i - 1]!);
    expect(s.cumulative.at(-1)).toBe(5_000);
    expect(s.count).toBe(5_000);
  });

  it('refuses bounds that are empty, not positive or not increasing', () => {
    expect(() => new BucketCounts([])).toThrow(RangeError);
    expect(() => new BucketCounts([0, 1])).toThrow(/bound 0/);
    expect(() => new BucketCounts([1, Infinity])).toThrow(/bound 1/);
    expect(() => new BucketCounts([1, 5, 5])).toThrow(/increase: 5 then 5/);
  });

  it('has bounds for 1 ms–10 s calls and sub-millisecond Redis commands', () => {
    expect(CALL_LATENCY_BOUNDS_MS[0]).toBe(1);
    expect(CALL_LATENCY_BOUNDS_MS.at(-1)).toBe(10_000);
    // The SLO and alert thresholds are bounds, so their share is exact.
    expect(CALL_LATENCY_BOUNDS_MS).toContain(300);
    expect(CALL_LATENCY_BOUNDS_MS).toContain(500);
    expect(COMMAND_LATENCY_BOUNDS_MS[0]).toBeLessThan(1);
  });
});
