// Failed sign-ins are limited per client address across the fleet: two `next start` instances
// share the count through Redis, so the 11th wrong token within a minute gets 429 on either one.
// The instances get a Redis key prefix of their own, so the limit they reach does not lock the
// other tests (which sign in from the same address) out of the main server.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { startInstance, type AppInstance } from './instances';
import { healthToken } from './support';

const signIn = (request: APIRequestContext, app: AppInstance, token: string, spoof?: string) =>
  request.post(`${app.url}/api/session`, {
    data: { token },
    // With TRUSTED_PROXY_HOPS=0 (the default) a client's X-Forwarded-For must not change its
    // address: each attempt below claims another one.
    headers: spoof ? { 'x-forwarded-for': spoof } : {},
    failOnStatusCode: false,
  });

test('the 11th wrong sign-in within a minute gets 429 on any instance', async ({ request }) => {
  test.setTimeout(240_000);
  const env = { REDIS_KEY_PREFIX: `e2e-limit-${process.pid}-${Date.now()}:` };
  const [a, b] = await Promise.all([
    startInstance({ env, timeoutMs: 180_000 }),
    startInstance({ env, timeoutMs: 180_000 }),
  ]);
  try {
    // Both instances connected to Redis (the count lives there, not in either process).
    for (const app of [a, b]) {
      await expect
        .poll(
          async () => {
            const res = await request.get(`${app.url}/api/health/redis`, {
              headers: { authorization: `Bearer ${healthToken()}` },
            });
            return ((await res.json()) as { cache?: { status?: string } }).cache?.status;
          },
          { timeout: 30_000 },
        )
        .toBe('ready');
    }
    for (let i = 1; i <= 10; i++) {
      const res = await signIn(request, a, `wrong-token-${i}`, `203.0.113.${i}`);
      expect(res.status(), `attempt ${i} on instance A`).toBe(401);
    }
    const limited = await signIn(request, b, 'wrong-token-11', '198.51.100.11');
    expect(limited.status(), 'attempt 11 on instance B').toBe(429);
    const retryAfter = Number(limited.headers()['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await limited.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.message).toMatch(/try again in \d+ s/);
    // The right token waits too, on both instances, and gets no cookie.
    for (const app of [a, b]) {
      const right = await signIn(request, app, healthToken());
      expect(right.status()).toBe(429);
      expect(right.headers()['set-cookie']).toBeUndefined();
    }
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});
