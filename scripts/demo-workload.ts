// A modest demo workload for `npm start` on the local stack, so a new user sees live charts at
// once: a signed-in user reading (cached) and now and then writing notes (which invalidates the
// cached lists), an operator reading the admin overview, some wider reads. About 8 requests a
// second, through the app's own routes.
// Off with DEMO_WORKLOAD=0.
import { randomUUID } from 'node:crypto';
import { mintUserToken, runSql, type StackState } from './stack/index.ts';

export interface DemoIdentity {
  readonly userToken: string;
  readonly adminToken: string;
}

/** Creates the demo user in the stack's auth.users and mints its token. */
export async function prepareDemo(state: StackState, adminToken: string): Promise<DemoIdentity> {
  const id = randomUUID();
  await runSql(
    state,
    `insert into auth.users (id, email) values ('${id}', 'demo-${id.slice(0, 8)}@example.test')`,
  );
  return { userToken: await mintUserToken(state.jwtSecret, id, 7 * 24 * 3600), adminToken };
}

/** Starts the loop against `baseUrl`; returns a stop function. Failures are expected (faults). */
export function startDemoWorkload(baseUrl: string, who: DemoIdentity, perSecond = 8): () => void {
  let n = 0;
  const user = { authorization: `Bearer ${who.userToken}` };
  const admin = { authorization: `Bearer ${who.adminToken}` };
  const tick = () => {
    n += 1;
    const r = Math.random();
    let request: Promise<Response>;
    if (r < 0.7) request = fetch(`${baseUrl}/api/notes?limit=10`, { headers: user });
    else if (r < 0.73)
      request = fetch(`${baseUrl}/api/notes`, {
        method: 'POST',
        headers: { ...user, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: `demo note ${n}`,
          body: 'written by the demo workload',
          idempotencyKey: randomUUID(),
        }),
      });
    else if (r < 0.9) request = fetch(`${baseUrl}/api/admin/notes?limit=20`, { headers: admin });
    else request = fetch(`${baseUrl}/api/notes?limit=${n % 2 === 0 ? 25 : 50}`, { headers: user });
    request.then((res) => res.arrayBuffer()).catch(() => {});
  };
  const timer = setInterval(tick, Math.round(1000 / perSecond));
  return () => clearInterval(timer);
}
