// Pure judgement of the read replicas: each replica's lag against DB_REPLICA_MAX_LAG_MS and its
// probe, and whether reads are failing over now (a warning: the primary is saturated or down).
import type { ReadRoutingSnapshot } from '../db';
import type { ComponentHealth, Measurement } from './checks';
import { worst } from './checks';

/** The `replicas` component, or undefined when none is configured. */
export function judgeReplicas(snap: ReadRoutingSnapshot): ComponentHealth | undefined {
  if (!snap.configured || !snap.settings) return undefined;
  const maxLagMs = snap.settings.maxLagMs;
  const measurements: Measurement[] = snap.replicas.map((r) => {
    const name = `${r.name}:lag`;
    if (!r.lag.ok)
      return {
        name,
        status: 'warn',
        observedValue: null,
        output: `${r.name} lag probe failed${r.lag.error ? `: ${r.lag.error}` : ''}`,
      };
    if (r.lag.lagMs === null || r.lag.lagMs > maxLagMs)
      return {
        name,
        status: 'warn',
        observedValue: r.lag.lagMs,
        observedUnit: 'ms',
        output: `${r.name} replay lag ${r.lag.lagMs === null ? 'unknown' : `${r.lag.lagMs} ms`} > ${maxLagMs} ms: it gets no reads`,
      };
    return { name, status: 'pass', observedValue: r.lag.lagMs, observedUnit: 'ms' };
  });
  const active = snap.failover.active;
  const reason = [snap.failover.kinds.service, snap.failover.kinds.anon]
    .map((s) => (s.name === 'failover' ? s.reason : undefined))
    .find(Boolean);
  measurements.push({
    name: 'failover',
    status: active ? 'warn' : 'pass',
    observedValue: snap.readsGoTo,
    ...(active
      ? { output: `replica-ok reads go to ${snap.readsGoTo}: ${reason ?? 'failover'}` }
      : {}),
  });
  return {
    id: 'supabase-replicas',
    componentType: 'datastore',
    status: worst(measurements.map((m) => m.status)),
    measurements,
  };
}

/** True when a replica takes reads now (the instance can still serve its replica-ok reads). */
export function replicaServing(snap: ReadRoutingSnapshot): boolean {
  return snap.replicas.some((r) => r.eligible);
}
