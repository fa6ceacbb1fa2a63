// Counts over a rolling window: a fixed ring of buckets, each covering windowMs / buckets and
// stamped with the bucket number it holds, so constant memory however many events and no timer.
// A slot is cleared lazily, when an event lands in it for a newer bucket; sums skip stale slots.
// Used by the circuit breaker (calls, failures) and the retry budget (requests, retries).

export interface RollingCounterOptions<C extends string> {
  /** The counters kept side by side, e.g. `['calls', 'failures']`. */
  readonly counters: readonly C[];
  /** The window the sums cover. */
  readonly windowMs: number;
  /** Slots in the ring (default 10): the window moves on in steps of windowMs / buckets. */
  readonly buckets?: number;
  readonly clock?: () => number;
}

export class RollingCounter<C extends string> {
  readonly windowMs: number;
  private readonly bucketMs: number;
  /** Per slot, the bucket number (floor(time / bucketMs)) it holds; -1 when never used. */
  private readonly epochs: Float64Array;
  /** Per counter, its count in each slot. */
  private readonly rows: Readonly<Record<C, Float64Array>>;
  private readonly allRows: readonly Float64Array[];
  private readonly clock: () => number;

  /**
   * @throws RangeError for no counters, a repeated or reserved name, or a bad window or bucket
   * count.
   */
  constructor(opts: RollingCounterOptions<C>) {
    const buckets = opts.buckets ?? 10;
    if (!Number.isInteger(buckets) || buckets < 1)
      throw new RangeError(`buckets must be a positive integer, got ${buckets}`);
    if (!(opts.windowMs >= buckets))
      throw new RangeError(`windowMs must be ≥ ${buckets}, got ${opts.windowMs}`);
    if (opts.counters.length === 0)
      throw new RangeError('a rolling counter needs at least one counter');
    if (new Set(opts.counters).size !== opts.counters.length)
      throw new RangeError(`counter names must be distinct, got ${opts.counters.join(', ')}`);
    // Rows are looked up by name on a plain object (the fastest lookup for a few fixed names),
    // so a name must not be one that every object already has.
    const reserved = opts.counters.find((name) => name in Object.prototype);
    if (reserved !== undefined) throw new RangeError(`"${reserved}" cannot name a counter`);
    this.windowMs = opts.windowMs;
    this.bucketMs = opts.windowMs / buckets;
    this.epochs = new Float64Array(buckets).fill(-1);
    this.rows = Object.fromEntries(
      opts.counters.map((name) => [name, new Float64Array(buckets)]),
    ) as Record<C, Float64Array>;
    this.allRows = Object.values(this.rows);
    this.clock = opts.clock ?? Date.now;
  }

  /**
   * Adds `n` to a counter in the bucket of `now` (a clock read saved when the caller has one).
   * @throws RangeError for a name the counter was not built with.
   */
  add(counter: C, n = 1, now = this.clock()): void {
    this.row(counter)[this.slot(now)]! += n;
  }

  /**
   * A counter's sum over the window ending at `now` (the current bucket included).
   * @throws RangeError for a name the counter was not built with.
   */
  sum(counter: C, now = this.clock()): number {
    const row = this.row(counter);
    const oldest = Math.floor(now / this.bucketMs) - this.epochs.length;
    let total = 0;
    for (let slot = 0; slot < this.epochs.length; slot++) {
      if (this.epochs[slot]! > oldest) total += row[slot]!;
    }
    return total;
  }

  /** Forgets everything counted so far. */
  reset(): void {
    this.epochs.fill(-1);
    for (const row of this.allRows) row.fill(0);
  }

  private row(counter: C): Float64Array {
    const row = this.rows[counter] as Float64Array | undefined;
    if (row === undefined) throw new RangeError(`unknown counter ${counter}`);
    return row;
  }

  /** The slot for `now`, cleared first when it still holds an older bucket. */
  private slot(now: number): number {
    const epoch = Math.floor(now / this.bucketMs);
    const slot = epoch % this.epochs.length;
    if (this.epochs[slot] !== epoch) {
      this.epochs[slot] = epoch;
      for (const row of this.allRows) row[slot] = 0;
    }
    return slot;
  }
}
