// The slow-query route against the real stack: the database really sleeps, the call is recorded
// as slow under its context, and access, bad input and other methods get JSON errors.
import { describe, expect, it } from 'vitest';
import { getDbSnapshot } from '@/lib/db';
import { DELETE, GET, POST } from './route';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
process.env.ADMIN_TOKEN = ADMIN_TOKEN;

const url = (query = '') => `http://app.test/api/admin/demo/slow-query${query}`;
const asAdmin = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('GET /api/admin/demo/slow-query', () => {
  it('refuses a request without the admin token with a JSON 401', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-the-admin-token-at-all' }] as Record<
      string,
      string
    >[]) {
      const res = await GET(new Request(url('?ms=300'), { headers }));
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('sleeps in the database and is listed among the slow calls', async () => {
    const threshold = getDbSnapshot().service.config.slowCallMs;
    const ms = threshold + 150;
    const before = getDbSnapshot().service.lifetime.slowCalls;
    const started = performance.now();
    const res = await GET(new Request(url(`?ms=${ms}`), { headers: asAdmin }));
    const took = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ sleptMs: ms });
    expect(took).toBeGreaterThanOrEqual(ms);
    const snap = getDbSnapshot().service;
    expect(snap.lifetime.slowCalls).toBe(before + 1);
    const slow = snap.slowCalls.at(-1);
    expect(slow).toMatchObject({ context: 'demo.slow_query', outcome: 'success', attempts: 1 });
    expect(slow!.durationMs).toBeGreaterThanOrEqual(ms);
  });

  it('refuses out-of-range and unknown parameters with a JSON 400, before the database', async () => {
    const calls = getDbSnapshot().service.lifetime.calls;
    for (const query of ['?ms=0', '?ms=2001', '?ms=abc', '?ms=10&x=1']) {
      const res = await GET(new Request(url(query), { headers: asAdmin }));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    expect(getDbSnapshot().service.lifetime.calls).toBe(calls);
  });

  it('answers other methods with a JSON 405', async () => {
    for (const handler of [POST, DELETE]) {
      const res = await handler(new Request(url(), { method: 'POST', headers: asAdmin }));
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
    }
  });
});
