import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import {
  CacheTimeoutError,
  CacheUnavailableError,
  classifyRedisError,
  isCacheTimeoutError,
  isCacheUnavailableError,
  toCacheError,
} from './cache-errors';

const withCode = (message: string, code: string, name = 'Error') =>
  Object.assign(new Error(message), { code, name });

describe('classifyRedisError', () => {
  it('names timeouts, connection failures and the rest', () => {
    expect(classifyRedisError(new Error('Command timed out'))).toMatchObject({ kind: 'timeout' });
    expect(classifyRedisError(withCode('connect ETIMEDOUT', 'ETIMEDOUT'))).toMatchObject({
      kind: 'timeout',
      redisCode: 'ETIMEDOUT',
    });
    expect(
      classifyRedisError(withCode('connect ECONNREFUSED 127.0.0.1:6390', 'ECONNREFUSED')),
    ).toEqual({
      kind: 'connection',
      redisCode: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED [host]',
    });
    const offline = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    expect(classifyRedisError(offline).kind).toBe('connection');
    const retries = Object.assign(new Error('Reached the max retries per request limit'), {
      name: 'MaxRetriesPerRequestError',
    });
    expect(classifyRedisError(retries)).toMatchObject({
      kind: 'connection',
      redisCode: 'MaxRetriesPerRequestError',
    });
    const reply = Object.assign(new Error('WRONGTYPE Operation against a key'), {
      name: 'ReplyError',
    });
    expect(classifyRedisError(reply)).toMatchObject({ kind: 'other', redisCode: 'WRONGTYPE' });
    expect(classifyRedisError('weird')).toMatchObject({ kind: 'other', message: 'weird' });
  });

  it('strips the given secrets from the message', () => {
    const c = classifyRedisError(new Error('bad password hunter2222'), ['hunter2222']);
    expect(c.message).toBe('bad password [redacted]');
  });
});

describe('toCacheError', () => {
  it('wraps timeouts and everything else as AppErrors with the original as cause', () => {
    const raw = new Error('Command timed out');
    const t = toCacheError(raw);
    expect(t).toBeInstanceOf(CacheTimeoutError);
    expect(isCacheTimeoutError(t) && isAppError(t)).toBe(true);
    expect(t.code).toBe('CACHE_TIMEOUT');
    expect(t.cause).toBe(raw);
    const u = toCacheError(withCode('connect ECONNREFUSED 10.1.2.3:6379', 'ECONNREFUSED'));
    expect(u).toBeInstanceOf(CacheUnavailableError);
    expect(isCacheUnavailableError(u)).toBe(true);
    expect(u.message).not.toContain('10.1.2.3');
    expect(u.context).toEqual({ kind: 'connection', redisCode: 'ECONNREFUSED' });
    expect(u.publicMessage).toBe('The cache is unavailable');
    expect(toCacheError(u)).toBe(u);
    expect(isCacheTimeoutError(u) || isCacheUnavailableError(new Error('x'))).toBe(false);
  });
});
