import { describe, expect, it } from 'vitest';
import { bearerToken } from './auth';

const withAuth = (value: string) =>
  new Request('http://app.test/x', { headers: { authorization: value } });

describe('bearerToken', () => {
  it('returns a JWT-shaped access token', () => {
    expect(bearerToken(withAuth('Bearer aaa.bbb.ccc'))).toBe('aaa.bbb.ccc');
    expect(bearerToken(withAuth('bearer aaa.bbb.ccc'))).toBe('aaa.bbb.ccc');
  });

  it.each([
    ['no header', undefined],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty token', 'Bearer '],
    ['a token that is not a JWT', 'Bearer garbage'],
    ['two segments', 'Bearer aaa.bbb'],
    ['four segments', 'Bearer a.b.c.d'],
    ['characters outside base64url', 'Bearer a+b.c/d.e='],
    ['a space inside', 'Bearer aaa.bbb ccc'],
  ])('refuses %s with a 401', (_name, value) => {
    const request = value === undefined ? new Request('http://app.test/x') : withAuth(value);
    expect(() => bearerToken(request)).toThrow(
      expect.objectContaining({ status: 401, code: 'UNAUTHORIZED' }),
    );
  });
});
