// Pure fleet view of the read replicas: per replica (by name) its figures merged over the
// instances, and the routing of reads over the fleet. Merge rules: counts add; latency from one
// merged histogram; success rate from summed counts; pool = summed in flight over summed size;
// lag = the highest of the instances' latest readings; breaker = the worst, with each instance's;
// "reads going to replicas" = the share of instances failing over, and routed reads summed.
import type { LatencySummary } from '../metrics';
import type { BreakerStateName } from '../resilience';
import type {
  InstanceFailoverState,
  InstanceReplicaStatus,
  InstanceReplicasStatus,
  PublishedFailoverTransition,
} from './fleet-keys';
import type { FleetData } from './fleet-reader';
import {
  BREAKER_BY_RANK,
  BREAKER_RANK,
  REPLICA_COUNTERS,
  ROUTING_COUNTERS,
  ReplicaSum,
  RoutingSum,
  addReplicas,
  type ReplicaCounter,
  type RoutingCounter,
} from './replica-record';

export interface ReplicaWindow {
  /** Summed over the instances' buckets in the window. */
  readonly counters: Readonly<Record<ReplicaCounter, number>>;
  readonly failuresByCode: Readonly<Record<string, number>>;
  /** successes / (successes + failures); 1 when nothing finished. */
  readonly successRate: number;
  readonly latency: LatencySummary;
}

export interface ReplicaOnInstance {
  readonly instance: string;
  readonly lagMs: number | null;
  readonly eligible: boolean;
  readonly ineligibleBecause: string | null;
  readonly breaker: InstanceReplicaStatus['breaker'];
  readonly inFlight: number;
  readonly max: number;
  /** Since that instance started. */
  readonly calls: number;
  readonly reads: number;
}

export interface FleetReplicaFigures {
  readonly name: string;
  readonly host: string;
  /** Instances (of those counted) whose latest status has this replica. */
  readonly instances: number;
  readonly window: ReplicaWindow;
  /** Since each instance started, summed from their latest statuses. */
  readonly lifetime: Readonly<Record<ReplicaCounter, number>> & {
    readonly failuresByCode: Readonly<Record<string, number>>;
  };
  readonly pool: { readonly inFlight: number; readonly max: number; readonly utilization: number };
  /** The highest of the instances' latest lag readings; null when none knows it. */
  readonly lagMs: number | null;
  /** Instances on which it takes reads now. */
  readonly eligibleOn: number;
  /** The worst of the instances' breakers (open, then half-open, then closed). */
  readonly breaker: {
    readonly state: BreakerStateName;
    readonly since: number;
    readonly reason?: string;
  };
  readonly perInstance: readonly ReplicaOnInstance[];
}

export interface RoutingOnInstance {
  readonly instance: string;
  readonly failingOver: boolean;
  readonly readsGoTo: string;
  readonly kinds: Readonly<Record<'service' | 'anon', InstanceFailoverState>>;
  readonly activations: number;
}

export interface FleetRoutingFigures {
  /** Instances (of those counted) that have replicas configured. */
  readonly instances: number;
  /** Of them, those whose replica-ok reads fail over now. */
  readonly failingOver: number;
  /** failingOver / instances, 0..1. */
  readonly failingOverShare: number;
  /** Routing counts summed over the window's buckets. */
  readonly window: Readonly<Record<RoutingCounter, number>>;
  /** Since each instance started, summed from their latest statuses. */
  readonly lifetime: {
    readonly primaryReads: number;
    readonly activations: number;
    readonly fallbacks: number;
  };
  readonly perInstance: readonly RoutingOnInstance[];
  /** Every instance's transitions, oldest first, each with its instance. */
  readonly transitions: ReadonlyArray<PublishedFailoverTransition & { readonly instance: string }>;
}

export interface FleetReplicasView {
  readonly replicas: readonly FleetReplicaFigures[];
  readonly routing: FleetRoutingFigures;
}

const worstBreaker = (list: readonly ReplicaOnInstance[]): FleetReplicaFigures['breaker'] => {
  let worst: InstanceReplicaStatus['breaker'] | undefined;
  for (const r of list)
    if (!worst || BREAKER_RANK[r.breaker.state] > BREAKER_RANK[worst.state]) worst = r.breaker;
  return worst ?? { state: BREAKER_BY_RANK[0], since: 0 };
};

