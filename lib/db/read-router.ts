// Where a replica-ok read goes: the primary by default; while the caller kind's failover switch
// is on, a healthy replica (lag within bounds, breaker admitting): every read when the primary's
// breaker is not closed, else the least loaded of the primary and the replicas (load = calls in
// flight and queued / pool size), so a saturated primary sheds its overflow instead of all of its
// reads; the primary again for a read-your-writes pin. Replica lag is probed in the background, unref'd, every
// DB_REPLICA_LAG_PROBE_MS while replicas are configured, so routing itself does no I/O.
import 'server-only';
import { BoundedLog } from '../metrics';
import type { ClientKind } from './client-kind';
import type { DbExecutor } from './db-executor';
import { FailoverSwitch, type FailoverState, type FailoverTransition } from './failover-switch';
import type { ReadReplica } from './read-replica';
import type { ReplicaConfig } from './replica-config';

/** Where one read was sent, and why. */
export type ReadRoute =
  | {
      readonly to: 'primary';
      readonly why: 'default' | 'pinned' | 'no-healthy-replica' | 'probe' | 'least-loaded';
    }
  | { readonly to: 'replica'; readonly replica: ReadReplica };

/** A failover switch's transition, with the client kind it belongs to (for the timeline). */
export interface KindFailoverTransition extends FailoverTransition {
  readonly kind: ClientKind;
}

/** Calls in flight and waiting per pool slot: 1 = full, above 1 = queueing. */
function load(ex: DbExecutor): number {
  return (ex.pool.inFlight + ex.pool.queued) / ex.pool.maxConcurrent;
}

export class ReadRouter {
  readonly replicas: readonly ReadReplica[];
  readonly config: ReplicaConfig;
  readonly switches: Readonly<Record<ClientKind, FailoverSwitch>>;
  private readonly history = new BoundedLog<KindFailoverTransition>(100);
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Reads sent to the primary, by reason. */
  readonly primaryReads = {
    default: 0,
    pinned: 0,
    'no-healthy-replica': 0,
    probe: 0,
    'least-loaded': 0,
  };
  /** Reads that failed on the primary and were served by a replica. */
  fallbacks = 0;
  private lastRoute: { at: number; to: string } | undefined;
  private readonly clock: () => number;

  constructor(
    replicas: readonly ReadReplica[],
    config: ReplicaConfig,
    clock: () => number = Date.now,
  ) {
    this.replicas = replicas;
    this.config = config;
    this.clock = clock;
    const make = (kind: ClientKind) => {
      const sw = new FailoverSwitch({
        enterAt: config.failoverUtilization,
        leaveBelow: config.recoverUtilization,
        minFailoverMs: config.minFailoverMs,
        clock,
      });
      sw.onTransition((t) => this.history.push({ ...t, kind }));
      return sw;
    };
    this.switches = { service: make('service'), anon: make('anon') };
  }

  /** Starts probing every replica's lag in the background (idempotent). */
  start(): void {
    if (this.timer) return;
    const tick = () => void Promise.all(this.replicas.map((r) => r.refresh()));
    tick();
    this.timer = setInterval(tick, this.config.lagProbeMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Routes one replica-ok read of `kind`, whose primary executor is `primary`. No I/O. */
  route(kind: ClientKind, primary: DbExecutor, pinned: boolean): ReadRoute {
    const route = this.decide(kind, primary, pinned);
    if (route.to === 'replica') route.replica.reads += 1;
    else this.primaryReads[route.why] += 1;
    this.lastRoute = {
      at: this.clock(),
      to: route.to === 'replica' ? route.replica.name : 'primary',
    };
    return route;
  }

  private decide(kind: ClientKind, primary: DbExecutor, pinned: boolean): ReadRoute {
    if (pinned) return { to: 'primary', why: 'pinned' };
    const breaker = primary.breaker.state.name;
    const state = this.switches[kind].update({ utilization: primary.pool.utilization, breaker });
    if (state.name === 'primary') return { to: 'primary', why: 'default' };
    // Half-open: a read may be one of the primary's probes, so the breaker can close again.
    if (breaker === 'half-open' && primary.breaker.wouldAdmit())
      return { to: 'primary', why: 'probe' };
    const replica = this.healthiest();
    if (!replica) return { to: 'primary', why: 'no-healthy-replica' };
    if (breaker === 'closed' && load(primary) <= load(replica.executor))
      return { to: 'primary', why: 'least-loaded' };
    return { to: 'replica', replica };
  }

  /** The eligible replica with the least loaded pool, if any. */
  healthiest(): ReadReplica | undefined {
    let best: ReadReplica | undefined;
    for (const r of this.replicas) {
      if (!r.eligibility().ok) continue;
      if (!best || load(r.executor) < load(best.executor)) best = r;
    }
    return best;
  }

  /** A replica for a read that failed on the primary (transiently); counts it. */
  fallback(): ReadReplica | undefined {
    const r = this.healthiest();
    if (r) {
      this.fallbacks += 1;
      r.reads += 1;
    }
    return r;
  }

  /** Failover activations of both kinds since the process started. */
  get activations(): number {
    return this.switches.service.activations + this.switches.anon.activations;
  }

  /** The switches' latest transitions, oldest first. */
  transitions(): KindFailoverTransition[] {
    return this.history.chronological();
  }

  /** Each kind's switch state. */
  states(): Record<ClientKind, FailoverState> {
    return { service: this.switches.service.state, anon: this.switches.anon.state };
  }

  /** Whether either kind's reads fail over now, and where replica-ok reads go (a name). */
  where(): { failingOver: boolean; readsGoTo: string } {
    const failingOver =
      this.switches.service.state.name === 'failover' ||
      this.switches.anon.state.name === 'failover';
    return {
      failingOver,
      readsGoTo: failingOver ? (this.healthiest()?.name ?? 'primary') : 'primary',
    };
  }

  /** Where the latest read went, and when. */
  get last(): { at: number; to: string } | undefined {
    return this.lastRoute;
  }
}
