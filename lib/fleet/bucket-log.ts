// One instance's time buckets of one width (5 s, 1 min): samples are added into the bucket
// their span ends in, and every bucket changed since Redis last confirmed it is pending. A flush
// writes each pending bucket whole (so writing it twice never counts it twice), and a failed
// flush leaves them pending for the next one; past `maxPending`, the oldest are dropped and
// counted, so an outage of Redis cannot grow memory without bound.
import { RecordSum, type FleetRecord } from './fleet-record';

export interface BucketLogOptions {
  readonly widthMs: number;
  /** Histogram precision kept in this log's buckets (coarser for longer buckets). */
  readonly precisionBits: number;
  readonly maxPending: number;
  /** Keep each operation's error codes and histogram, or only its counts (default false). */
  readonly opDetail?: boolean;
}

export interface PendingBucket {
  /** Bucket start, epoch ms: the Redis hash field. */
  readonly start: number;
  readonly version: number;
  readonly record: FleetRecord;
}

interface Bucket {
  readonly start: number;
  readonly sum: RecordSum;
  version: number;
  confirmed: number;
}

export class BucketLog {
  readonly widthMs: number;
  private readonly precisionBits: number;
  private readonly maxPending: number;
  private readonly opDetail: boolean;
  /** Oldest first; the last is the current bucket. */
  private buckets: Bucket[] = [];
  private droppedCount = 0;

  constructor(opts: BucketLogOptions) {
    if (!(Number.isInteger(opts.widthMs) && opts.widthMs >= 1000))
      throw new RangeError(`widthMs must be a whole number ≥ 1000, got ${opts.widthMs}`);
    if (!(Number.isInteger(opts.maxPending) && opts.maxPending >= 1))
      throw new RangeError(`maxPending must be a whole number ≥ 1, got ${opts.maxPending}`);
    this.widthMs = opts.widthMs;
    this.precisionBits = opts.precisionBits;
    this.maxPending = opts.maxPending;
    this.opDetail = opts.opDetail ?? false;
  }

  /** Buckets dropped unsent since the log was made. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Buckets not yet confirmed by Redis. */
  get pendingCount(): number {
    let n = 0;
    for (const b of this.buckets) if (b.confirmed !== b.version) n += 1;
    return n;
  }

  /** The bucket a time falls in. */
  startOf(t: number): number {
    return Math.floor(t / this.widthMs) * this.widthMs;
  }

  /** Adds a sample to the bucket its span ends in (end-exclusive). */
  add(sample: FleetRecord): void {
    const start = this.startOf(Math.max(sample.t0, sample.t1 - 1));
    let b = this.buckets.find((x) => x.start === start);
    if (!b) {
      b = {
        start,
        sum: new RecordSum(this.precisionBits, this.opDetail),
        version: 0,
        confirmed: -1,
      };
      this.buckets.push(b);
      this.buckets.sort((x, y) => x.start - y.start);
    }
    b.sum.add(sample, false);
    b.version += 1;
    this.trim();
  }

  /** Every bucket not confirmed since its last change, oldest first. */
  pending(): PendingBucket[] {
    return this.buckets
      .filter((b) => b.confirmed !== b.version)
      .map((b) => ({ start: b.start, version: b.version, record: b.sum.record() }));
  }

  /** Redis holds these versions: forget the buckets no sample will change again. */
  confirm(sent: readonly PendingBucket[], now: number): void {
    for (const s of sent) {
      const b = this.buckets.find((x) => x.start === s.start);
      if (b && b.version === s.version) b.confirmed = s.version;
    }
    const current = this.startOf(now);
    this.buckets = this.buckets.filter((b) => b.start >= current || b.confirmed !== b.version);
  }

  private trim(): void {
    let pending = this.buckets.filter((b) => b.confirmed !== b.version).length;
    while (pending > this.maxPending && this.buckets.length > 1) {
      const oldest = this.buckets.shift()!;
      if (oldest.confirmed !== oldest.version) {
        this.droppedCount += 1;
        pending -= 1;
      }
    }
  }
}
