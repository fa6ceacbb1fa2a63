// How a callback's queries are joined to their wrapped call: plain and async callbacks, several
// queries at once, the user's token, and a chained query that would escape the wrapper.
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, gatewayStats, resetGatewayStats, sql } from '../../scripts/testing/stack';
import { liveAttempts } from './attempt-context';
import { testExecutor } from './test-support';

describe('callback scope', () => {
  let user: { id: string; accessToken: string };
  beforeAll(async () => {
    user = await createUser();
    await sql(
      `insert into public.notes (user_id, title) values ('${user.id}', 'scope a'), ('${user.id}', 'scope b')`,
    );
  });

  it('an async callback with several awaited queries runs each as the user', async () => {
    const ex = testExecutor('anon');
    const titles = await ex.run(
      async (db) => {
        const first = await db.from('notes').select('title').order('title');
        const second = await db.from('notes').select('id');
        return {
          error: first.error ?? second.error,
          data: [first.data?.map((r) => r.title), second.data?.length],
        };
      },
      { context: 'test.async' },
      user.accessToken,
    );
    expect(titles).toEqual([['scope a', 'scope b'], 2]);
  });

  it('a plain callback returning Promise.all of queries runs them all in the call', async () => {
    const ex = testExecutor('anon');
    await resetGatewayStats();
    const [a, b] = await ex.run(
      (db) =>
        Promise.all([
          db.from('notes').select('title'),
          db.rpc('health_ping', undefined, { get: true }),
        ]),
      {},
      user.accessToken,
    );
    expect(a.error).toBeNull();
    expect(a.data).toHaveLength(2); // as the user: RLS shows exactly their two notes
    expect(b.data).toBe(1);
    expect((await gatewayStats()).total).toBe(2);
  });

  it('the same callback without the token sees no rows (anon)', async () => {
    const ex = testExecutor('anon');
    expect(await ex.run((db) => db.from('notes').select('title'))).toEqual([]);
  });

  it('a query chained with .then() in a plain callback is refused with a clear, non-retried error', async () => {
    const ex = testExecutor('service', { maxAttempts: 3 });
    await resetGatewayStats();
    const err = await ex
      .run((db) =>
        db.rpc('health_ping', undefined, { get: true }).then(() => db.from('notes').select('id')),
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DB_QUERY' });
    expect(String((err as Error).message)).toMatch(/outside a wrapped call/);
    expect(ex.metrics.stats().retries).toBe(0);
    expect(ex.breaker.snapshot().window.failures).toBe(0);
    expect((await gatewayStats()).total).toBe(1); // the chained query never left the process
  });

  it('no attempt stays registered after calls end', async () => {
    const ex = testExecutor('service');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        ex.run((db) => db.rpc('health_ping', undefined, { get: true })),
      ),
    );
    expect(liveAttempts()).toBe(0);
  });
});
