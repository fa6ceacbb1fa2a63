// The read replicas' raw readings, for the fleet publisher: each replica's executor readings
// (lifetime counters, live latency histogram, pool, breaker), its routed reads, latest lag and
// eligibility, and the router's lifetime routing counts and failover transitions. I/O-free: the
// publisher turns them into intervals by difference, so routing a read does nothing for the fleet.
import 'server-only';
import type { ClientKind } from './client-kind';
import { readingOf, type DbReading } from './db-readings';
import type { FailoverState } from './failover-switch';
import type { KindFailoverTransition } from './read-router';
import { readRouter } from './replica-registry';

export interface ReplicaReading {
  /** Stable name (`replica-1`, …): the fleet key, never the URL. */
  readonly name: string;
  /** The replica API's host, for display. */
  readonly host: string;
  readonly db: DbReading;
  /** Reads routed to it since the process started (fallbacks included). */
  readonly reads: number;
  /** Latest replay lag; null before a reading, or when unknown or the probe failed. */
  readonly lagMs: number | null;
  readonly eligible: boolean;
  readonly ineligibleBecause: string | null;
}

export interface ReadRoutingReading {
  readonly replicas: readonly ReplicaReading[];
  /** Replica-ok reads sent to the primary since the process started (every reason). */
  readonly primaryReads: number;
  /** Reads that failed on the primary and were served by a replica. */
  readonly fallbacks: number;
  /** Times either kind's reads moved to replicas. */
  readonly activations: number;
  /** Either kind's replica-ok reads go to replicas now. */
  readonly failingOver: boolean;
  readonly kinds: Readonly<Record<ClientKind, FailoverState>>;
  /** Where a replica-ok read would go now: 'primary' or a replica's name. */
  readonly readsGoTo: string;
  /** The latest failover transitions, oldest first. */
  readonly transitions: readonly KindFailoverTransition[];
}

/** The replicas' readings now, or undefined when SUPABASE_READ_REPLICA_URLS is unset. */
export function getReplicaReadings(): ReadRoutingReading | undefined {
  const router = readRouter();
  if (!router) return undefined;
  const kinds = router.states();
  const { failingOver, readsGoTo } = router.where();
  return {
    replicas: router.replicas.map((r) => {
      const reading = r.reading;
      const e = r.eligibility();
      return {
        name: r.name,
        host: r.host,
        db: readingOf(r.executor),
        reads: r.reads,
        lagMs: reading?.ok ? reading.value.lagMs : null,
        eligible: e.ok,
        ineligibleBecause: e.ok ? null : e.reason,
      };
    }),
    primaryReads: Object.values(router.primaryReads).reduce((n, x) => n + x, 0),
    fallbacks: router.fallbacks,
    activations: router.activations,
    failingOver,
    kinds,
    readsGoTo,
    transitions: router.transitions(),
  };
}
