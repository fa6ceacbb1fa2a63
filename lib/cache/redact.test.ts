import { describe, expect, it } from 'vitest';
import { redact, secretsOf } from './redact';

describe('redact', () => {
  it('removes Redis URLs, host:port pairs and given secrets, and bounds the length', () => {
    expect(redact('connect to redis://:hunter22@10.0.0.5:6380/0 failed')).toBe(
      'connect to redis://[redacted] failed',
    );
    expect(redact('connect ECONNREFUSED 127.0.0.1:6379')).toBe('connect ECONNREFUSED [host]');
    expect(redact('connect ECONNREFUSED [::1]:6379')).toBe('connect ECONNREFUSED [host]');
    expect(redact('auth with s3cr3t-pass failed', ['s3cr3t-pass'])).toBe(
      'auth with [redacted] failed',
    );
    expect(redact('x'.repeat(500))).toHaveLength(200);
  });

  it('does not blank out words for secrets too short to be real', () => {
    expect(redact('a b c', ['a'])).toBe('a b c');
  });
});

describe('secretsOf', () => {
  it('lists the URL and its password, raw and decoded', () => {
    const url = 'rediss://default:p%40ss-word@cache.internal:6379';
    expect(secretsOf(url)).toEqual([url, 'p%40ss-word', 'p@ss-word']);
    expect(secretsOf('redis://127.0.0.1:6379')).toEqual(['redis://127.0.0.1:6379']);
    expect(secretsOf(undefined)).toEqual([]);
  });
});
