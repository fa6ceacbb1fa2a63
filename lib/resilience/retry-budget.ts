// A retry budget (as in Finagle and gRPC): retries may add at most `ratio` of the recent
// requests, plus a small floor per second, so an outage cannot multiply the load on a dependency.

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
  private readonly bucketMs: number;
  private readonly requests: Float64Array;
  private readonly retries: Float64Array;
  private readonly epochs: Float64Array;
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
    this.bucketMs = opts.windowMs / buckets;
    this.requests = new Float64Array(buckets);
    this.retries = new Float64Array(buckets);
    this.epochs = new Float64Array(buckets).fill(-1);
    this.clock = opts.clock ?? Date.now;
  }

  private slot(now = this.clock()): number {
    const epoch = Math.floor(now / this.bucketMs);
    const i = epoch % this.epochs.length;
    if (this.epochs[i] !== epoch) {
      this.epochs[i] = epoch;
      this.requests[i] = 0;
      this.retries[i] = 0;
    }
    return i;
  }

  private sums(): { requests: number; retries: number } {
    const epoch = Math.floor(this.clock() / this.bucketMs);
    let requests = 0;
    let retries = 0;
    for (let i = 0; i < this.epochs.length; i++) {
      if (this.epochs[i]! > epoch - this.epochs.length) {
        requests += this.requests[i]!;
        retries += this.retries[i]!;
      }
    }
    return { requests, retries };
  }

  /** A first attempt was made; `now` saves a clock read when the caller has one. */
  recordRequest(now?: number): void {
    this.requests[this.slot(now)]! += 1;
  }

  /** Takes one retry from the budget; false when it is spent. */
  tryRetry(): boolean {
    const { requests, retries } = this.sums();
    if (retries + 1 > requests * this.ratio + this.floor) return false;
    this.retries[this.slot()]! += 1;
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
}
