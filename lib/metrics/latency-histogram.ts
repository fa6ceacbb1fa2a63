// A log-linear latency histogram in the spirit of HdrHistogram: fixed memory, values kept to a
// bounded relative error, mergeable, so percentiles are merged from histograms, never averaged.

export interface LatencySummary {
  readonly count: number;
  readonly minMs: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
}

export interface LatencyHistogramOptions {
  /**
   * Sub-buckets per power of two, as a power of two: 7 (the default) keeps every value within
   * 0.8% of what was recorded, 5 within 3.2% in a quarter of the memory.
   */
  readonly precisionBits?: number;
}

/**
 * A histogram's counts as `[index delta, count, index delta, count, …]` over its non-empty
 * buckets: compact to store (a few hundred bytes of JSON for a minute of calls), and merged by
 * adding counts, so percentiles of many processes come from one merged histogram.
 */
export interface SparseHistogram {
  /** precisionBits of the histogram the indices belong to. */
  readonly p: number;
  /** Values recorded. */
  readonly n: number;
  /** Their sum, in microseconds. */
  readonly sum: number;
  readonly b: readonly number[];
}

/** A copy of a histogram's state at one moment, to measure what was recorded since. */
export interface HistogramSnapshot {
  readonly precisionBits: number;
  readonly counts: Uint32Array;
  readonly total: number;
  readonly sumMicros: number;
}

/** What a reader of a live histogram may do: copy its state, and read what came since a copy. */
export interface HistogramReader {
  readonly precisionBits: number;
  snapshot(): HistogramSnapshot;
  sparseSince(before?: HistogramSnapshot, precisionBits?: number): SparseHistogram;
  summary(): LatencySummary;
}

/** Values are kept in whole microseconds, from 0 to about 71 minutes (larger ones are clamped). */
const MAX_MICROS = 0xffff_ffff;

export const EMPTY_SUMMARY: LatencySummary = Object.freeze({
  count: 0,
  minMs: 0,
  meanMs: 0,
  p50Ms: 0,
  p90Ms: 0,
  p95Ms: 0,
  p99Ms: 0,
  p999Ms: 0,
  maxMs: 0,
});

/** The middle of bucket `index` of a histogram of `precisionBits`, in microseconds. */
function bucketMiddle(index: number, precisionBits: number): number {
  const half = 1 << (precisionBits - 1);
  if (index < half << 1) return index;
  const shift = Math.floor(index / half) - 1;
  const sub = index - shift * half;
  return sub * 2 ** shift + (2 ** shift - 1) / 2;
}

export class LatencyHistogram implements HistogramReader {
  readonly precisionBits: number;
  private readonly half: number;
  private readonly counts: Uint32Array;
  private total = 0;
  private sumMicros = 0;
  private minMicros = MAX_MICROS;
  private maxMicros = 0;

  constructor(opts: LatencyHistogramOptions = {}) {
    const bits = opts.precisionBits ?? 7;
    if (!Number.isInteger(bits) || bits < 2 || bits > 12) {
      throw new RangeError(`precisionBits must be an integer from 2 to 12, got ${bits}`);
    }
    this.precisionBits = bits;
    this.half = 1 << (bits - 1);
    this.counts = new Uint32Array(this.indexOf(MAX_MICROS) + 1);
  }

  private indexOf(micros: number): number {
    if (micros < this.half << 1) return micros;
    const shift = 31 - Math.clz32(micros) - (this.precisionBits - 1);
    return shift * this.half + (micros >>> shift);
  }

  /** The middle of bucket `index`: within half a bucket (1/2^precisionBits) of any value in it. */
  private valueOf(index: number): number {
    return bucketMiddle(index, this.precisionBits);
  }

  /** Records one duration in milliseconds; negative and non-finite values are ignored. */
  record(ms: number): void {
    if (!(ms >= 0)) return;
    let micros = Math.round(ms * 1000);
    if (micros > MAX_MICROS) micros = MAX_MICROS;
    this.counts[this.indexOf(micros)]! += 1;
    this.total += 1;
    this.sumMicros += micros;
    if (micros < this.minMicros) this.minMicros = micros;
    if (micros > this.maxMicros) this.maxMicros = micros;
  }

  /** Adds another histogram's counts into this one (precision must match). */
  add(other: LatencyHistogram): void {
    if (other.precisionBits !== this.precisionBits) {
      throw new RangeError(
        `cannot merge histograms of precision ${other.precisionBits} and ${this.precisionBits}`,
      );
    }
    if (other.total === 0) return;
    const mine = this.counts;
    const theirs = other.counts;
    for (let i = 0; i < theirs.length; i++) if (theirs[i] !== 0) mine[i]! += theirs[i]!;
    this.total += other.total;
    this.sumMicros += other.sumMicros;
    if (other.minMicros < this.minMicros) this.minMicros = other.minMicros;
    if (other.maxMicros > this.maxMicros) this.maxMicros = other.maxMicros;
  }

