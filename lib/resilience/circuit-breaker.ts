// A circuit breaker: closed → open on a failure rate over a rolling window (with a minimum
// volume) or on consecutive failures; open → half-open after the reset time; half-open lets a
// few probes through and closes when they all succeed. Caller errors are "ignored", not counted.
import { BoundedLog, RollingCounter } from '../metrics';

export type BreakerStateName = 'closed' | 'open' | 'half-open';

export type BreakerState =
  | { readonly name: 'closed'; readonly since: number }
  | {
      readonly name: 'open';
      readonly since: number;
      readonly reason: string;
      readonly halfOpenAt: number;
    }
  | {
      readonly name: 'half-open';
      readonly since: number;
      readonly probesInFlight: number;
      readonly probeSuccesses: number;
    };

export interface BreakerTransition {
  readonly from: BreakerStateName;
  readonly to: BreakerStateName;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly reason: string;
}

export interface BreakerSnapshot {
  readonly state: BreakerState;
  readonly window: {
    readonly calls: number;
    readonly failures: number;
    readonly failureRate: number;
  };
  readonly consecutiveFailures: number;
  /** Oldest first, the latest `historySize`. */
  readonly transitions: readonly BreakerTransition[];
}

export interface CircuitBreakerOptions {
  /** 0..1: opens when failures / calls in the window reach this, given `minimumCalls`. */
  readonly failureRateThreshold: number;
  readonly minimumCalls: number;
  readonly windowMs: number;
  readonly windowBuckets?: number;
  /** Opens after this many failures in a row, whatever the volume. */
  readonly consecutiveFailures: number;
  readonly resetTimeoutMs: number;
  /** Probes let through while half-open; this many successes close the breaker. */
  readonly halfOpenMaxProbes: number;
  readonly historySize?: number;
  readonly clock?: () => number;
}

export type TransitionListener = (transition: BreakerTransition) => void;

const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;

export class CircuitBreaker {
  private readonly opts: Required<Omit<CircuitBreakerOptions, 'clock'>>;
  private readonly clock: () => number;
  private current: BreakerState;
  private consecutive = 0;
  private readonly counts: RollingCounter<'calls' | 'failures'>;
  private readonly history: BoundedLog<BreakerTransition>;
  private readonly listeners = new Set<TransitionListener>();

  constructor(opts: CircuitBreakerOptions) {
    const o = { windowBuckets: 10, historySize: 100, ...opts };
    if (!(o.failureRateThreshold > 0 && o.failureRateThreshold <= 1)) {
      throw new RangeError(`failureRateThreshold must be in (0, 1], got ${o.failureRateThreshold}`);
    }
    for (const key of [
      'minimumCalls',
      'consecutiveFailures',
      'halfOpenMaxProbes',
      'windowBuckets',
      'historySize',
    ] as const) {
      if (!Number.isInteger(o[key]) || o[key] < 1)
        throw new RangeError(`${key} must be a positive integer, got ${o[key]}`);
    }
    if (!(o.windowMs >= o.windowBuckets))
      throw new RangeError(`windowMs must be ≥ ${o.windowBuckets}, got ${o.windowMs}`);
    if (!(o.resetTimeoutMs > 0))
      throw new RangeError(`resetTimeoutMs must be > 0, got ${o.resetTimeoutMs}`);
    const { clock, ...rest } = o;
    this.opts = rest;
    this.clock = clock ?? Date.now;
    this.counts = new RollingCounter({
      counters: ['calls', 'failures'],
      windowMs: o.windowMs,
      buckets: o.windowBuckets,
      clock: this.clock,
    });
    this.history = new BoundedLog(o.historySize);
    this.current = { name: 'closed', since: this.clock() };
  }

  /** The state now (an open breaker whose reset time has passed reads as half-open). */
  get state(): BreakerState {
    this.refresh();
    return this.current;
  }

  /**
   * Whether a call would be admitted now, without taking a half-open probe slot: for refusing at
   * once before a call waits for anything else. The call is admitted for real by tryAcquire when
   * it is about to reach the dependency.
   */
  wouldAdmit(): boolean {
    const s = this.current;
    if (s.name === 'closed') return true;
    if (s.name === 'open') return this.clock() >= s.halfOpenAt;
    return s.probesInFlight < this.opts.halfOpenMaxProbes;
  }

  /** Asks to run a call. True: run it and report the outcome. False: reject it at once. */
  tryAcquire(): boolean {
    let s = this.current;
    if (s.name === 'closed') return true;
    if (s.name === 'open') {
      if (this.clock() < s.halfOpenAt) return false;
      this.refresh();
      s = this.current;
    }
    if (s.name !== 'half-open' || s.probesInFlight >= this.opts.halfOpenMaxProbes) return false;
    this.current = { ...s, probesInFlight: s.probesInFlight + 1 };
    return true;
  }

