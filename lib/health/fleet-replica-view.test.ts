// The fleet's replicas in the instance snapshot's shape: two instances, one failing over with a
// lagging, half-open replica; the answer merges them by the fleet's rules and keeps the detail.
import { describe, expect, it } from 'vitest';
import type { ReadRoutingSnapshot, ReplicaSnapshot } from '../db';
import type { FleetData, InstanceReplicasStatus, InstanceStatus } from '../fleet';
import { fleetReplicas } from './fleet-replica-view';
import { judgeReplicas } from './replica-health';

const NOW = 1_700_000_000_000;

const local: ReadRoutingSnapshot = {
  configured: true,
  replicas: [
    {
      name: 'replica-1',
      host: '127.0.0.1:5001',
      lag: { ok: true, lagMs: 5, lagBytes: 0, replayPaused: false, probedAt: NOW },
      eligible: true,
      ineligibleBecause: null,
      reads: 3,
      client: {
        lifetime: { calls: 3 },
        pool: { maxQueue: 100 },
        config: {},
      } as unknown as ReplicaSnapshot['client'],
    },
  ],
  failover: {
    active: false,
    kinds: { service: { name: 'primary', since: 0 }, anon: { name: 'primary', since: 0 } },
    activations: 0,
    transitions: [],
  },
  readsGoTo: 'primary',
  primaryReads: {},
  fallbacks: 0,
  settings: { failoverUtilization: 0.8, recoverUtilization: 0.6, maxLagMs: 10_000 },
};

function status(
  id: string,
  over: {
    failingOver: boolean;
    lagMs: number | null;
    breaker: 'closed' | 'half-open';
    calls: number;
  },
): InstanceStatus {
  const replicas: InstanceReplicasStatus = {
    failingOver: over.failingOver,
    readsGoTo: over.failingOver ? 'replica-1' : 'primary',
    kinds: {
      service: over.failingOver
        ? { name: 'failover', since: NOW - 5_000, reason: 'primary breaker open' }
        : { name: 'primary', since: 0 },
      anon: { name: 'primary', since: 0 },
    },
    activations: over.failingOver ? 1 : 0,
    fallbacks: 1,
    primaryReads: 10,
    list: [
      {
        name: 'replica-1',
        host: '127.0.0.1:5001',
        inFlight: 1,
        max: 10,
        breaker: { state: over.breaker, since: NOW - 1_000 },
        lagMs: over.lagMs,
        eligible: over.lagMs !== null && over.lagMs < 10_000,
        ineligibleBecause: over.lagMs !== null && over.lagMs < 10_000 ? null : 'lagging',
        lifetime: {
          calls: over.calls,
          successes: over.calls - 1,
          failures: 1,
          rejectedBreaker: 0,
          rejectedPool: 0,
          reads: over.calls,
        },
        failuresByCode: { DB_TIMEOUT: 1 },
      },
    ],
  };
  return { id, replicas } as unknown as InstanceStatus;
}

const data: FleetData = {
  now: NOW,
  windowMs: 15 * 60_000,
  bucketMs: 5_000,
  precisionBits: 7,
  instances: [
    {
      id: 'a',
      lastSeen: NOW,
      listed: true,
      stale: false,
      status: status('a', { failingOver: true, lagMs: 12_000, breaker: 'half-open', calls: 30 }),
    },
    {
      id: 'b',
      lastSeen: NOW,
      listed: true,
      stale: false,
      status: status('b', { failingOver: false, lagMs: 40, breaker: 'closed', calls: 12 }),
    },
  ],
  records: new Map(),
  transitions: [],
  failover: [
    {
      kind: 'service',
      from: 'primary',
      to: 'failover',
      at: NOW - 5_000,
      reason: 'x',
      instance: 'a',
    },
  ],
  slowCalls: [],
  slowCommands: [],
};

describe('fleetReplicas', () => {
  it('merges the instances: sums, highest lag, worst breaker, share failing over', () => {
    const r = fleetReplicas(data, local);
    const [x] = r.replicas;
    expect(x).toMatchObject({
      name: 'replica-1',
      reads: 42,
      lag: { ok: true, lagMs: 12_000 },
      eligible: false,
      ineligibleBecause: 'lagging',
      instances: 2,
      eligibleOn: 1,
    });
    expect(x!.client.lifetime.calls).toBe(42);
    expect(x!.client.lifetime.successRate).toBeCloseTo(40 / 42);
    expect(x!.client.breaker.state.name).toBe('half-open');
    expect(x!.client.pool).toMatchObject({ inFlight: 2, max: 20, utilization: 0.1 });
    expect(r.failover.active).toBe(true);
    expect(r.failover.kinds.service).toMatchObject({ name: 'failover' });
    expect(r.readsGoTo).toBe('replica-1');
    expect(r.fleet).toMatchObject({ instances: 2, failingOver: 1, failingOverShare: 0.5 });
    expect(r.failover.transitions).toEqual([expect.objectContaining({ instance: 'a' })]);
    // The health judgement reads the fleet answer as it reads an instance's.
    expect(judgeReplicas(r as ReadRoutingSnapshot)?.status).toBe('warn');
  });

  it('one instance (ids): that instance alone', () => {
    const r = fleetReplicas(data, local, new Set(['b']));
    expect(r.failover.active).toBe(false);
    expect(r.readsGoTo).toBe('primary');
    expect(r.replicas[0]).toMatchObject({ reads: 12, eligible: true, lag: { lagMs: 40 } });
    expect(r.failover.transitions).toEqual([]);
  });
});
