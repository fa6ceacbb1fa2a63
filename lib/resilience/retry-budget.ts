// A retry budget (as in Finagle and gRPC): retries may add at most `ratio` of the recent
// requests, plus a small floor per second, so an outage cannot multiply the load on a dependency.
// Requests and retries are counted over a rolling window (lib/metrics' RollingCounter).
import { RollingCounter } from '../metrics';

export interface RetryBudgetOptions {
  /** Retries allowed per request in the window, e.g. 0.2 = 20%. */
  readonly ratio: number;
  /** Retries always allowed per second, so a quiet client can still retry. */
  readonly minRetriesPerSecond: number;
  readonly windowMs: number;
  readonly windowBuckets?: number;
  readonly clock?: () => number;
}

export interface RetryBudgetSnapshot {
  readonly requests: number;
  readonly retries: number;
  /** Retries that would be allowed now. */
  readonly available: number;
}

export class RetryBudget {
  private readonly ratio: number;
  private readonly floor: number;
  private readonly counts: RollingCounter<'requests' | 'retries'>;
  private readonly clock: () => number;

  constructor(opts: RetryBudgetOptions) {
    const buckets = opts.windowBuckets ?? 10;
    if (!(opts.ratio >= 0 && opts.ratio <= 10))
      throw new RangeError(`ratio must be from 0 to 10, got ${opts.ratio}`);
    if (!(opts.minRetriesPerSecond >= 0))
      throw new RangeError(`minRetriesPerSecond must be ≥ 0, got ${opts.minRetriesPerSecond}`);
    if (!(opts.windowMs >= buckets))
      throw new RangeError(`windowMs must be ≥ ${buckets}, got ${opts.windowMs}`);
    if (!Number.isInteger(buckets) || buckets < 1)
      throw new RangeError(`windowBuckets must be a positive integer, got ${buckets}`);
    this.ratio = opts.ratio;
    this.floor = (opts.minRetriesPerSecond * opts.windowMs) / 1000;
    this.clock = opts.clock ?? Date.now;
    this.counts = new RollingCounter({
      counters: ['requests', 'retries'],
      windowMs: opts.windowMs,
      buckets,
      clock: this.clock,
    });
  }

  /** A first attempt was made; `now` saves a clock read when the caller has one. */
  recordRequest(now?: number): void {
    this.counts.add('requests', 1, now);
  }

  /** Whether a retry would be allowed now, without taking it. */
  canRetry(): boolean {
    const { requests, retries } = this.sums();
    return retries + 1 <= requests * this.ratio + this.floor;
  }

  /** Takes one retry from the budget; false when it is spent. */
  tryRetry(): boolean {
    const { requests, retries } = this.sums();
    if (retries + 1 > requests * this.ratio + this.floor) return false;
    this.counts.add('retries');
    return true;
  }

  snapshot(): RetryBudgetSnapshot {
    const { requests, retries } = this.sums();
    return {
      requests,
      retries,
      available: Math.max(0, Math.floor(requests * this.ratio + this.floor - retries)),
    };
  }

  private sums(): { requests: number; retries: number } {
    const now = this.clock();
    return { requests: this.counts.sum('requests', now), retries: this.counts.sum('retries', now) };
  }
}
