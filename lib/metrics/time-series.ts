// Fixed buckets (5 s × 720 = one hour by default) of counters, level gauges and a coarse latency
// histogram, in a ring: constant memory however many events are recorded.
import { EMPTY_SUMMARY, LatencyHistogram, type LatencySummary } from './latency-histogram';

/** Per-bucket latency: enough for charts, kept coarse (3% precision) to bound memory. */
export interface PointLatency {
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface SeriesPoint<C extends string, G extends string = never> {
  /** Start of the bucket, epoch milliseconds. */
  readonly t: number;
  readonly counters: Readonly<Record<C, number>>;
  /** The highest level seen in the bucket (carried forward from the last value when idle). */
  readonly gauges: Readonly<Record<G, number>>;
  readonly latency: PointLatency | null;
}

export interface SeriesTotals<C extends string> {
  readonly windowMs: number;
  readonly counters: Readonly<Record<C, number>>;
  readonly latency: LatencySummary;
}

export interface TimeSeriesOptions<C extends string, G extends string> {
  readonly counters: readonly C[];
  readonly gauges?: readonly G[];
  readonly bucketMs?: number;
  readonly capacity?: number;
  /** Keep a latency histogram per bucket (default true). */
  readonly latency?: boolean;
  readonly clock?: () => number;
}

const BUCKET_PRECISION_BITS = 5;

interface Bucket {
  /** floor(time / bucketMs) of the bucket this slot holds, -1 before first use. */
  epoch: number;
  readonly counters: Float64Array;
  readonly gauges: Float64Array;
  latency: LatencyHistogram | undefined;
}

export class TimeSeries<C extends string, G extends string = never> {
  readonly bucketMs: number;
  readonly capacity: number;
  private readonly counterNames: readonly C[];
  private readonly gaugeNames: readonly G[];
  private readonly counterIndex: Map<string, number>;
  private readonly gaugeIndex: Map<string, number>;
  private readonly buckets: Bucket[];
  private readonly lastGauge: Float64Array;
  private readonly keepLatency: boolean;
  private readonly clock: () => number;
  private epoch = -1;
  private current: Bucket;

  constructor(opts: TimeSeriesOptions<C, G>) {
    const bucketMs = opts.bucketMs ?? 5_000;
    const capacity = opts.capacity ?? 720;
    if (!Number.isInteger(bucketMs) || bucketMs < 1)
      throw new RangeError(`bucketMs must be a positive integer, got ${bucketMs}`);
    if (!Number.isInteger(capacity) || capacity < 2 || capacity > 100_000) {
      throw new RangeError(`capacity must be an integer from 2 to 100000, got ${capacity}`);
    }
    if (opts.counters.length === 0)
      throw new RangeError('a time series needs at least one counter');
    this.bucketMs = bucketMs;
    this.capacity = capacity;
    this.counterNames = [...opts.counters];
    this.gaugeNames = [...(opts.gauges ?? [])];
    this.counterIndex = new Map(this.counterNames.map((n, i) => [n, i]));
    this.gaugeIndex = new Map(this.gaugeNames.map((n, i) => [n, i]));
    this.keepLatency = opts.latency ?? true;
    this.clock = opts.clock ?? Date.now;
    this.lastGauge = new Float64Array(this.gaugeNames.length);
    this.buckets = Array.from({ length: capacity }, () => ({
      epoch: -1,
      counters: new Float64Array(this.counterNames.length),
      gauges: new Float64Array(this.gaugeNames.length),
      latency: undefined,
    }));
    this.current = this.buckets[0]!;
  }

  /** The bucket for now, clearing the slots of any buckets skipped since the last event. */
  private bucket(now: number): Bucket {
    const epoch = Math.floor(now / this.bucketMs);
    if (epoch === this.epoch) return this.current;
    if (epoch < this.epoch) return this.current; // clock went back: keep counting in the current bucket
    const from = this.epoch < 0 ? epoch : Math.max(this.epoch + 1, epoch - this.capacity + 1);
    for (let e = from; e <= epoch; e++) {
      const b = this.buckets[e % this.capacity]!;
      b.epoch = e;
      b.counters.fill(0);
      b.gauges.set(this.lastGauge);
      b.latency?.reset();
    }
    this.epoch = epoch;
    this.current = this.buckets[epoch % this.capacity]!;
    return this.current;
  }

