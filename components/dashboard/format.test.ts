import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatMs, formatPct, formatRate } from './format';

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
});
