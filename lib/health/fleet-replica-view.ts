// The read replicas of the fleet (or of one remote instance) in the shape of this instance's
// ReadRoutingSnapshot, so the health API and the dashboard draw both alike, plus what only a
// fleet has: per-instance detail and the share of instances whose reads fail over.
import 'server-only';
import {
  callerFaultsIn,
  type ClientKind,
  type FailoverState,
  type ReadRoutingSnapshot,
  type ReplicaSnapshot,
} from '../db';
import {
  replicasView,
  type FleetData,
  type FleetReplicaFigures,
  type ReplicaOnInstance,
  type RoutingOnInstance,
} from '../fleet';
import type { BreakerState } from '../resilience';
import { narrow } from './fleet-kind-view';

const RECENT_WINDOW_MS = 60_000;

/** A replica as the fleet sees it: the instance shape, and on how many instances it is eligible. */
export type FleetReplicaSnapshot = ReplicaSnapshot & {
  readonly instances: number;
  readonly eligibleOn: number;
  readonly perInstance: readonly ReplicaOnInstance[];
};

export interface ReplicaFleetDetail {
  /** Instances with replicas configured, and of them those whose reads fail over now. */
  readonly instances: number;
  readonly failingOver: number;
  /** failingOver / instances, 0..1. */
  readonly failingOverShare: number;
  /** Replica-ok reads routed in the window, summed over the instances. */
  readonly routedReads: { readonly primary: number; readonly replica: number };
  readonly windowActivations: number;
  readonly windowMs: number;
  readonly perInstance: readonly RoutingOnInstance[];
}

/** The instance snapshot's shape; `fleet` is present when the figures are merged from Redis. */
export type ScopedReadRouting = Omit<ReadRoutingSnapshot, 'replicas' | 'failover'> & {
  readonly replicas: ReadonlyArray<ReplicaSnapshot | FleetReplicaSnapshot>;
  readonly failover: Omit<ReadRoutingSnapshot['failover'], 'transitions'> & {
    readonly transitions: ReadonlyArray<
      ReadRoutingSnapshot['failover']['transitions'][number] & { readonly instance?: string }
    >;
  };
  readonly fleet?: ReplicaFleetDetail;
};

function breakerState(b: FleetReplicaFigures['breaker']): BreakerState {
  switch (b.state) {
    case 'closed':
      return { name: 'closed', since: b.since };
    case 'open':
      return {
        name: 'open',
        since: b.since,
        reason: b.reason ?? 'open on an instance',
        halfOpenAt: b.since,
      };
    case 'half-open':
      return { name: 'half-open', since: b.since, probesInFlight: 0, probeSuccesses: 0 };
  }
}

/** A kind fails over in the fleet when it does on any instance (the earliest, with its reason). */
function fleetKindState(
  perInstance: readonly RoutingOnInstance[],
  kind: ClientKind,
): FailoverState {
  const states = perInstance.map((p) => p.kinds[kind]);
  const over = states.filter((s) => s.name === 'failover').sort((a, b) => a.since - b.since);
  const first = over[0];
  if (first && first.name === 'failover')
    return {
      name: 'failover',
      since: first.since,
      reason: `${first.reason} (${over.length} of ${states.length} instances)`,
    };
  return { name: 'primary', since: Math.max(0, ...states.map((s) => s.since)) };
}

/** The most frequent target of the instances that fail over. */
function mostUsedTarget(perInstance: readonly RoutingOnInstance[]): string {
  const counts = new Map<string, number>();
  for (const p of perInstance)
    if (p.failingOver && p.readsGoTo !== 'primary')
      counts.set(p.readsGoTo, (counts.get(p.readsGoTo) ?? 0) + 1);
  let best = 'primary';
  let n = 0;
  for (const [target, c] of counts) if (c > n) [best, n] = [target, c];
  return best;
}

/**
 * The replicas over the instances of `ids` (the listed ones when absent), shaped as `local`.
 * Settings, each replica's client config, lag bytes and probe time come from this instance.
 */
