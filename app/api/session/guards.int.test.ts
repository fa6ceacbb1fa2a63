// POST /api/session under bad input, other methods, cross-site requests, HTTPS proxies and
// repeated wrong tokens (issue #11): always a JSON answer with the right 4xx, never a 500.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cacheConfig, getRedisClient } from '@/lib/cache';
import { faults } from '../../../scripts/testing/stack';
import { POST } from './route';

const TOKEN = 'session-token-for-guard-tests-0123456789';
process.env.HEALTH_TOKEN = TOKEN;

// Counting in Redis needs the shared client connected (until then the limiter counts in memory).
beforeAll(async () => {
  await faults.start('redis'); // harmless when it is running
  await vi.waitFor(() => expect(getRedisClient().status).toBe('ready'), { timeout: 5_000 });
});

// Bad input, methods, cross-site requests, HTTPS and the failed sign-in limit (issue #11).
describe('/api/session guards', () => {
  let client = 0;
  /** A fresh client address per test, as Next gives it (see lib/api/forwarded.ts). */
  const address = () => `198.51.100.${++client}`;
  const send = (init: RequestInit & { headers?: Record<string, string> }, from = address()) =>
    POST(
      new Request('http://app.test/api/session', {
        method: 'POST',
        ...init,
        headers: { 'x-forwarded-for': from, ...init.headers },
      }),
    );
  const asJson = (token: unknown, headers: Record<string, string> = {}, from?: string) =>
    send(
      {
        body: JSON.stringify({ token }),
        headers: { 'content-type': 'application/json', ...headers },
      },
      from,
    );

  async function expectJsonError(res: Response, status: number, code: string) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
  }

  it.each([
    ['multipart without a boundary', 'multipart/form-data', 'garbage'],
    ['garbage under a boundary', 'multipart/form-data; boundary=xyz', '\u0000\u00ff garbage'],
    ['JSON that does not parse', 'application/json', '{"token": '],
    ['a token of the wrong type', 'application/json', '{"token": ["x"]}'],
    ['an unknown field', 'application/x-www-form-urlencoded', 'token=a&admin=1'],
  ])('answers 400 JSON, never 500, for %s', async (_name, type, body) => {
    await expectJsonError(
      await send({ body, headers: { 'content-type': type } }),
      400,
      'BAD_REQUEST',
    );
  });

  it('answers other methods with a 405 naming POST', async () => {
    const { PUT, GET, DELETE } = await import('./route');
    for (const handler of [PUT, GET, DELETE]) {
      const res = await handler(new Request('http://app.test/api/session', { method: 'PUT' }));
      expect(res.headers.get('allow')).toBe('POST');
      const body = (await res.clone().json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/POST/);
      expect(body.error.message).not.toMatch(/GET/);
      await expectJsonError(res, 405, 'METHOD_NOT_ALLOWED');
    }
  });

  it('refuses a cross-site Origin with a 403 and lets the same origin or no Origin pass', async () => {
    const host = { host: 'app.test' };
    await expectJsonError(
      await asJson(TOKEN, { ...host, origin: 'https://evil.example' }),
      403,
      'FORBIDDEN',
    );
    await expectJsonError(await asJson(TOKEN, { ...host, origin: 'null' }), 403, 'FORBIDDEN');
    await expectJsonError(
      await asJson(TOKEN, { ...host, 'sec-fetch-site': 'cross-site' }),
      403,
      'FORBIDDEN',
    );
    expect((await asJson(TOKEN, { ...host, origin: 'http://app.test' })).status).toBe(200);
    expect((await asJson(TOKEN, host)).status).toBe(200);
  });

  it('marks the cookie Secure behind a proxy that terminated HTTPS, and only then', async () => {
    const proxied = await asJson(TOKEN, { 'x-forwarded-proto': 'https' });
    expect(proxied.headers.get('set-cookie')).toMatch(/; Secure$/);
    const plain = await asJson(TOKEN);
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('limits failed sign-ins per address: the 11th within a minute gets 429, counted in Redis', async () => {
    const from = address();
    for (let i = 0; i < 10; i++) expect((await asJson('wrong-token', {}, from)).status).toBe(401);
    const limited = await asJson('wrong-token', {}, from);
    await expectJsonError(limited.clone(), 429, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Even the right token waits: the limit must not tell a guesser when it got it right.
    expect((await asJson(TOKEN, {}, from)).status).toBe(429);
    // Another address is unaffected, and right tokens do not count as failures.
    const other = address();
    for (let i = 0; i < 12; i++) expect((await asJson(TOKEN, {}, other)).status).toBe(200);
    const redis = getRedisClient();
    const keys = await redis.keys(`${cacheConfig().keyPrefix}signin:failures:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
    expect(keys.join(' ')).not.toContain(from);
  });

  it('keeps limiting in memory while Redis is down', async () => {
    const from = address();
    await faults.kill('redis');
    try {
      await vi.waitFor(() => expect(getRedisClient().status).not.toBe('ready'), {
        timeout: 5_000,
      });
      for (let i = 0; i < 10; i++) expect((await asJson('wrong-token', {}, from)).status).toBe(401);
      await expectJsonError(await asJson('wrong-token', {}, from), 429, 'RATE_LIMITED');
    } finally {
      await faults.start('redis');
    }
  });
});
