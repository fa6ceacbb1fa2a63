// Read replicas in the fleet view: two `next start` instances of their own fleet (their own
// FLEET_KEY_PREFIX), both configured with the e2e stack's read replica.
// - With the primary's PostgREST stopped, replica-ok reads on both fail over to the replica: the
//   fleet's answer (from either instance) says failover is active on 2 of 2 instances, with each
//   instance's activation on its own timeline, and the database page shows it.
// - The fleet's replica calls and routed reads equal the sum of each instance's own figures.
import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { readState, replicaUrls, startService, stopService } from '../scripts/stack/index.ts';
import { startInstance, type AppInstance } from './instances';
import { healthToken } from './support';

const ADMIN_TOKEN = 'e2e-replica-fleet-admin-token-0123';
const prefix = `fleet:e2e-rf-${randomUUID().slice(0, 8)}:`;
let instances: AppInstance[] = [];

function stack() {
  const state = readState(process.env.E2E_STACK!);
  if (!state) throw new Error('the e2e stack is not running');
  return state;
}

interface Replicas {
  configured: boolean;
  readsGoTo: string;
  replicas: Array<{
    name: string;
    reads: number;
    eligible: boolean;
    client: { lifetime: { calls: number; successes: number } };
    perInstance?: Array<{ instance: string; calls: number }>;
  }>;
  failover: {
    active: boolean;
    activations: number;
    transitions: Array<{ kind: string; to: string; instance?: string }>;
  };
  fleet?: {
    instances: number;
    failingOver: number;
    failingOverShare: number;
    perInstance: Array<{ instance: string; failingOver: boolean }>;
  };
}
interface DbView {
  scope: { scope: string; subject: string; fleetAvailable: boolean };
  replicas: Replicas;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${healthToken()}` } });
  expect(res.status, `${url}: ${res.status}`).toBe(200);
  return (await res.json()) as T;
}

/** One operators' overview read (replica-ok); its limit varies past the 10 s cache. */
let n = 0;
async function overview(app: AppInstance): Promise<number> {
  n += 1;
  const res = await fetch(`${app.url}/api/admin/notes?limit=${(n % 100) + 1}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    signal: AbortSignal.timeout(10_000),
  }).catch(() => undefined);
  await res?.arrayBuffer();
  return res?.status ?? 0;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const env = {
    ADMIN_TOKEN,
    FLEET_KEY_PREFIX: prefix,
    FLEET_FLUSH_MS: '1000',
    FLEET_INSTANCE_TTL_MS: '10000',
    SUPABASE_READ_REPLICA_URLS: replicaUrls(stack()).join(','),
    DB_FAILOVER_MIN_MS: '1000',
    // One lag probe a minute, so that reading the figures adds no replica calls between reads.
    DB_REPLICA_LAG_PROBE_MS: '60000',
    DB_REPLICA_MAX_LAG_MS: '120000',
    DB_BREAKER_CONSECUTIVE_FAILURES: '3',
    DB_BREAKER_RESET_MS: '2000',
    HEALTH_PROBE_TTL_MS: '500',
  };
  instances = await Promise.all(
    ['a', 'b'].map((x) => startInstance({ id: `rf-${x}-${randomUUID().slice(0, 4)}`, env })),
  );
});

test.afterAll(async () => {
  await startService(stack(), 'postgrest');
  await Promise.all(instances.map((i) => i.stop()));
});

