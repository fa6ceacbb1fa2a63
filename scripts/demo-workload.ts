// The demo workload of `npm start` on the local stack, so a new user sees every chart move at
// once: signed-in users reading their (cached) notes and now and then writing, which invalidates
// them; an operator's overview; bursts of writes; occasional slow queries (the database sleeps)
// and caller errors (a write that row-level security refuses). About 8 requests a second through
// the app's own routes, 3 of them reaching the database; the mix is scripts/demo/demo-schedule.ts.
// Off with DEMO_WORKLOAD=0. Faults to watch it through: npm run chaos.
import { randomUUID } from 'node:crypto';
import { demoTick, type DemoRequest } from './demo/demo-schedule.ts';
import {
  POSTGREST_DB_POOL,
  appEnv,
  mintUserToken,
  runSql,
  type StackState,
} from './stack/index.ts';

export interface DemoIdentity {
  /** One access token per demo user. */
  readonly userTokens: readonly string[];
  readonly adminToken: string;
}

export const DEMO_USERS = 8;

/** Creates the demo users in the stack's auth.users and mints their tokens. */
export async function prepareDemo(
  state: StackState,
  adminToken: string,
  users = DEMO_USERS,
): Promise<DemoIdentity> {
  const ids = Array.from({ length: users }, () => randomUUID());
  await runSql(
    state,
    `insert into auth.users (id, email) values ${ids
      .map((id) => `('${id}', 'demo-${id.slice(0, 8)}@example.test')`)
      .join(', ')}`,
  );
  const userTokens = await Promise.all(
    ids.map((id) => mintUserToken(state.jwtSecret, id, 7 * 24 * 3600)),
  );
  return { userTokens, adminToken };
}

/**
 * Opens PostgREST's database connections before the demo starts, straight through the stack's
 * gateway (so no app metric records it): otherwise the demo's first concurrent calls each wait
 * for a new PostgreSQL backend, and on a busy machine those slow first calls are the first
 * minute's p95.
 */
export async function warmStack(state: StackState): Promise<void> {
  const { SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY: key } = appEnv(state);
  await Promise.all(
    Array.from({ length: POSTGREST_DB_POOL }, () =>
      fetch(`${SUPABASE_URL}/rest/v1/rpc/demo_slow_query`, {
        method: 'POST',
        headers: {
          apikey: key!,
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
        },
        // Long enough for the calls to overlap, so each holds a connection of its own.
        body: JSON.stringify({ ms: 100 }),
      }).then(
        (res) => res.arrayBuffer(),
        () => undefined,
      ),
    ),
  );
}

/**
 * Starts the loop against `baseUrl`; returns a stop function. Failures are expected (faults,
 * the deliberate caller errors) and ignored.
 */
export function startDemoWorkload(baseUrl: string, who: DemoIdentity, perSecond = 8): () => void {
  const users = who.userTokens.length;
  const admin = { authorization: `Bearer ${who.adminToken}` };
  const user = (i: number) => ({ authorization: `Bearer ${who.userTokens[i]}` });
  // The latest write's idempotency key and its owner: another user reusing it is refused.
  let lastWrite: { user: number; key: string } | undefined;
  let n = 0;

  const create = (i: number, key: string) =>
    fetch(`${baseUrl}/api/notes`, {
      method: 'POST',
      headers: { ...user(i), 'content-type': 'application/json' },
      body: JSON.stringify({
        title: `demo note ${n}`,
        body: 'written by the demo',
        idempotencyKey: key,
      }),
    });

  const send = (req: DemoRequest): Promise<Response> | undefined => {
    switch (req.kind) {
      case 'list':
        return fetch(`${baseUrl}/api/notes?limit=${req.limit}`, { headers: user(req.user) });
      case 'overview':
        return fetch(`${baseUrl}/api/admin/notes?limit=${req.limit}`, { headers: admin });
      case 'create': {
        const key = randomUUID();
        lastWrite = { user: req.user, key };
        return create(req.user, key);
      }
      case 'slow-query':
        return fetch(`${baseUrl}/api/admin/demo/slow-query?ms=${req.ms}`, { headers: admin });
      case 'foreign-key-write':
        return lastWrite ? create((lastWrite.user + 1) % users, lastWrite.key) : undefined;
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  void (async () => {
    // One request per route first, one at a time: the server loads each route and opens its
    // connections once, instead of under a dozen concurrent requests whose slow first calls
    // would weigh on the first minute's latency figures. The 1 ms "slow" query goes first: a
    // single cheap call pays the process's first-call costs, not the overview's pair of calls.
    for (const req of [
      { kind: 'slow-query', ms: 1 },
      { kind: 'list', user: 0, limit: 10 },
      { kind: 'overview', limit: 20 },
    ] as const) {
      if (stopped) return;
      await send(req)
        ?.then((res) => res.arrayBuffer())
        .catch(() => {});
    }
    if (stopped) return;
    timer = setInterval(
      () => {
        for (const req of demoTick(n, { perSecond, users, random: Math.random }))
          send(req)
            ?.then((res) => res.arrayBuffer())
            .catch(() => {});
        n += 1;
      },
      Math.round(1000 / perSecond),
    );
  })();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
