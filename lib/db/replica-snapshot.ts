// The read replicas and the routing of reads as the health API and the dashboard show them: each
// replica's lag, eligibility, breaker, pool and calls; each kind's failover state; where replica-ok
// reads go now. Cheap: no I/O (lag comes from the background probe's latest reading).
import 'server-only';
import type { ClientKind } from './client-kind';
import { kindSnapshot, type DbKindSnapshot } from './db-snapshot';
import type { FailoverState } from './failover-switch';
import type { Eligibility } from './read-replica';
import type { KindFailoverTransition } from './read-router';
import { readRouter } from './replica-registry';

export interface ReplicaLagSnapshot {
  /** Whether the latest probe answered. */
  readonly ok: boolean;
  readonly lagMs: number | null;
  readonly lagBytes: number | null;
  readonly replayPaused: boolean | null;
  /** Epoch ms of the latest probe; null before the first. */
  readonly probedAt: number | null;
  readonly error?: string;
}

export interface ReplicaSnapshot {
  readonly name: string;
  /** The replica API's host (never its full URL's path or any key). */
  readonly host: string;
  readonly lag: ReplicaLagSnapshot;
  readonly eligible: boolean;
  /** Why it takes no reads now, when it does not. */
  readonly ineligibleBecause: Exclude<Eligibility, { ok: true }>['reason'] | null;
  /** Reads routed to it since the process started. */
  readonly reads: number;
  /** Its executor's figures: pool, breaker, calls, latency (client kind `replica`). */
  readonly client: DbKindSnapshot;
}

export interface ReadRoutingSnapshot {
  /** False when SUPABASE_READ_REPLICA_URLS is unset: every read goes to the primary. */
  readonly configured: boolean;
  readonly replicas: readonly ReplicaSnapshot[];
  readonly failover: {
    /** True while either kind's replica-ok reads go to replicas. */
    readonly active: boolean;
    readonly kinds: Readonly<Record<ClientKind, FailoverState>>;
    /** Times reads moved to replicas since the process started. */
    readonly activations: number;
    readonly transitions: readonly KindFailoverTransition[];
  };
  /** Where a replica-ok read would go now: 'primary' or a replica's name. */
  readonly readsGoTo: string;
  readonly primaryReads: Readonly<Record<string, number>>;
  /** Reads that failed on the primary and were served by a replica. */
  readonly fallbacks: number;
  readonly settings: {
    readonly failoverUtilization: number;
    readonly recoverUtilization: number;
    readonly maxLagMs: number;
  } | null;
}

const UNCONFIGURED: ReadRoutingSnapshot = {
  configured: false,
  replicas: [],
  failover: {
    active: false,
    kinds: { service: { name: 'primary', since: 0 }, anon: { name: 'primary', since: 0 } },
    activations: 0,
    transitions: [],
  },
  readsGoTo: 'primary',
  primaryReads: {},
  fallbacks: 0,
  settings: null,
};

/** The replicas and the routing of reads now. */
export function getReplicaSnapshot(): ReadRoutingSnapshot {
  const router = readRouter();
  if (!router) return UNCONFIGURED;
  const kinds = router.states();
  const { failingOver: active, readsGoTo } = router.where();
  const replicas = router.replicas.map((r): ReplicaSnapshot => {
    const reading = r.reading;
    const e = r.eligibility();
    return {
      name: r.name,
      host: r.host,
      lag: {
        ok: reading?.ok ?? false,
        lagMs: reading?.ok ? reading.value.lagMs : null,
        lagBytes: reading?.ok ? reading.value.lagBytes : null,
        replayPaused: reading?.ok ? reading.value.replayPaused : null,
        probedAt: reading?.at ?? null,
        ...(reading && !reading.ok ? { error: reading.error } : {}),
      },
      eligible: e.ok,
      ineligibleBecause: e.ok ? null : e.reason,
      reads: r.reads,
      client: kindSnapshot(r.executor),
    };
  });
  return {
    configured: true,
    replicas,
    failover: {
      active,
      kinds,
      activations: router.activations,
      transitions: router.transitions(),
    },
    readsGoTo,
    primaryReads: { ...router.primaryReads },
    fallbacks: router.fallbacks,
    settings: {
      failoverUtilization: router.config.failoverUtilization,
      recoverUtilization: router.config.recoverUtilization,
      maxLagMs: router.config.maxLagMs,
    },
  };
}