export function fleetReplicas(
  data: FleetData,
  local: ReadRoutingSnapshot,
  ids?: ReadonlySet<string>,
): ScopedReadRouting {
  const view = replicasView(data, ids);
  const recent = new Map(
    replicasView(narrow(data, Math.min(RECENT_WINDOW_MS, data.windowMs)), ids).replicas.map((r) => [
      r.name,
      r.window,
    ]),
  );
  const replicas = view.replicas.flatMap((f): FleetReplicaSnapshot[] => {
    const mine = local.replicas.find((r) => r.name === f.name);
    const base = mine ?? local.replicas[0];
    if (!base) return [];
    const r = recent.get(f.name) ?? f.window;
    const finished = f.lifetime.successes + f.lifetime.failures;
    const recentFinished = r.counters.successes + r.counters.failures;
    const notEligible = f.perInstance.find((p) => !p.eligible);
    return [
      {
        name: f.name,
        host: f.host || base.host,
        lag: {
          ok: f.lagMs !== null,
          lagMs: f.lagMs,
          lagBytes: mine?.lag.lagBytes ?? null,
          replayPaused: mine?.lag.replayPaused ?? null,
          probedAt: mine?.lag.probedAt ?? null,
        },
        eligible: f.instances > 0 && f.eligibleOn === f.instances,
        ineligibleBecause: (notEligible?.ineligibleBecause ??
          null) as ReplicaSnapshot['ineligibleBecause'],
        reads: f.lifetime.reads,
        client: {
          ...base.client,
          lifetime: {
            ...base.client.lifetime,
            calls: f.lifetime.calls,
            successes: f.lifetime.successes,
            failures: f.lifetime.failures,
            successRate: finished === 0 ? 1 : f.lifetime.successes / finished,
            failuresByCode: f.lifetime.failuresByCode,
            rejections: { breaker: f.lifetime.rejectedBreaker, pool: f.lifetime.rejectedPool },
            // Merged from the window's buckets: instances publish intervals, not lifetimes.
            latency: f.window.latency,
          },
          recent: {
            windowMs: RECENT_WINDOW_MS,
            since: data.now - RECENT_WINDOW_MS,
            calls: r.counters.calls,
            successes: r.counters.successes,
            failures: r.counters.failures,
            callerFaults: callerFaultsIn(r.failuresByCode),
            successRate: r.successRate,
            retries: 0,
            rejected: { breaker: r.counters.rejectedBreaker, pool: r.counters.rejectedPool },
            latency: r.latency,
          },
          pool: {
            inFlight: f.pool.inFlight,
            queued: 0,
            max: f.pool.max,
            maxQueue: base.client.pool.maxQueue * Math.max(1, f.instances),
            utilization: f.pool.utilization,
            peakInFlight: f.pool.inFlight,
          },
          breaker: {
            state: breakerState(f.breaker),
            window: {
              calls: recentFinished,
              failures: r.counters.failures,
              failureRate: recentFinished === 0 ? 0 : r.counters.failures / recentFinished,
            },
            consecutiveFailures: 0,
            transitions: [],
          },
          slowCalls: [],
        },
        instances: f.instances,
        eligibleOn: f.eligibleOn,
        perInstance: f.perInstance,
      },
    ];
  });
  const routing = view.routing;
  const active = routing.failingOver > 0;
  return {
    configured: local.configured || replicas.length > 0,
    replicas,
    failover: {
      active,
      kinds: {
        service: fleetKindState(routing.perInstance, 'service'),
        anon: fleetKindState(routing.perInstance, 'anon'),
      },
      activations: routing.lifetime.activations,
      transitions: routing.transitions,
    },
    readsGoTo: active ? mostUsedTarget(routing.perInstance) : 'primary',
    primaryReads: { total: routing.lifetime.primaryReads },
    fallbacks: routing.lifetime.fallbacks,
    settings: local.settings,
    fleet: {
      instances: routing.instances,
      failingOver: routing.failingOver,
      failingOverShare: routing.failingOverShare,
      routedReads: { primary: routing.window.primaryReads, replica: routing.window.replicaReads },
      windowActivations: routing.window.activations,
      windowMs: data.windowMs,
      perInstance: routing.perInstance,
    },
  };
}