  /** Adds `count` values of `micros` microseconds each. */
  private recordMicros(micros: number, count: number): void {
    if (micros > MAX_MICROS) micros = MAX_MICROS;
    this.counts[this.indexOf(micros)]! += count;
    this.total += count;
    this.sumMicros += micros * count;
    if (micros < this.minMicros) this.minMicros = micros;
    if (micros > this.maxMicros) this.maxMicros = micros;
  }

  /** A copy of the state now (one array copy), for `sparseSince` later. */
  snapshot(): HistogramSnapshot {
    return {
      precisionBits: this.precisionBits,
      counts: this.counts.slice(),
      total: this.total,
      sumMicros: this.sumMicros,
    };
  }

  /**
   * What was recorded since `before` (everything, without it), as a sparse histogram; with
   * `precisionBits` lower than this one's, coarsened to that precision (smaller to store).
   */
  sparseSince(before?: HistogramSnapshot, precisionBits = this.precisionBits): SparseHistogram {
    const target =
      precisionBits === this.precisionBits ? this : new LatencyHistogram({ precisionBits });
    const b: number[] = [];
    let last = 0;
    let n = 0;
    const prev = before?.counts;
    for (let i = 0; i < this.counts.length; i++) {
      const c = this.counts[i]! - (prev ? prev[i]! : 0);
      if (c <= 0) continue;
      n += c;
      if (target === this) {
        b.push(i - last, c);
        last = i;
      } else {
        target.recordMicros(Math.round(this.valueOf(i)), c);
      }
    }
    const sum = this.sumMicros - (before?.sumMicros ?? 0);
    if (target === this) return { p: this.precisionBits, n, sum, b };
    return { ...target.sparseSince(), sum };
  }

  /**
   * Adds a sparse histogram's counts, coarsened when it is finer than this one.
   * @throws RangeError for a sparse histogram coarser than this one.
   */
  addSparse(s: SparseHistogram): void {
    if (s.p < this.precisionBits) {
      throw new RangeError(
        `cannot add a histogram of precision ${s.p} to one of ${this.precisionBits}`,
      );
    }
    const native = s.p === this.precisionBits;
    const counts = this.counts;
    let i = 0;
    let first = -1;
    let last = -1;
    for (let k = 0; k + 1 < s.b.length; k += 2) {
      i += s.b[k]!;
      const count = s.b[k + 1]!;
      const idx = native ? i : this.indexOf(Math.min(Math.round(bucketMiddle(i, s.p)), MAX_MICROS));
      if (!(idx >= 0 && idx < counts.length && count > 0)) continue; // foreign data
      counts[idx]! += count;
      this.total += count;
      if (first < 0) first = i;
      last = i;
    }
    // Indices grow along the list: its first and last give the extremes (within a bucket).
    if (first >= 0) {
      const lo = Math.floor(bucketMiddle(first, s.p));
      const hi = Math.ceil(bucketMiddle(last, s.p));
      if (lo < this.minMicros) this.minMicros = lo;
      if (hi > this.maxMicros) this.maxMicros = hi;
    }
    this.sumMicros += s.sum;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sumMicros = 0;
    this.minMicros = MAX_MICROS;
    this.maxMicros = 0;
  }

  get count(): number {
    return this.total;
  }

  /** Bytes held by the bucket array (the rest is a few numbers). */
  get byteLength(): number {
    return this.counts.byteLength;
  }

  /** Values recorded above `ms` (within the histogram's precision at the boundary). */
  countAbove(ms: number): number {
    const limit = ms * 1000;
    let n = 0;
    for (let i = this.counts.length - 1; i >= 0; i--) {
      if (this.valueOf(i) <= limit) break;
      n += this.counts[i]!;
    }
    return n;
  }

  /** The value at or below which `p` (0..1) of the recorded values fall, in milliseconds. */
  percentile(p: number): number {
    return this.percentiles([p])[0]!;
  }

  private percentiles(ps: readonly number[]): number[] {
    const out = ps.map(() => 0);
    if (this.total === 0) return out;
    const ranks = ps.map((p) => Math.max(1, Math.ceil(Math.min(Math.max(p, 0), 1) * this.total)));
    let seen = 0;
    let next = 0;
    const counts = this.counts;
    for (let i = 0; i < counts.length && next < ranks.length; i++) {
      const c = counts[i]!;
      if (c === 0) continue;
      seen += c;
      while (next < ranks.length && seen >= ranks[next]!) {
        const v = Math.min(Math.max(this.valueOf(i), this.minMicros), this.maxMicros);
        out[next] = v / 1000;
        next++;
      }
    }
    return out;
  }

  summary(): LatencySummary {
    if (this.total === 0) return EMPTY_SUMMARY;
    const [p50, p90, p95, p99, p999] = this.percentiles([0.5, 0.9, 0.95, 0.99, 0.999]);
    return {
      count: this.total,
      minMs: this.minMicros / 1000,
      meanMs: Math.round(this.sumMicros / this.total) / 1000,
      p50Ms: p50!,
      p90Ms: p90!,
      p95Ms: p95!,
      p99Ms: p99!,
      p999Ms: p999!,
      maxMs: this.maxMicros / 1000,
    };
  }
}
