// When a primary client kind's replica-ok reads go to replicas: on when the primary's pool
// utilization reaches its threshold or its breaker is not closed; off again only once the pool is
// below a lower threshold, the breaker is closed, and the switch has been on for a minimum time
// (hysteresis, so routing does not flap). Pure: the caller passes the load, the clock is injected.
import type { BreakerStateName } from '../resilience';

export type FailoverState =
  | { readonly name: 'primary'; readonly since: number }
  | { readonly name: 'failover'; readonly since: number; readonly reason: string };

export interface FailoverTransition {
  readonly from: FailoverState['name'];
  readonly to: FailoverState['name'];
  readonly at: number;
  readonly reason: string;
}

/** What the switch reads of the primary at each routing decision. */
export interface PrimaryLoad {
  /** In flight / max of the primary's pool, 0–1. */
  readonly utilization: number;
  readonly breaker: BreakerStateName;
}

export interface FailoverSwitchOptions {
  readonly enterAt: number;
  readonly leaveBelow: number;
  readonly minFailoverMs: number;
  readonly clock?: () => number;
}

export type FailoverListener = (t: FailoverTransition) => void;

const percent = (x: number) => `${Math.round(x * 100)}%`;

export class FailoverSwitch {
  private readonly enterAt: number;
  private readonly leaveBelow: number;
  private readonly minFailoverMs: number;
  private readonly clock: () => number;
  private current: FailoverState;
  private readonly listeners = new Set<FailoverListener>();
  private activationCount = 0;

  /** @throws RangeError when the thresholds leave no hysteresis or are outside 0–1. */
  constructor(opts: FailoverSwitchOptions) {
    if (!(opts.enterAt > 0 && opts.enterAt <= 1))
      throw new RangeError(`enterAt must be in (0, 1], got ${opts.enterAt}`);
    if (!(opts.leaveBelow >= 0 && opts.leaveBelow < opts.enterAt))
      throw new RangeError(`leaveBelow must be in [0, enterAt), got ${opts.leaveBelow}`);
    if (!(opts.minFailoverMs >= 0))
      throw new RangeError(`minFailoverMs must be ≥ 0, got ${opts.minFailoverMs}`);
    this.enterAt = opts.enterAt;
    this.leaveBelow = opts.leaveBelow;
    this.minFailoverMs = opts.minFailoverMs;
    this.clock = opts.clock ?? Date.now;
    this.current = { name: 'primary', since: this.clock() };
  }

  get state(): FailoverState {
    return this.current;
  }

  /** Times the switch moved reads to replicas since the process started. */
  get activations(): number {
    return this.activationCount;
  }

  onTransition(listener: FailoverListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Judges the primary's load now; returns the state that routes this read. */
  update(load: PrimaryLoad): FailoverState {
    const now = this.clock();
    switch (this.current.name) {
      case 'primary': {
        const why = this.enterReason(load);
        if (why) this.enter(now, why);
        break;
      }
      case 'failover': {
        const held = now - this.current.since >= this.minFailoverMs;
        if (held && load.breaker === 'closed' && load.utilization < this.leaveBelow)
          this.leave(
            now,
            `primary recovered: breaker closed, pool at ${percent(load.utilization)} (< ${percent(this.leaveBelow)})`,
          );
        break;
      }
      default: {
        const never: never = this.current;
        throw new Error(`unknown failover state ${JSON.stringify(never)}`);
      }
    }
    return this.current;
  }

  private enterReason(load: PrimaryLoad): string | undefined {
    if (load.breaker !== 'closed') return `primary breaker ${load.breaker}`;
    if (load.utilization >= this.enterAt)
      return `primary pool at ${percent(load.utilization)} (≥ ${percent(this.enterAt)})`;
    return undefined;
  }

  private enter(at: number, reason: string): void {
    this.activationCount += 1;
    this.move({ name: 'failover', since: at, reason }, reason);
  }

  private leave(at: number, reason: string): void {
    this.move({ name: 'primary', since: at }, reason);
  }

  private move(next: FailoverState, reason: string): void {
    const t: FailoverTransition = {
      from: this.current.name,
      to: next.name,
      at: next.since,
      reason,
    };
    this.current = next;
    for (const l of this.listeners) l(t);
  }
}