async function signIn(page: Page, app: AppInstance) {
  await page.goto(`${app.url}/signin`);
  await page.getByLabel('Health token').fill(healthToken());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${app.url}/`);
}

test('primary PostgREST stopped: the fleet shows failover on both instances, and its replica figures are the sum of theirs', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const [a, b] = instances as [AppInstance, AppInstance];
  // Both instances have a lag reading (the replica takes reads) before the fault.
  for (const app of [a, b]) {
    expect(await overview(app)).toBe(200);
    await expect
      .poll(
        async () =>
          (await getJson<DbView>(`${app.url}/api/health/db?scope=instance`)).replicas.replicas[0]
            ?.eligible,
        { timeout: 20_000 },
      )
      .toBe(true);
  }
  await stopService(stack(), 'postgrest');
  try {
    const statuses: number[] = [];
    // Uneven load: 30 reads on a, 15 on b.
    for (let i = 0; i < 45; i++) statuses.push(await overview(i % 3 === 2 ? b : a));
    const ok = statuses.filter((s) => s === 200).length;
    console.log(`45 replica-ok reads with the primary's PostgREST stopped: ${ok} answered 200`);
    expect(ok).toBeGreaterThanOrEqual(44);

    // The fleet's answer, from either instance: failover active on 2 of 2 instances.
    for (const app of [a, b]) {
      await expect
        .poll(
          async () => {
            const r = (await getJson<DbView>(`${app.url}/api/health/db?scope=fleet`)).replicas;
            return [r.failover.active, r.fleet?.failingOver, r.fleet?.instances, r.readsGoTo];
          },
          { timeout: 15_000 },
        )
        .toEqual([true, 2, 2, 'replica-1']);
    }
    const fleet = (await getJson<DbView>(`${a.url}/api/health/db?scope=fleet`)).replicas;
    // The merged timeline keeps each instance's activation (not collapsed into one).
    const activatedOn = new Set(
      fleet.failover.transitions.filter((t) => t.to === 'failover').map((t) => t.instance),
    );
    expect(activatedOn).toEqual(new Set([a.id, b.id]));
    // /detailed answers with the instance's health status (503 while its primary is down).
    const res = await fetch(`${b.url}/api/health/detailed?scope=fleet`, {
      headers: { authorization: `Bearer ${healthToken()}` },
    });
    expect([200, 503]).toContain(res.status);
    const detailed = (await res.json()) as { db: DbView };
    expect(detailed.db.replicas.fleet?.failingOver).toBe(2);

    // The dashboard's database page (fleet scope) says so, with one timeline per instance.
    await signIn(page, a);
    await page.goto(`${a.url}/db`);
    const panel = page.getByTestId('db-replicas');
    await expect(panel.getByTestId('failing-over')).toHaveAttribute('data-count', '2', {
      timeout: 20_000,
    });
    await expect(panel.getByTestId('reads-go-to')).toHaveAttribute('data-target', 'replica-1');
    await expect(panel.getByTestId('timeline-instance')).toHaveCount(2);
    expect((await panel.getByTestId('timeline-instance').allInnerTexts()).sort()).toEqual(
      [a.id, b.id].sort(),
    );

    // No more reads: once both have flushed, the fleet's replica figures equal the sum of each
    // instance's own (read live from its memory with scope=instance).
    let last = '';
    await expect
      .poll(
        async () => {
          const own = await Promise.all(
            [a, b].map((app) => getJson<DbView>(`${app.url}/api/health/db?scope=instance`)),
          );
          const f = (await getJson<DbView>(`${a.url}/api/health/db?scope=fleet`)).replicas;
          const calls = own.map((o) => o.replicas.replicas[0]!.client.lifetime.calls);
          const reads = own.map((o) => o.replicas.replicas[0]!.reads);
          const fleetCalls = f.replicas[0]!.client.lifetime.calls;
          last = `replica-1 calls: ${a.id} ${calls[0]}, ${b.id} ${calls[1]}, fleet ${fleetCalls}; routed reads: ${reads[0]} + ${reads[1]}, fleet ${f.replicas[0]!.reads}`;
          return {
            calls: fleetCalls - calls[0]! - calls[1]!,
            reads: f.replicas[0]!.reads - reads[0]! - reads[1]!,
            eachHasCalls: calls.every((c) => c > 0),
            perInstance: f.replicas[0]!.perInstance!.map((p) => p.instance).sort(),
          };
        },
        { timeout: 15_000, intervals: [1_500] },
      )
      .toEqual({ calls: 0, reads: 0, eachHasCalls: true, perInstance: [a.id, b.id].sort() });
    console.log(last);
  } finally {
    await startService(stack(), 'postgrest');
  }
});