function windowOf(sum: ReplicaSum | undefined, precisionBits: number): ReplicaWindow {
  const s = sum ?? new ReplicaSum(precisionBits);
  const counters = Object.fromEntries(REPLICA_COUNTERS.map((c) => [c, s.counter(c)])) as Record<
    ReplicaCounter,
    number
  >;
  const finished = counters.successes + counters.failures;
  return {
    counters,
    failuresByCode: Object.fromEntries(s.codes),
    successRate: finished === 0 ? 1 : counters.successes / finished,
    latency: s.hist.summary(),
  };
}

/**
 * The replicas over the instances of `ids` (the listed ones when absent): latest state from each
 * instance's status, window figures from their buckets.
 */
export function replicasView(data: FleetData, ids?: ReadonlySet<string>): FleetReplicasView {
  const member = (id: string) => (ids ? ids.has(id) : true);
  const counted = data.instances.filter((i) => (ids ? ids.has(i.id) : i.listed));
  const statuses = counted.flatMap((i) =>
    i.status?.replicas ? [{ instance: i.id, s: i.status.replicas }] : [],
  );
  const sums = new Map<string, ReplicaSum>();
  const routing = new RoutingSum();
  for (const [id, list] of data.records) {
    if (!member(id)) continue;
    for (const { record } of list) {
      addReplicas(sums, record.r, data.precisionBits, true);
      if (record.rt) routing.add(record.rt, true);
    }
  }
  const names = new Set<string>();
  for (const { s } of statuses) for (const r of s.list) names.add(r.name);
  for (const name of sums.keys()) names.add(name);

  const replicas = [...names].sort().map((name): FleetReplicaFigures => {
    const on = statuses.flatMap(({ instance, s }) => {
      const r = s.list.find((x) => x.name === name);
      return r ? [{ instance, r }] : [];
    });
    const perInstance = on.map(({ instance, r }): ReplicaOnInstance => ({
      instance,
      lagMs: r.lagMs,
      eligible: r.eligible,
      ineligibleBecause: r.ineligibleBecause,
      breaker: r.breaker,
      inFlight: r.inFlight,
      max: r.max,
      calls: r.lifetime.calls,
      reads: r.lifetime.reads,
    }));
    const life = Object.fromEntries(
      REPLICA_COUNTERS.map((c) => [c, on.reduce((n, { r }) => n + r.lifetime[c], 0)]),
    ) as Record<ReplicaCounter, number>;
    const byCode: Record<string, number> = {};
    for (const { r } of on)
      for (const [code, n] of Object.entries(r.failuresByCode))
        byCode[code] = (byCode[code] ?? 0) + n;
    const inFlight = on.reduce((n, { r }) => n + r.inFlight, 0);
    const max = on.reduce((n, { r }) => n + r.max, 0);
    const lags = on.flatMap(({ r }) => (r.lagMs === null ? [] : [r.lagMs]));
    return {
      name,
      host: on[0]?.r.host ?? '',
      instances: on.length,
      window: windowOf(sums.get(name), data.precisionBits),
      lifetime: { ...life, failuresByCode: byCode },
      pool: { inFlight, max, utilization: max === 0 ? 0 : inFlight / max },
      lagMs: lags.length ? Math.max(...lags) : null,
      eligibleOn: on.filter(({ r }) => r.eligible).length,
      breaker: worstBreaker(perInstance),
      perInstance,
    };
  });

  const sumOf = (f: (s: InstanceReplicasStatus) => number) =>
    statuses.reduce((n, { s }) => n + f(s), 0);
  const failingOver = statuses.filter(({ s }) => s.failingOver).length;
  return {
    replicas,
    routing: {
      instances: statuses.length,
      failingOver,
      failingOverShare: statuses.length === 0 ? 0 : failingOver / statuses.length,
      window: Object.fromEntries(ROUTING_COUNTERS.map((c) => [c, routing.counter(c)])) as Record<
        RoutingCounter,
        number
      >,
      lifetime: {
        primaryReads: sumOf((s) => s.primaryReads),
        activations: sumOf((s) => s.activations),
        fallbacks: sumOf((s) => s.fallbacks),
      },
      perInstance: statuses.map(({ instance, s }) => ({
        instance,
        failingOver: s.failingOver,
        readsGoTo: s.readsGoTo,
        kinds: s.kinds,
        activations: s.activations,
      })),
      transitions: data.failover.filter((t) => member(t.instance)),
    },
  };
}