  /** Forgets every bucket and level. */
  reset(): void {
    for (const b of this.buckets) {
      b.epoch = -1;
      b.counters.fill(0);
      b.gauges.fill(0);
      b.latency?.reset();
    }
    this.lastGauge.fill(0);
    this.epoch = -1;
    this.current = this.buckets[0]!;
  }

  add(counter: C, n = 1): void {
    this.addAt(this.clock(), this.counterId(counter), n);
  }

  /** Sets a level; the bucket keeps the highest level seen in it. */
  setGauge(gauge: G, value: number): void {
    this.gaugeAt(this.clock(), this.gaugeId(gauge), value);
  }

  recordLatency(ms: number): void {
    this.latencyAt(this.clock(), ms);
  }

  // The hot path: ids resolved once by the owner, the time read once per event by the owner.

  /** @throws RangeError for a name the series was not built with. */
  counterId(counter: C): number {
    const i = this.counterIndex.get(counter);
    if (i === undefined) throw new RangeError(`unknown counter ${counter}`);
    return i;
  }

  /** @throws RangeError for a name the series was not built with. */
  gaugeId(gauge: G): number {
    const i = this.gaugeIndex.get(gauge);
    if (i === undefined) throw new RangeError(`unknown gauge ${gauge}`);
    return i;
  }

  addAt(now: number, id: number, n = 1): void {
    this.bucket(now).counters[id]! += n;
  }

  gaugeAt(now: number, id: number, value: number): void {
    const b = this.bucket(now);
    this.lastGauge[id] = value;
    if (value > b.gauges[id]!) b.gauges[id] = value;
  }

  latencyAt(now: number, ms: number): void {
    if (!this.keepLatency) return;
    const b = this.bucket(now);
    (b.latency ??= new LatencyHistogram({ precisionBits: BUCKET_PRECISION_BITS })).record(ms);
  }

  /** The buckets covering the last `windowMs`, oldest first, one per bucket, zero-filled. */
  points(windowMs: number): SeriesPoint<C, G>[] {
    const n = this.bucketCount(windowMs);
    const now = this.clock();
    this.bucket(now);
    const out: SeriesPoint<C, G>[] = [];
    for (let e = this.epoch - n + 1; e <= this.epoch; e++) {
      const b = this.buckets[((e % this.capacity) + this.capacity) % this.capacity]!;
      const valid = b.epoch === e;
      const counters = {} as Record<C, number>;
      this.counterNames.forEach((name, i) => (counters[name] = valid ? b.counters[i]! : 0));
      const gauges = {} as Record<G, number>;
      this.gaugeNames.forEach((name, i) => (gauges[name] = valid ? b.gauges[i]! : 0));
      let latency: PointLatency | null = null;
      if (valid && b.latency && b.latency.count > 0) {
        const s = b.latency.summary();
        latency = {
          count: s.count,
          p50Ms: s.p50Ms,
          p95Ms: s.p95Ms,
          p99Ms: s.p99Ms,
          maxMs: s.maxMs,
        };
      }
      out.push({ t: e * this.bucketMs, counters, gauges, latency });
    }
    return out;
  }

  /**
   * Sums of the counters and the merged latency over the last `windowMs`; with `sinceMs`, only
   * over the buckets that start at or after it (a window that restarts at an event).
   */
  totals(windowMs: number, sinceMs = -Infinity): SeriesTotals<C> {
    const n = this.bucketCount(windowMs);
    this.bucket(this.clock());
    const sums = new Float64Array(this.counterNames.length);
    const merged = new LatencyHistogram({ precisionBits: BUCKET_PRECISION_BITS });
    const first = Math.max(this.epoch - n + 1, Math.ceil(sinceMs / this.bucketMs));
    for (let e = first; e <= this.epoch; e++) {
      const b = this.buckets[((e % this.capacity) + this.capacity) % this.capacity]!;
      if (b.epoch !== e) continue;
      for (let i = 0; i < sums.length; i++) sums[i]! += b.counters[i]!;
      if (b.latency) merged.add(b.latency);
    }
    const counters = {} as Record<C, number>;
    this.counterNames.forEach((name, i) => (counters[name] = sums[i]!));
    return {
      windowMs: Math.max(0, this.epoch - first + 1) * this.bucketMs,
      counters,
      latency: merged.count === 0 ? EMPTY_SUMMARY : merged.summary(),
    };
  }

  private bucketCount(windowMs: number): number {
    if (!(windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${windowMs}`);
    return Math.min(this.capacity, Math.max(1, Math.ceil(windowMs / this.bucketMs)));
  }
}
