// Where the fleet's figures live in Redis, and the shapes stored there besides bucket records.
// Every key has a TTL: an instance that stops publishing leaves nothing behind for long.
import type { BreakerStateName } from '../resilience';
import type { CacheCounter, DbCounter, FleetKind } from './fleet-record';
import type { ReplicaCounter } from './replica-record';

export function fleetKeys(prefix: string) {
  return {
    /** Sorted set: instance id → last flush (epoch ms). */
    instances: `${prefix}instances`,
    /** String (JSON InstanceStatus), expiring after the instance TTL: the heartbeat. */
    status: (id: string) => `${prefix}i:${id}`,
    /** Hash: 5 s bucket start → FleetRecord JSON, for the last hour. */
    fine: (id: string) => `${prefix}fine:${id}`,
    /** Hash: 1 min bucket start → FleetRecord JSON (coarser histograms), for 24 h. */
    coarse: (id: string) => `${prefix}coarse:${id}`,
    /** List of PublishedTransition JSON, the latest 200. */
    transitions: (id: string) => `${prefix}tr:${id}`,
    /** List of PublishedFailoverTransition JSON, the latest 200. */
    failover: (id: string) => `${prefix}fo:${id}`,
    /** String: the latest slow calls and commands (JSON). */
    slow: (id: string) => `${prefix}slow:${id}`,
    /** Hash per UTC day: instance id → its SloCounts that day (JSON), kept 32 days. */
    slo: (day: string) => `${prefix}slo:${day}`,
  };
}

export interface InstanceKindStatus {
  readonly inFlight: number;
  readonly queued: number;
  readonly max: number;
  readonly breaker: {
    readonly state: BreakerStateName;
    readonly since: number;
    readonly reason?: string;
  };
  /** Since the instance started. */
  readonly lifetime: Readonly<Record<DbCounter, number>>;
  readonly failuresByCode: Readonly<Record<string, number>>;
  /** Calls counted under `other` because its operation table was full (since it started). */
  readonly operationOverflow?: number;
}

export interface InstanceStatus {
  readonly v: 1;
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly startedAt: number;
  /** When it last flushed. */
  readonly lastSeen: number;
  readonly flushMs: number;
  readonly droppedBuckets: number;
  readonly db: Readonly<Record<FleetKind, InstanceKindStatus>>;
  /** Read replicas and routing at the flush (absent: none configured, or an older version). */
  readonly replicas?: InstanceReplicasStatus;
  readonly cache: {
    readonly status: string;
    readonly reconnects: number;
    readonly lifetime: Readonly<Record<CacheCounter | 'hitRate', number>> & object;
  };
}

export interface PublishedTransition {
  readonly kind: FleetKind;
  readonly from: BreakerStateName;
  readonly to: BreakerStateName;
  readonly at: number;
  readonly reason: string;
}

/** One kind's failover switch at the flush. */
export type InstanceFailoverState =
  | { readonly name: 'primary'; readonly since: number }
  | { readonly name: 'failover'; readonly since: number; readonly reason: string };

export interface InstanceReplicaStatus {
  readonly name: string;
  readonly host: string;
  readonly inFlight: number;
  readonly max: number;
  readonly breaker: {
    readonly state: BreakerStateName;
    readonly since: number;
    readonly reason?: string;
  };
  /** Latest replay lag; null when unknown or the probe failed. */
  readonly lagMs: number | null;
  readonly eligible: boolean;
  readonly ineligibleBecause: string | null;
  /** Since the instance started. */
  readonly lifetime: Readonly<Record<ReplicaCounter, number>>;
  readonly failuresByCode: Readonly<Record<string, number>>;
}

export interface InstanceReplicasStatus {
  /** Either kind's replica-ok reads go to replicas now. */
  readonly failingOver: boolean;
  /** 'primary' or a replica's name. */
  readonly readsGoTo: string;
  readonly kinds: Readonly<Record<FleetKind, InstanceFailoverState>>;
  /** Since the instance started. */
  readonly activations: number;
  readonly fallbacks: number;
  readonly primaryReads: number;
  readonly list: readonly InstanceReplicaStatus[];
}

export interface PublishedFailoverTransition {
  readonly kind: FleetKind;
  readonly from: 'primary' | 'failover';
  readonly to: 'primary' | 'failover';
  readonly at: number;
  readonly reason: string;
}
