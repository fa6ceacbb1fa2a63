// Fixed `le` buckets for a Prometheus histogram, counted on the hot path with one array
// increment and turned into cumulative counts only when scraped. prom-client's own
// Histogram.observe() hashes the label set and walks its buckets on every call; this keeps the
// per-call work to a few comparisons (see bench/metric-cost.bench.ts for both, side by side).

/**
 * Bounds for wrapped database calls, in milliseconds: 1 ms to 10 s. 300 ms is a bound because
 * the latency SLO counts calls under it, 500 ms because the p99 alert fires above it.
 */
export const CALL_LATENCY_BOUNDS_MS = [
  1, 2, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 2_000, 5_000, 10_000,
] as const;

/** Bounds for Redis commands, in milliseconds: 0.1 ms to 1 s (commands time out at 250 ms). */
export const COMMAND_LATENCY_BOUNDS_MS = [
  0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000,
] as const;

/** What a scrape reads: cumulative counts per bound, then the +Inf bucket (= count). */
export interface BucketSnapshot {
  /** Upper bounds in milliseconds, increasing, without +Inf. */
  readonly boundsMs: readonly number[];
  /** `cumulative[i]` = values ≤ boundsMs[i]; one more entry at the end for +Inf. */
  readonly cumulative: readonly number[];
  /** Sum of every recorded value, in milliseconds. */
  readonly sumMs: number;
  readonly count: number;
}

export class BucketCounts {
  readonly boundsMs: readonly number[];
  /** The bounds again as a typed array: reading it on the hot path is several times faster. */
  private readonly bounds: Float64Array;
  /** Per bucket (not cumulative): index i counts values in (bounds[i-1], bounds[i]]. */
  private readonly counts: Float64Array;
  private sum = 0;

  /** @throws RangeError when the bounds are empty, not finite, not > 0 or not increasing. */
  constructor(boundsMs: readonly number[]) {
    if (boundsMs.length === 0) throw new RangeError('bucket bounds must not be empty');
    boundsMs.forEach((b, i) => {
      if (!(Number.isFinite(b) && b > 0))
        throw new RangeError(`bucket bound ${i} must be a finite number > 0, got ${b}`);
      if (i > 0 && !(b > boundsMs[i - 1]!))
        throw new RangeError(`bucket bounds must increase: ${boundsMs[i - 1]} then ${b}`);
    });
    this.boundsMs = Object.freeze([...boundsMs]);
    this.bounds = Float64Array.from(boundsMs);
    this.counts = new Float64Array(boundsMs.length + 1);
  }

  /** Counts one value in milliseconds; negative and non-finite values are ignored. */
  record(ms: number): void {
    if (!(ms >= 0 && ms !== Infinity)) return;
    const bounds = this.bounds;
    let i = 0;
    // Most calls are fast, so a forward scan stops after a few comparisons.
    while (i < bounds.length && ms > bounds[i]!) i++;
    this.counts[i]! += 1;
    this.sum += ms;
  }

  /** Forgets every value (resetMetrics: Prometheus reads it as a counter reset). */
  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
  }

  /** The cumulative view Prometheus expects (`_bucket{le}`, `_sum`, `_count`). */
  snapshot(): BucketSnapshot {
    const cumulative: number[] = [];
    let running = 0;
    for (const c of this.counts) cumulative.push((running += c));
    return { boundsMs: this.boundsMs, cumulative, sumMs: this.sum, count: running };
  }
}
