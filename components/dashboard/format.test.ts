import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatBucketLabel,
  formatBucketTick,
  formatBytes,
  formatClock,
  formatMs,
  formatPct,
  formatPerSecond,
  formatRate,
  formatWindowEdge,
} from './format';

describe('format', () => {
  it('puts units on numbers', () => {
    expect(formatMs(1.234)).toBe('1.23 ms');
    expect(formatMs(45.67)).toBe('45.7 ms');
    expect(formatMs(250.4)).toBe('250 ms');
    expect(formatMs(12_500)).toBe('12.5 s');
    expect(formatMs(null)).toBe('—');
    expect(formatPct(0.9934)).toBe('99.3%');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GB');
    expect(formatRate(3.25)).toBe('3.3 req/s');
    expect(formatAge(0, 75_000)).toBe('1 min ago');
    expect(formatAge(0, 4_200)).toBe('4 s ago');
  });

  it('labels 1-minute buckets by the minute and 5 s buckets by the second', () => {
    const t = new Date(2026, 0, 2, 13, 45, 0).getTime();
    expect(formatClock(t + 5_000)).toBe('13:45:05');
    expect(formatBucketTick(t + 5_000, 5_000)).toBe('13:45:05');
    expect(formatBucketLabel(t + 5_000, 5_000)).toBe('13:45:05');
    expect(formatBucketTick(t, 60_000)).toBe('13:45');
    expect(formatBucketLabel(t, 60_000)).toBe('13:45–13:46');
  });

  it('puts the day on the edges of windows longer than an hour', () => {
    const t = new Date(2026, 10, 23, 5, 22, 7).getTime();
    expect(formatWindowEdge(t, 15 * 60_000)).toBe('05:22:07');
    expect(formatWindowEdge(t, 24 * 3_600_000)).toBe('23 Nov 05:22');
  });

  it('writes rates far below one a second with two significant digits', () => {
    expect(formatPerSecond(0)).toBe('0');
    expect(formatPerSecond(0.0041666)).toBe('0.0042');
    expect(formatPerSecond(0.05)).toBe('0.05');
    expect(formatPerSecond(0.0004)).toBe('<0.001');
    expect(formatPerSecond(3.456)).toBe('3.5');
    expect(formatPerSecond(250.4)).toBe('250');
    expect(formatPerSecond(Number.NaN)).toBe('—');
  });
});
