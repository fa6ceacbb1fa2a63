import { describe, expect, it } from 'vitest';
import { RetryBudget } from './retry-budget';
import { fullJitterBackoff } from './backoff';

describe('RetryBudget', () => {
  it('allows retries up to the ratio of recent requests plus the floor', () => {
    const clock = { now: 0 };
    const b = new RetryBudget({
      ratio: 0.2,
      minRetriesPerSecond: 1,
      windowMs: 10_000,
      clock: () => clock.now,
    });
    for (let i = 0; i < 100; i++) b.recordRequest();
    let granted = 0;
    while (b.tryRetry()) granted++;
    expect(granted).toBe(30); // 20% of 100 + 1/s × 10 s
    expect(b.snapshot()).toEqual({ requests: 100, retries: 30, available: 0 });
  });

  it('refills as the window rolls on', () => {
    const clock = { now: 0 };
    const b = new RetryBudget({
      ratio: 0.1,
      minRetriesPerSecond: 0,
      windowMs: 1_000,
      clock: () => clock.now,
    });
    for (let i = 0; i < 10; i++) b.recordRequest();
    expect(b.tryRetry()).toBe(true);
    expect(b.tryRetry()).toBe(false);
    clock.now += 1_100;
    for (let i = 0; i < 10; i++) b.recordRequest();
    expect(b.tryRetry()).toBe(true);
  });
});

describe('fullJitterBackoff', () => {
  it('is uniform below min(cap, base × 2^(n-1))', () => {
    expect(fullJitterBackoff(1, 100, 1_000, () => 0.999)).toBeCloseTo(99.9);
    expect(fullJitterBackoff(3, 100, 1_000, () => 0.5)).toBe(200);
    expect(fullJitterBackoff(10, 100, 1_000, () => 0.5)).toBe(500);
    expect(fullJitterBackoff(2, 100, 1_000, () => 0)).toBe(0);
    expect(() => fullJitterBackoff(0, 100, 1_000)).toThrow(RangeError);
  });
});
