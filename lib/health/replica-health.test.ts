import { describe, expect, it } from 'vitest';
import type { ReadRoutingSnapshot, ReplicaSnapshot } from '../db';
import { judgeReplicas, replicaServing } from './replica-health';

const replica = (over: Partial<ReplicaSnapshot> = {}): ReplicaSnapshot =>
  ({
    name: 'replica-1',
    host: 'db-rr.example',
    lag: { ok: true, lagMs: 120, lagBytes: 0, replayPaused: false, probedAt: 1 },
    eligible: true,
    ineligibleBecause: null,
    reads: 0,
    client: {} as ReplicaSnapshot['client'],
    ...over,
  }) as ReplicaSnapshot;

const snapshot = (over: Partial<ReadRoutingSnapshot> = {}): ReadRoutingSnapshot => ({
  configured: true,
  replicas: [replica()],
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
  ...over,
});

describe('judgeReplicas', () => {
  it('is absent without replicas', () => {
    expect(judgeReplicas(snapshot({ configured: false, settings: null }))).toBeUndefined();
  });

  it('passes with replicas within lag and reads on the primary', () => {
    expect(judgeReplicas(snapshot())).toMatchObject({ id: 'supabase-replicas', status: 'pass' });
  });

  it('warns, saying why, when a replica lags past the maximum or its probe fails', () => {
    const lagging = judgeReplicas(
      snapshot({ replicas: [replica({ lag: { ...replica().lag, lagMs: 12_000 } })] }),
    )!;
    expect(lagging.status).toBe('warn');
    expect(lagging.measurements[0]!.output).toBe(
      'replica-1 replay lag 12000 ms > 10000 ms: it gets no reads',
    );
    const failed = judgeReplicas(
      snapshot({
        replicas: [replica({ lag: { ...replica().lag, ok: false, error: 'DB_UNAVAILABLE' } })],
      }),
    )!;
    expect(failed.measurements[0]!.output).toBe('replica-1 lag probe failed: DB_UNAVAILABLE');
  });

  it('warns while reads fail over, naming where they go and why', () => {
    const c = judgeReplicas(
      snapshot({
        readsGoTo: 'replica-1',
        failover: {
          active: true,
          kinds: {
            service: { name: 'failover', since: 5, reason: 'primary breaker open' },
            anon: { name: 'primary', since: 0 },
          },
          activations: 1,
          transitions: [],
        },
      }),
    )!;
    expect(c.status).toBe('warn');
    expect(c.measurements.at(-1)).toMatchObject({
      name: 'failover',
      observedValue: 'replica-1',
      output: 'replica-ok reads go to replica-1: primary breaker open',
    });
  });

  it('replicaServing: true only while some replica is eligible', () => {
    expect(replicaServing(snapshot())).toBe(true);
    expect(replicaServing(snapshot({ replicas: [replica({ eligible: false })] }))).toBe(false);
  });
});
