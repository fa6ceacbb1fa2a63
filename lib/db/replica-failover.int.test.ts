// Read replicas on real streaming replication: the primary's PostgREST stopped during 1,000
// replica-ok reads, writes failing fast and typed, reads returning to the primary once it is back;
// and WAL replay paused past the maximum lag, so the replica gets no reads until replay resumes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  faults,
  gatewayStats,
  resetGatewayStats,
  sql,
  testReplicaUrls,
} from '../../scripts/testing/stack';
import {
  ReadPin,
  getReplicaSnapshot,
  isCircuitOpenError,
  isDbReadOnlyError,
  resetReadRouter,
  withServiceClient,
} from '.';
import { getHealth, getReadiness, metricsRegistry } from '../health';

const MAX_LAG_MS = 1_500;
const ping = { get: true } as const;
const store = globalThis as typeof globalThis & { __dbExecutors?: unknown };

beforeAll(() => {
  // This file's data layer: the test stack's replica, short lag bounds so the test is quick.
  process.env.SUPABASE_READ_REPLICA_URLS = testReplicaUrls().join(',');
  process.env.DB_REPLICA_MAX_LAG_MS = String(MAX_LAG_MS);
  process.env.DB_REPLICA_LAG_PROBE_MS = '200';
  process.env.DB_FAILOVER_MIN_MS = '500';
  process.env.DB_BREAKER_RESET_MS = '1000';
  store.__dbExecutors = undefined;
  resetReadRouter();
});

afterAll(async () => {
  await faults.resumeReplay();
  await faults.start('postgrest');
  resetReadRouter();
  store.__dbExecutors = undefined;
  for (const k of [
    'SUPABASE_READ_REPLICA_URLS',
    'DB_REPLICA_MAX_LAG_MS',
    'DB_REPLICA_LAG_PROBE_MS',
    'DB_FAILOVER_MIN_MS',
    'DB_BREAKER_RESET_MS',
  ])
    delete process.env[k];
});

// health_ping: the replica's background lag probe calls health_replica_lag, so the gateway's
// count of this route is the reads alone.
const read = () =>
  withServiceClient((db) => db.rpc('health_ping', undefined, ping), {
    read: 'replica-ok',
    context: 'test.replica-read',
  });

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};

const replicaRoute = 'GET /replicas/1/rest/v1/rpc/health_ping';
const primaryRoute = 'GET /rest/v1/rpc/health_ping';
const routeCount = async (route: string) => (await gatewayStats()).routes[route] ?? 0;

