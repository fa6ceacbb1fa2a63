import { describe, expect, it } from 'vitest';
import {
  checkKey,
  checkPattern,
  checkPrefix,
  escapeGlob,
  matchInPrefix,
  withoutPrefix,
} from './cache-keys';

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

describe('keys and patterns given in full (an operator tool)', () => {
  it('returns the part after the prefix, held to the same 1-512 characters', () => {
    expect(withoutPrefix('app:', 'app:notes:1', 'key')).toBe('notes:1');
    expect(withoutPrefix('app:', 'app:notes:*', 'pattern')).toBe('notes:*');
    expect(() => withoutPrefix('app:', 'other:notes:1', 'key')).toThrow(
      /must start with the app's prefix "app:"/,
    );
    expect(() => withoutPrefix('app:', '*', 'pattern')).toThrow(RangeError);
    expect(() => withoutPrefix('app:', 'app:', 'key')).toThrow(/1-512 characters after/);
    expect(() => withoutPrefix('app:', `app:${'k'.repeat(513)}`, 'key')).toThrow(RangeError);
  });

  it('builds a MATCH glob that stays inside the prefix', () => {
    expect(matchInPrefix('app:', 'notes:*')).toBe('app:notes:*');
    // A prefix is checked to hold no glob characters; were one there, it would be literal.
    expect(matchInPrefix('a*b:', '*')).toBe('a\\*b:*');
    expect(() => matchInPrefix('app:', '')).toThrow(RangeError);
  });
});
