// The router's decisions with real executors (pool, breaker) on a fake client that answers the
// lag probe from memory: no network, the logic alone.
import { afterEach, describe, expect, it } from 'vitest';
import { DeadlineTimer } from '../resilience';
import type { DbClient } from './clients';
import { DB_PRESETS } from './db-config';
import { DbExecutor } from './db-executor';
import { ReadReplica } from './read-replica';
import { ReadRouter } from './read-router';
import type { ReplicaConfig } from './replica-config';

const timer = new DeadlineTimer({ resolutionMs: 5 });
const config: ReplicaConfig = {
  urls: ['http://replica'],
  failoverUtilization: 0.8,
  recoverUtilization: 0.6,
  minFailoverMs: 0,
  maxLagMs: 1_000,
  lagProbeMs: 100,
};

function fakeClient(lag: { lag_ms: number | null }): DbClient {
  return {
    rpc: () =>
      Promise.resolve({
        data: { in_recovery: true, lag_bytes: 0, replay_paused: false, ...lag },
        error: null,
      }),
  } as unknown as DbClient;
}

function executor(kind: 'service' | 'replica', lag = { lag_ms: 0 as number | null }) {
  return new DbExecutor(
    kind,
    { ...DB_PRESETS.development, poolSize: 10 },
    {
      client: fakeClient(lag),
      timer,
    },
  );
}

const held: Array<() => void> = [];
afterEach(() => held.splice(0).forEach((release) => release()));

/** Takes `n` of the executor's pool slots until the test ends. */
function occupy(ex: DbExecutor, n: number) {
  for (let i = 0; i < n; i++) {
    expect(ex.pool.tryAcquire()).toBe(true);
    held.push(() => ex.pool.release());
  }
}

async function setup(lag: number | null = 0) {
  const primary = executor('service');
  const lagValue = { lag_ms: lag };
  const replica = new ReadReplica({
    name: 'replica-1',
    host: 'replica',
    executor: executor('replica', lagValue),
    maxLagMs: config.maxLagMs,
    lagProbeMs: config.lagProbeMs,
  });
  await replica.refresh();
  return { primary, replica, router: new ReadRouter([replica], config), lagValue };
}

describe('ReadRouter', () => {
  it('reads go to the primary below the failover utilization', async () => {
    const { primary, router } = await setup();
    occupy(primary, 7);
    expect(router.route('service', primary, false)).toEqual({ to: 'primary', why: 'default' });
    expect(router.activations).toBe(0);
  });

  it('saturated primary: the overflow goes to the replica, by load', async () => {
    const { primary, replica, router } = await setup();
    occupy(primary, 8);
    expect(router.route('service', primary, false)).toMatchObject({ to: 'replica' });
    occupy(replica.executor, 9); // replica now busier than the primary
    expect(router.route('service', primary, false)).toEqual({ to: 'primary', why: 'least-loaded' });
    expect(router.activations).toBe(1);
    expect(router.transitions()[0]).toMatchObject({ kind: 'service', to: 'failover' });
  });

  it('primary breaker open: every read to the replica; a pin keeps a read on the primary', async () => {
    const { primary, replica, router } = await setup();
    for (let i = 0; i < 20; i++) primary.breaker.onFailure('DB_UNAVAILABLE');
    expect(primary.breaker.state.name).toBe('open');
    occupy(replica.executor, 9);
    expect(router.route('anon', primary, false)).toMatchObject({ to: 'replica' });
    expect(router.route('anon', primary, true)).toEqual({ to: 'primary', why: 'pinned' });
    expect(replica.reads).toBe(1);
  });

  it('a replica lagging past the maximum, or of unknown lag, gets no reads', async () => {
    for (const lag of [1_001, null]) {
      const { primary, replica, router } = await setup(lag);
      occupy(primary, 10);
      expect(replica.eligibility()).toEqual({
        ok: false,
        reason: lag === null ? 'lag-unknown' : 'lagging',
      });
      expect(router.route('service', primary, false)).toEqual({
        to: 'primary',
        why: 'no-healthy-replica',
      });
      held.splice(0).forEach((release) => release());
    }
  });

  it('a replica is used again once its lag is back within bounds', async () => {
    const { primary, replica, router, lagValue } = await setup(5_000);
    occupy(primary, 10);
    expect(router.route('service', primary, false)).toMatchObject({ to: 'primary' });
    lagValue.lag_ms = 200;
    await new Promise((r) => setTimeout(r, config.lagProbeMs)); // the shared probe's TTL
    await replica.refresh();
    expect(router.route('service', primary, false)).toMatchObject({ to: 'replica' });
  });
});
