import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram';

describe('LatencyHistogram', () => {
  it('gives percentiles within its precision of the exact ones', () => {
    const h = new LatencyHistogram();
    const values: number[] = [];
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 10_000; i++) {
      const v = Math.exp(rand() * 8) / 10; // 0.1 ms .. 300 ms, log-uniform
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    const exact = (p: number) => values[Math.ceil(p * values.length) - 1]!;
    const s = h.summary();
    for (const [p, got] of [
      [0.5, s.p50Ms],
      [0.9, s.p90Ms],
      [0.99, s.p99Ms],
      [0.999, s.p999Ms],
    ] as const) {
      expect(Math.abs(got - exact(p)) / exact(p)).toBeLessThan(0.01);
    }
    expect(s.count).toBe(10_000);
    expect(s.minMs).toBeCloseTo(values[0]!, 2);
    expect(s.maxMs).toBeCloseTo(values.at(-1)!, 2);
  });

  it('merges histograms exactly as if recorded into one', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const both = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) {
      (i % 3 === 0 ? a : b).record(i);
      both.record(i);
    }
    a.add(b);
    expect(a.summary()).toEqual(both.summary());
    expect(() => a.add(new LatencyHistogram({ precisionBits: 5 }))).toThrow(RangeError);
  });

  it('keeps constant memory and ignores nonsense values', () => {
    const h = new LatencyHistogram();
    const bytes = h.byteLength;
    for (let i = 0; i < 100_000; i++) h.record(i * 37);
    h.record(-1);
    h.record(Number.NaN);
    expect(h.byteLength).toBe(bytes);
    expect(bytes).toBeLessThan(16_000);
    expect(h.count).toBe(100_000);
    expect(h.summary().maxMs).toBeGreaterThan(3_000_000); // beyond an hour is clamped near 71 min
  });

  it('summarises an empty histogram as zeros', () => {
    expect(new LatencyHistogram().summary()).toMatchObject({ count: 0, p99Ms: 0, maxMs: 0 });
  });
});
