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

describe('sparse histograms', () => {
  // A seeded generator, so a failure can be replayed.
  function lcg(seed: number) {
    let x = seed >>> 0;
    return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  }

  it('what was recorded since a snapshot, merged into another histogram, gives the same percentiles', () => {
    const random = lcg(7);
    const lifetime = new LatencyHistogram();
    for (let i = 0; i < 5_000; i++) lifetime.record(random() * 20);
    const before = lifetime.snapshot();
    const interval = new LatencyHistogram();
    for (let i = 0; i < 3_000; i++) {
      const ms = 0.5 + random() ** 3 * 300;
      lifetime.record(ms);
      interval.record(ms);
    }
    const delta = lifetime.sparseSince(before);
    expect(delta.n).toBe(3_000);
    const merged = new LatencyHistogram();
    merged.addSparse(JSON.parse(JSON.stringify(delta)));
    expect(merged.count).toBe(3_000);
    for (const p of [0.5, 0.9, 0.95, 0.99]) {
      expect(merged.percentile(p)).toBeCloseTo(interval.percentile(p), 1);
    }
    expect(merged.summary().meanMs).toBeCloseTo(interval.summary().meanMs, 3);
  });

  it('coarsens to a lower precision within that precision, and refuses the other way', () => {
    const random = lcg(11);
    const fine = new LatencyHistogram({ precisionBits: 7 });
    const values: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const ms = 1 + random() * 99;
      fine.record(ms);
      values.push(ms);
    }
    values.sort((a, b) => a - b);
    const coarse = fine.sparseSince(undefined, 5);
    expect(coarse.p).toBe(5);
    expect(coarse.n).toBe(2_000);
    expect(coarse.b.length).toBeLessThan(fine.sparseSince().b.length);
    const h = new LatencyHistogram({ precisionBits: 5 });
    h.addSparse(coarse);
    const exact = values[Math.ceil(0.99 * values.length) - 1]!;
    expect(Math.abs(h.percentile(0.99) - exact) / exact).toBeLessThan(0.04);
    expect(() => new LatencyHistogram({ precisionBits: 7 }).addSparse(coarse)).toThrow(RangeError);
  });

  it('ignores indices outside the histogram (foreign or corrupt data)', () => {
    const h = new LatencyHistogram();
    h.addSparse({ p: 7, n: 1, sum: 5, b: [10_000_000, 1] });
    expect(h.count).toBe(0);
  });
});

describe('countAbove', () => {
  it('counts the values above a threshold, exactly away from it', () => {
    const h = new LatencyHistogram();
    for (const ms of [1, 50, 250, 299, 301, 350, 900, 5_000]) h.record(ms);
    expect(h.countAbove(300)).toBe(4);
    expect(h.countAbove(10_000)).toBe(0);
    expect(h.countAbove(0.5)).toBe(8);
  });
});