describe('read replicas', () => {
  it('reads go to the primary by default; a write in a replica-ok call is a typed error, never sent', async () => {
    await until(() => getReplicaSnapshot().replicas[0]?.eligible === true);
    await resetGatewayStats();
    for (let i = 0; i < 20; i++) expect(await read()).toBe(1);
    const stats = await gatewayStats();
    expect(stats.routes[primaryRoute]).toBe(20);
    expect(stats.routes[replicaRoute]).toBeUndefined();

    const err = await withServiceClient(
      (db) => db.from('notes').insert({ title: 'never', user_id: crypto.randomUUID() }),
      { read: 'replica-ok' },
    ).catch((e: unknown) => e);
    expect(isDbReadOnlyError(err)).toBe(true);
    const rpcWrite = await withServiceClient((db) => db.rpc('health_ping'), {
      read: 'replica-ok',
    }).catch((e: unknown) => e);
    expect(isDbReadOnlyError(rpcWrite)).toBe(true);
    // Neither write left the process (the replica's lag probe is the only other traffic).
    const routes = Object.keys((await gatewayStats()).routes);
    expect(routes.filter((r) => !r.endsWith('/rpc/health_replica_lag'))).toEqual([primaryRoute]);
  });

  it('primary PostgREST stopped during 1,000 replica-ok reads: ≥ 99% succeed, writes fail fast, then reads come back', async () => {
    await resetGatewayStats();
    let ok = 0;
    let failed = 0;
    const onReplica = { before: 0, during: 0 };
    const writeDurations: number[] = [];
    let writeErrors = 0;
    // 5 at a time: the primary's pool (10) stays below the failover utilization until the outage.
    for (let batch = 0; batch < 200; batch++) {
      if (batch === 40) {
        onReplica.before = await routeCount(replicaRoute);
        await faults.stop('postgrest');
      }
      const results = await Promise.allSettled(Array.from({ length: 5 }, read));
      for (const r of results) {
        if (r.status === 'fulfilled') ok += 1;
        else failed += 1;
      }
      if (batch === 120) {
        expect(getReplicaSnapshot().failover.active).toBe(true);
        expect(getReplicaSnapshot().readsGoTo).toBe('replica-1');
        // Readiness: the primary is down, the replica serves reads: ready, degraded.
        const ready = await getReadiness();
        expect(ready).toMatchObject({ ready: true, degraded: true });
        expect(ready.reasons.at(-1)).toBe('reads served by replica-1');
        // Prometheus says the same.
        const exposition = await metricsRegistry().metrics();
        expect(exposition).toMatch(/^db_failover_active\{kind="service"\} 1$/m);
        expect(exposition).toMatch(/^db_failover_activations_total 1$/m);
        expect(exposition).toMatch(/^db_replica_eligible\{replica="replica-1"\} 1$/m);
        expect(exposition).toMatch(/^db_replica_lag_seconds\{replica="replica-1"\} 0$/m);
        expect(exposition).toMatch(/^db_read_routes_total\{target="replica-1"\} [1-9]\d*$/m);
        const replicas = (await getHealth()).components.find((c) => c.id === 'supabase-replicas');
        expect(replicas?.measurements.at(-1)).toMatchObject({
          name: 'failover',
          status: 'warn',
          observedValue: 'replica-1',
        });
        // Writes during the outage: refused by the open breaker, typed, at once.
        for (let i = 0; i < 5; i++) {
          const started = performance.now();
          const err = await withServiceClient((db) =>
            db.from('notes').insert({ title: 'x', user_id: crypto.randomUUID() }),
          ).catch((e: unknown) => e);
          writeDurations.push(performance.now() - started);
          if (isCircuitOpenError(err)) writeErrors += 1;
        }
      }
    }
    onReplica.during = (await routeCount(replicaRoute)) - onReplica.before;
    console.log(
      `1000 replica-ok reads, primary PostgREST stopped after 200: ${ok} ok, ${failed} failed; ` +
        `${onReplica.during} of 800 served by the replica; writes: ${writeErrors}/5 CircuitOpenError, ` +
        `slowest ${Math.max(...writeDurations).toFixed(2)} ms; activations ${getReplicaSnapshot().failover.activations}`,
    );
    expect(ok + failed).toBe(1000);
    expect(ok).toBeGreaterThanOrEqual(990);
    expect(onReplica.before).toBe(0);
    expect(onReplica.during).toBeGreaterThan(700);
    expect(writeErrors).toBe(5);
    expect(Math.max(...writeDurations)).toBeLessThan(50);
    const snap = getReplicaSnapshot();
    expect(snap.failover.activations).toBeGreaterThanOrEqual(1);
    expect(snap.replicas[0]!.reads).toBeGreaterThan(700);

    // Primary restored: the breaker probes it with reads, closes, and reads come back.
    await faults.start('postgrest');
    await until(async () => {
      await Promise.allSettled(Array.from({ length: 5 }, read));
      return !getReplicaSnapshot().failover.active;
    });
    await resetGatewayStats();
    for (let i = 0; i < 20; i++) expect(await read()).toBe(1);
    expect(await routeCount(primaryRoute)).toBe(20);
    expect(await routeCount(replicaRoute)).toBe(0);
    const transitions = getReplicaSnapshot().failover.transitions.map((t) => `${t.from}->${t.to}`);
    expect(transitions.slice(-2)).toEqual(['primary->failover', 'failover->primary']);
  });

  it('replay paused past the maximum lag: no reads go to the replica; after resume it is used again', async () => {
    // A replayed transaction first, so the replica knows its last replay time.
    await sql(`insert into auth.users (id, email) values (gen_random_uuid(), 'seen@example.test')`);
    await until(
      async () =>
        (await sql(`select pg_last_xact_replay_timestamp() is not null`, 'replica')) === 't' &&
        getReplicaSnapshot().replicas[0]?.lag.lagMs === 0,
    );
    await faults.pauseReplay();
    await sql(`insert into auth.users (id, email) values (gen_random_uuid(), 'lag@example.test')`);
    await until(() => (getReplicaSnapshot().replicas[0]?.lag.lagMs ?? 0) > MAX_LAG_MS);
    const lagging = getReplicaSnapshot().replicas[0]!;
    expect(lagging).toMatchObject({ eligible: false, ineligibleBecause: 'lagging' });
    expect(lagging.lag.replayPaused).toBe(true);

    // The primary is down, so reads would fail over; the lagging replica must get none of them.
    await faults.stop('postgrest');
    await resetGatewayStats();
    const results = await Promise.allSettled(Array.from({ length: 50 }, read));
    expect((await gatewayStats()).routes[replicaRoute]).toBeUndefined();
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    // No replica serves: not ready, as without replicas.
    expect(await getReadiness()).toMatchObject({ ready: false, degraded: false });

    await faults.resumeReplay();
    await until(() => getReplicaSnapshot().replicas[0]?.eligible === true);
    const after = await Promise.allSettled(Array.from({ length: 50 }, read));
    expect(after.filter((r) => r.status === 'fulfilled').length).toBe(50);
    expect((await gatewayStats()).routes[replicaRoute]).toBe(50);

    // Read-your-writes: a caller that just wrote reads from the primary, even while it is down.
    const pin = new ReadPin();
    // A write attempt marks the pin whether or not it lands (here the primary refuses it).
    await withServiceClient(() => 'a write', { pin }).catch(() => undefined);
    await resetGatewayStats();
    const pinned = await withServiceClient((db) => db.rpc('health_ping', undefined, ping), {
      read: 'replica-ok',
      pin,
    }).catch((e: unknown) => e);
    expect(pinned).toBeInstanceOf(Error);
    expect((await gatewayStats()).routes[replicaRoute]).toBeUndefined();
    await faults.start('postgrest');
  });
});
