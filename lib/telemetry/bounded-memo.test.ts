import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './bounded-memo';

describe('BoundedMemo', () => {
  it('computes once per key, undefined answers included, and stays within its size', () => {
    const memo = new BoundedMemo<string | undefined>(2);
    const seen: string[] = [];
    const compute = (k: string) => (seen.push(k), k === 'none' ? undefined : k.toUpperCase());
    expect(memo.get('a', compute)).toBe('A');
    expect(memo.get('a', compute)).toBe('A');
    expect(memo.get('none', compute)).toBeUndefined();
    expect(memo.get('none', compute)).toBeUndefined();
    expect(seen).toEqual(['a', 'none']);
    expect(memo.get('b', compute)).toBe('B'); // full: forgets a and none
    expect(memo.get('a', compute)).toBe('A');
    expect(seen).toEqual(['a', 'none', 'b', 'a']);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new BoundedMemo(0)).toThrow(RangeError);
  });
});
