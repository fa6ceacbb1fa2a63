// The example routes against the real stack: the user's route through withAnonClient (RLS), the
// admin route through withServiceClient.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, faults, sql } from '../../../scripts/testing/stack';
import { cacheMetrics, getRedisClient } from '@/lib/cache';
import { GET as adminGET } from '../admin/notes/route';
import { GET, POST } from './route';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
process.env.ADMIN_TOKEN = ADMIN_TOKEN;

const base = 'http://app.test/api/notes';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const post = (token: string, body: unknown) =>
  POST(
    new Request(base, {
      method: 'POST',
      headers: { ...auth(token), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );

describe('/api/notes (signed-in user, withAnonClient)', () => {
  let alice: { id: string; accessToken: string };
  let bob: { id: string; accessToken: string };
  beforeAll(async () => {
    alice = await createUser();
    bob = await createUser();
    await sql(`insert into public.notes (user_id, title) values ('${bob.id}', 'bob only')`);
  });

  it('refuses a request without a token with a JSON 401', async () => {
    const res = await GET(new Request(base));
    expect(res.status).toBe(401);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('creates a note and lists only the caller’s notes', async () => {
    const created = await post(alice.accessToken, { title: 'hello', body: 'world' });
    expect(created.status).toBe(201);
    const { note } = (await created.json()) as { note: { id: number; title: string } };
    expect(note.title).toBe('hello');

    const res = await GET(new Request(`${base}?limit=10`, { headers: auth(alice.accessToken) }));
    expect(res.status).toBe(200);
    const { notes } = (await res.json()) as { notes: Array<{ id: number; title: string }> };
    expect(notes.map((n) => n.title)).toEqual(['hello']);
    expect(await sql(`select user_id from public.notes where id = ${note.id}`)).toBe(alice.id);
  });

  it('reads come from the cache until a write invalidates them', async () => {
    const carol = await createUser();
    const list = async () => {
      const res = await GET(new Request(`${base}?limit=5`, { headers: auth(carol.accessToken) }));
      return ((await res.json()) as { notes: Array<{ title: string }> }).notes.map((n) => n.title);
    };
    const redis = getRedisClient();
    await vi.waitFor(() => expect(redis.status).toBe('ready'), { timeout: 5_000 });
    const hitsBefore = cacheMetrics().counters().hits;
    expect(await list()).toEqual([]);
    await new Promise((r) => setTimeout(r, 50)); // the cache write is not awaited by the route
    // A row written behind the app's back is not seen while the cached list is fresh...
    await sql(
      `insert into public.notes (user_id, title) values ('${carol.id}', 'behind the back')`,
    );
    expect(await list()).toEqual([]);
    expect(cacheMetrics().counters().hits).toBe(hitsBefore + 1);
    // ...and a write through the route invalidates it.
    expect((await post(carol.accessToken, { title: 'through the app' })).status).toBe(201);
    expect((await list()).sort()).toEqual(['behind the back', 'through the app']);
  });

  it('Redis killed mid-traffic: the route keeps answering from the database, then caching resumes', async () => {
    const dave = await createUser();
    await sql(
      `insert into public.notes (user_id, title) values ('${dave.id}', 'from the database')`,
    );
    const redis = getRedisClient();
    await vi.waitFor(() => expect(redis.status).toBe('ready'), { timeout: 5_000 });
    const list = async () => {
      const started = performance.now();
      const res = await GET(new Request(`${base}?limit=3`, { headers: auth(dave.accessToken) }));
      const titles = ((await res.json()) as { notes: Array<{ title: string }> }).notes.map(
        (n) => n.title,
      );
      return { status: res.status, titles, ms: performance.now() - started };
    };
    await faults.kill('redis');
    try {
      await vi.waitFor(() => expect(cacheMetrics().status).toBe('reconnecting'), {
        timeout: 5_000,
      });
      const bypassesBefore = cacheMetrics().counters().bypasses;
      for (let i = 0; i < 10; i++) {
        const r = await list();
        expect(r).toMatchObject({ status: 200, titles: ['from the database'] });
        expect(r.ms).toBeLessThan(1_000); // never stuck behind Redis (command timeout 250 ms)
      }
      expect(cacheMetrics().counters().bypasses).toBeGreaterThanOrEqual(bypassesBefore + 10);
    } finally {
      await faults.start('redis');
    }
    await vi.waitFor(
      async () => {
        await list();
        await new Promise((r) => setTimeout(r, 20));
        const hits = cacheMetrics().counters().hits;
        expect((await list()).titles).toEqual(['from the database']);
        expect(cacheMetrics().counters().hits).toBe(hits + 1);
      },
      { timeout: 8_000, interval: 200 },
    );
    expect(getRedisClient()).toBe(redis); // the same client reconnected: no restart
  });

  it('an idempotency key makes a repeated create land once', async () => {
    const key = randomUUID();
    const first = (await (
      await post(alice.accessToken, { title: 'once', idempotencyKey: key })
    ).json()) as { note: { id: number } };
    const second = (await (
      await post(alice.accessToken, { title: 'once', idempotencyKey: key })
    ).json()) as { note: { id: number } };
    expect(second.note.id).toBe(first.note.id);
    expect(await sql(`select count(*) from public.notes where idempotency_key = '${key}'`)).toBe(
      '1',
    );
  });

  it.each([
    ['an empty title', { title: '' }, /title/],
    ['an unknown field', { title: 'x', owner: 'someone' }, /owner|unrecognized/i],
    ['a bad idempotency key', { title: 'x', idempotencyKey: 'nope' }, /idempotencyKey/],
  ])('rejects %s with a 400 that says what is wrong', async (_label, body, message) => {
    const res = await post(alice.accessToken, body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe('BAD_REQUEST');
    expect(json.error.message).toMatch(message);
  });

  it('rejects bad query parameters and non-JSON bodies with a 400', async () => {
    expect(
      (await GET(new Request(`${base}?limit=1000`, { headers: auth(alice.accessToken) }))).status,
    ).toBe(400);
    expect(
      (await GET(new Request(`${base}?foo=1`, { headers: auth(alice.accessToken) }))).status,
    ).toBe(400);
    const res = await POST(
      new Request(base, {
        method: 'POST',
        headers: { ...auth(alice.accessToken), 'content-type': 'application/json' },
        body: '{nope',
      }),
    );
    expect(res.status).toBe(400);
  });

  it('a forged token is refused by the database without leaking details', async () => {
    const forged = `${alice.accessToken.slice(0, -4)}AAAA`;
    const res = await GET(new Request(base, { headers: auth(forged) }));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const text = await res.text();
    expect(text).not.toMatch(/JWS|signature|stack|at \//i);
  });
});

describe('/api/admin/notes (operators, withServiceClient)', () => {
  it('needs the admin token', async () => {
    const res = await adminGET(new Request('http://app.test/api/admin/notes'));
    expect(res.status).toBe(401);
    const wrong = await adminGET(
      new Request('http://app.test/api/admin/notes', { headers: auth('x'.repeat(32)) }),
    );
    expect(wrong.status).toBe(401);
  });

  it('sees every user’s notes', async () => {
    const res = await adminGET(
      new Request('http://app.test/api/admin/notes?limit=100', { headers: auth(ADMIN_TOKEN) }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { totalNotes: number; latest: Array<{ user_id: string }> };
    expect(body.totalNotes).toBe(Number(await sql('select count(*) from public.notes')));
    expect(new Set(body.latest.map((n) => n.user_id)).size).toBeGreaterThanOrEqual(2);
  });
});
