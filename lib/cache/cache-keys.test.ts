import { describe, expect, it } from 'vitest';
import { cacheKey, checkKey, checkPattern, checkPrefix, escapeGlob } from './cache-keys';

describe('cacheKey', () => {
  it('joins parts with ":" and encodes what would merge parts or act as a glob', () => {
    expect(cacheKey('notes', 'u1', 20)).toBe('notes:u1:20');
    expect(cacheKey('a:b', 'c')).toBe('a%3ab:c');
    expect(cacheKey('50%', 'x*y?[z]\\^ q')).toBe('50%25:x%2ay%3f%5bz%5d%5c%5e%20q');
    // The encoding is unambiguous: different parts never give the same key.
    expect(cacheKey('a:b', 'c')).not.toBe(cacheKey('a', 'b:c'));
    expect(cacheKey('%3a')).not.toBe(cacheKey(':'));
  });

  it('rejects no parts, empty parts, non-finite numbers and over-long keys', () => {
    expect(() => cacheKey()).toThrow(RangeError);
    expect(() => cacheKey('a', '')).toThrow(/part 1 is empty/);
    expect(() => cacheKey('a', Number.NaN)).toThrow(/finite/);
    expect(() => cacheKey('x'.repeat(513))).toThrow(RangeError);
  });
});

describe('checks', () => {
  it('accepts ordinary prefixes and refuses glob characters, spaces and bad lengths', () => {
    for (const ok of ['app:', 'test:ab12cd34:', 'my-app.v2_'])
      expect(() => checkPrefix(ok)).not.toThrow();
    for (const bad of ['', 'a*', 'a?', 'a[b]', 'a b', 'x'.repeat(65), 'a\\'])
      expect(() => checkPrefix(bad)).toThrow(RangeError);
  });

  it('bounds keys and patterns to 1-512 characters', () => {
    expect(() => checkKey('k')).not.toThrow();
    expect(() => checkKey('')).toThrow(RangeError);
    expect(() => checkKey('k'.repeat(513))).toThrow(RangeError);
    expect(() => checkPattern('user:*')).not.toThrow();
    expect(() => checkPattern('')).toThrow(RangeError);
  });
});

describe('escapeGlob', () => {
  it('escapes every character MATCH would interpret', () => {
    expect(escapeGlob('a*b?c[d]e\\f^g')).toBe('a\\*b\\?c\\[d\\]e\\\\f\\^g');
    expect(escapeGlob('app:')).toBe('app:');
  });
});
