// Dashboard sign-in: the token is checked in constant time, the cookie holds an HMAC of it,
// and the cookie opens the detailed health endpoints.
import { describe, expect, it } from 'vitest';
import { GET as dbDetails } from '../health/db/route';
import { POST } from './route';
import { POST as signOut } from './signout/route';

const TOKEN = 'session-token-for-tests-0123456789';
process.env.HEALTH_TOKEN = TOKEN;

const json = (body: unknown) =>
  POST(
    new Request('http://app.test/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
const form = (token: string) =>
  POST(
    new Request('http://app.test/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    }),
  );

describe('/api/session', () => {
  it('refuses a wrong token (401 JSON, or back to the form with an error) and sets no cookie', async () => {
    const res = await json({ token: `${TOKEN}x` });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    const viaForm = await form('wrong');
    expect(viaForm.status).toBe(303);
    expect(viaForm.headers.get('location')).toBe('/signin?error=1');
    expect(viaForm.headers.get('set-cookie')).toBeNull();
  });

  it('signs in with the right token: an HTTP-only same-site cookie that is not the token', async () => {
    const res = await form(TOKEN);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      /^health_session=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+/,
    );
    expect(cookie).not.toContain(TOKEN);
    const value = cookie.split(';')[0]!;
    expect((await dbDetails(new Request('http://app.test/api/health/db'))).status).toBe(401);
    expect(
      (
        await dbDetails(
          new Request('http://app.test/api/health/db', { headers: { cookie: value } }),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await dbDetails(
          new Request('http://app.test/api/health/db', { headers: { cookie: `${value}x` } }),
        )
      ).status,
    ).toBe(401);
  });

  it('rejects a body without a token with a 400, and signs out by expiring the cookie', async () => {
    expect((await json({})).status).toBe(400);
    const bad = await POST(
      new Request('http://app.test/api/session', { method: 'POST', body: 'token=x' }),
    );
    expect(bad.status).toBe(400);
    const out = await signOut(
      new Request('http://app.test/api/session/signout', { method: 'POST' }),
    );
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });
});