  /** `now` saves a clock read when the caller has one. */
  onSuccess(now = this.clock()): void {
    this.consecutive = 0;
    const s = this.current;
    switch (s.name) {
      case 'closed':
      case 'open':
        this.record(false, now);
        return;
      case 'half-open': {
        const successes = s.probeSuccesses + 1;
        if (successes >= this.opts.halfOpenMaxProbes) {
          this.transition(
            { name: 'closed', since: this.clock() },
            `${successes} probe(s) succeeded`,
          );
        } else {
          this.current = {
            ...s,
            probesInFlight: Math.max(0, s.probesInFlight - 1),
            probeSuccesses: successes,
          };
        }
        return;
      }
    }
  }

  /** A failure that says the dependency is unhealthy; `reason` is a short code for the log. */
  onFailure(reason: string): void {
    this.consecutive += 1;
    const s = this.current;
    switch (s.name) {
      case 'open':
        this.record(true, this.clock());
        return;
      case 'half-open':
        this.open(`probe failed (${reason})`);
        return;
      case 'closed': {
        this.record(true, this.clock());
        if (this.consecutive >= this.opts.consecutiveFailures) {
          this.open(`${this.consecutive} consecutive failures (last: ${reason})`);
          return;
        }
        const { calls, failures, failureRate } = this.window();
        if (calls >= this.opts.minimumCalls && failureRate >= this.opts.failureRateThreshold) {
          this.open(
            `failure rate ${pct(failureRate)} ≥ ${pct(this.opts.failureRateThreshold)} over ${calls} calls ` +
              `(${failures} failed) in ${this.opts.windowMs / 1000}s`,
          );
        }
        return;
      }
    }
  }

  /** A call ended in a way that says nothing about the dependency (a caller error, an abort). */
  onIgnored(): void {
    const s = this.current;
    if (s.name === 'half-open')
      this.current = { ...s, probesInFlight: Math.max(0, s.probesInFlight - 1) };
  }

  /**
   * An open breaker goes half-open at once, before its reset time: an active health check found
   * the dependency answering again (as a load balancer's active check re-admits a backend).
   * Anything but open is left as it is.
   */
  halfOpenNow(reason: string): void {
    if (this.current.name !== 'open') return;
    this.transition(
      { name: 'half-open', since: this.clock(), probesInFlight: 0, probeSuccesses: 0 },
      reason,
    );
  }

  /** Milliseconds until a probe may pass; 0 unless open. */
  retryAfterMs(): number {
    const s = this.current;
    return s.name === 'open' ? Math.max(0, s.halfOpenAt - this.clock()) : 0;
  }

  snapshot(): BreakerSnapshot {
    return {
      state: this.state,
      window: this.window(),
      consecutiveFailures: this.consecutive,
      transitions: this.history.chronological(),
    };
  }

  /** Subscribes to transitions; returns the unsubscribe function. */
  onTransition(listener: TransitionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private refresh(): void {
    const s = this.current;
    if (s.name === 'open' && this.clock() >= s.halfOpenAt) {
      this.transition(
        { name: 'half-open', since: this.clock(), probesInFlight: 0, probeSuccesses: 0 },
        `reset time of ${this.opts.resetTimeoutMs} ms elapsed`,
      );
    }
  }

  private open(reason: string): void {
    const now = this.clock();
    this.transition(
      { name: 'open', since: now, reason, halfOpenAt: now + this.opts.resetTimeoutMs },
      reason,
    );
  }

  private transition(next: BreakerState, reason: string): void {
    const from = this.current.name;
    this.current = next;
    if (next.name === 'closed') {
      this.consecutive = 0;
      this.counts.reset();
    }
    const t: BreakerTransition = { from, to: next.name, at: next.since, reason };
    this.history.push(t);
    for (const listener of this.listeners) {
      try {
        listener(t);
      } catch {
        // A listener's failure must not break the breaker.
      }
    }
  }

  private record(failed: boolean, now: number): void {
    this.counts.add('calls', 1, now);
    if (failed) this.counts.add('failures', 1, now);
  }

  private window(): BreakerSnapshot['window'] {
    const now = this.clock();
    const calls = this.counts.sum('calls', now);
    const failures = this.counts.sum('failures', now);
    return { calls, failures, failureRate: calls === 0 ? 0 : failures / calls };
  }
}
