// What one instance measured over a span of time, in the form stored in Redis (JSON), and the
// accumulator that builds it. Every figure is a count over the span, never a lifetime total, so
// records of one instance add up over time and records of many instances add up over the fleet;
// gauges are the highest level seen (per instance) and add up across instances.
import { LatencyHistogram, type SparseHistogram } from '../metrics';
import {
  RoutingSum,
  addReplicas,
  isReplicaRecords,
  isRoutingRecord,
  type ReplicaRecord,
  type ReplicaSum,
  type RoutingRecord,
} from './replica-record';

/** Histogram precision of 5 s buckets (within 0.8 %) and of 1 min buckets (within 3.2 %). */
export const FINE_PRECISION_BITS = 7;
export const COARSE_PRECISION_BITS = 5;

export const KINDS = ['service', 'anon'] as const;
export type FleetKind = (typeof KINDS)[number];

export const DB_COUNTERS = [
  'calls',
  'successes',
  'failures',
  'retries',
  'timeouts',
  'rejectedBreaker',
  'rejectedPool',
  'slow',
] as const;
export type DbCounter = (typeof DB_COUNTERS)[number];

export const CACHE_COUNTERS = ['hits', 'misses', 'sets', 'deletes', 'bypasses', 'errors'] as const;
export type CacheCounter = (typeof CACHE_COUNTERS)[number];

/** Counts per operation, in this order (as lib/db's OPERATION_COUNTERS). */
export const OP_COUNTERS = [
  'calls',
  'successes',
  'failures',
  'retries',
  'rejectedBreaker',
  'rejectedPool',
] as const;
export type OpCounter = (typeof OP_COUNTERS)[number];
/** Per-operation histograms: 3.2 % precision, kept in the 1 min buckets only. */
export const OP_PRECISION_BITS = 5;

/** One operation of a kind over the span. */
export interface OpRecord {
  /** Counts, in OP_COUNTERS order. */
  readonly c: readonly number[];
  /** Failures by error code (1 min buckets only). */
  readonly e?: Readonly<Record<string, number>>;
  /** Durations (1 min buckets only). */
  readonly h?: SparseHistogram;
}

/** One client kind over the span. */
export interface KindRecord {
  /** Counts, in DB_COUNTERS order. */
  readonly c: readonly number[];
  /** Failures by error code. */
  readonly e: Readonly<Record<string, number>>;
  /** Durations of the calls that finished. */
  readonly h: SparseHistogram;
  /** Highest in flight and queued seen, and the pool size. */
  readonly g: readonly [inFlight: number, queued: number, max: number];
  /** Per operation that did anything in the span. */
  readonly o?: Readonly<Record<string, OpRecord>>;
}

export interface CacheRecord {
  /** Counts, in CACHE_COUNTERS order. */
  readonly c: readonly number[];
  /** Command round trips. */
  readonly h: SparseHistogram;
  /** 1 when the connection was ready at the end of the span. */
  readonly up: number;
}

export interface FleetRecord {
  readonly v: 1;
  /** Start and end of the span, epoch ms. */
  readonly t0: number;
  readonly t1: number;
  readonly db: Readonly<Record<FleetKind, KindRecord>>;
  readonly cache: CacheRecord;
  /** Per read replica, by name (absent: no replica configured, or an older version's record). */
  readonly r?: Readonly<Record<string, ReplicaRecord>>;
  /** The routing of replica-ok reads (absent as `r`). */
  readonly rt?: RoutingRecord;
}

/** One operation's figures added up; its detail (codes, histogram) only when asked for. */
export class OpSum {
  readonly counts = new Float64Array(OP_COUNTERS.length);
  readonly codes = new Map<string, number>();
  readonly hist: LatencyHistogram | undefined;

  constructor(detail: boolean) {
    this.hist = detail ? new LatencyHistogram({ precisionBits: OP_PRECISION_BITS }) : undefined;
  }

  add(r: OpRecord): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += r.c[i] ?? 0;
    if (!this.hist) return;
    for (const [code, n] of Object.entries(r.e ?? {}))
      this.codes.set(code, (this.codes.get(code) ?? 0) + n);
    if (r.h) this.hist.addSparse(r.h);
  }

  record(): OpRecord {
    const c = Array.from(this.counts);
    return this.hist ? { c, e: Object.fromEntries(this.codes), h: this.hist.sparseSince() } : { c };
  }

  counter(name: OpCounter): number {
    return this.counts[OP_COUNTERS.indexOf(name)]!;
  }
}

class KindSum {
  readonly counts = new Float64Array(DB_COUNTERS.length);
  readonly codes = new Map<string, number>();
  readonly hist: LatencyHistogram;
  readonly ops = new Map<string, OpSum>();
  inFlight = 0;
  queued = 0;
  max = 0;
  private readonly opDetail: boolean;

  constructor(precisionBits: number, opDetail: boolean) {
    this.hist = new LatencyHistogram({ precisionBits });
    this.opDetail = opDetail;
  }

  add(r: KindRecord, across: boolean): void {
    for (const [name, op] of Object.entries(r.o ?? {})) {
      let sum = this.ops.get(name);
      if (!sum) this.ops.set(name, (sum = new OpSum(this.opDetail)));
      sum.add(op);
    }
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += r.c[i] ?? 0;
    for (const [code, n] of Object.entries(r.e))
      this.codes.set(code, (this.codes.get(code) ?? 0) + n);
    this.hist.addSparse(r.h);
    const [inFlight, queued, max] = r.g;
    // One instance over time: the highest level; several instances at once: the sum.
    this.inFlight = across ? this.inFlight + inFlight : Math.max(this.inFlight, inFlight);
    this.queued = across ? this.queued + queued : Math.max(this.queued, queued);
    this.max = across ? this.max + max : Math.max(this.max, max);
  }

  record(): KindRecord {
    const base: KindRecord = {
      c: Array.from(this.counts),
      e: Object.fromEntries(this.codes),
      h: this.hist.sparseSince(),
      g: [this.inFlight, this.queued, this.max],
    };
    if (this.ops.size === 0) return base;
    return { ...base, o: Object.fromEntries([...this.ops].map(([n, op]) => [n, op.record()])) };
  }

  counter(name: DbCounter): number {
    return this.counts[DB_COUNTERS.indexOf(name)]!;
  }
}

class CacheSum {
  readonly counts = new Float64Array(CACHE_COUNTERS.length);
  readonly hist: LatencyHistogram;
  up = 0;
  /** Records (instances) added, for the share of them connected. */
  n = 0;

  constructor(precisionBits: number) {
    this.hist = new LatencyHistogram({ precisionBits });
  }

  add(r: CacheRecord, across: boolean): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += r.c[i] ?? 0;
    this.hist.addSparse(r.h);
    this.up = across ? this.up + r.up : r.up;
    this.n = across ? this.n + 1 : 1;
  }

  counter(name: CacheCounter): number {
    return this.counts[CACHE_COUNTERS.indexOf(name)]!;
  }
}

/**
 * Adds records up. `across: false` (one instance, successive spans): counts and histograms add,
 * gauges keep the highest level; `across: true` (several instances, the same span): gauges add
 * too, so fleet utilization is summed in flight over summed pool size.
 */
export class RecordSum {
  readonly db: Record<FleetKind, KindSum>;
  readonly cache: CacheSum;
  /** Per replica name; empty when no record had replicas. */
  readonly replicas = new Map<string, ReplicaSum>();
  /** Undefined when no record had routing. */
  routing: RoutingSum | undefined;
  private readonly precisionBits: number;
  t0 = Infinity;
  t1 = -Infinity;
  /** Records added. */
  count = 0;

  /**
   * `opDetail`: keep each operation's error codes and histogram too (the 1 min buckets), or only
   * its counts (the 5 s buckets, for trends).
   */
  constructor(precisionBits = FINE_PRECISION_BITS, opDetail = true) {
    this.db = {
      service: new KindSum(precisionBits, opDetail),
      anon: new KindSum(precisionBits, opDetail),
    };
    this.cache = new CacheSum(precisionBits);
    this.precisionBits = precisionBits;
  }

  add(r: FleetRecord, across: boolean): this {
    for (const kind of KINDS) this.db[kind].add(r.db[kind], across);
    this.cache.add(r.cache, across);
    addReplicas(this.replicas, r.r, this.precisionBits, across);
    if (r.rt) (this.routing ??= new RoutingSum()).add(r.rt, across);
    if (r.t0 < this.t0) this.t0 = r.t0;
    if (r.t1 > this.t1) this.t1 = r.t1;
    this.count += 1;
    return this;
  }

  record(): FleetRecord {
    return {
      v: 1,
      t0: this.t0,
      t1: this.t1,
      db: { service: this.db.service.record(), anon: this.db.anon.record() },
      cache: {
        c: Array.from(this.cache.counts),
        h: this.cache.hist.sparseSince(),
        up: this.cache.up,
      },
      ...(this.replicas.size
        ? { r: Object.fromEntries([...this.replicas].map(([n, sum]) => [n, sum.record()])) }
        : {}),
      ...(this.routing ? { rt: this.routing.record() } : {}),
    };
  }
}

const isSparse = (x: unknown): x is SparseHistogram => {
  const s = x as SparseHistogram;
  return (
    typeof s === 'object' &&
    s !== null &&
    Number.isInteger(s.p) &&
    s.p >= 2 &&
    s.p <= 12 &&
    typeof s.n === 'number' &&
    typeof s.sum === 'number' &&
    // Its elements are checked where they are used (addSparse skips what is not a count).
    Array.isArray(s.b)
  );
};

const isCounts = (x: unknown, n: number): x is number[] =>
  Array.isArray(x) &&
  x.length === n &&
  x.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0);

function isOpRecords(x: unknown): boolean {
  if (x === undefined) return true;
  if (typeof x !== 'object' || x === null) return false;
  return Object.values(x).every((op: OpRecord) => {
    if (typeof op !== 'object' || op === null || !isCounts(op.c, OP_COUNTERS.length)) return false;
    if (op.h !== undefined && !isSparse(op.h)) return false;
    return op.e === undefined || (typeof op.e === 'object' && op.e !== null);
  });
}

function isKindRecord(x: unknown): x is KindRecord {
  const r = x as KindRecord;
  return (
    typeof r === 'object' &&
    r !== null &&
    isCounts(r.c, DB_COUNTERS.length) &&
    typeof r.e === 'object' &&
    r.e !== null &&
    Object.values(r.e).every((v) => typeof v === 'number' && v >= 0) &&
    isSparse(r.h) &&
    isCounts(r.g, 3) &&
    isOpRecords(r.o)
  );
}

/**
 * A record read back from Redis, or undefined when it is not one (corrupt, foreign, or written
 * by an incompatible version): a reader skips it rather than failing the whole view.
 */
export function decodeRecord(json: string): FleetRecord | undefined {
  let x: unknown;
  try {
    x = JSON.parse(json);
  } catch {
    return undefined;
  }
  const r = x as FleetRecord;
  if (typeof r !== 'object' || r === null || r.v !== 1) return undefined;
  if (!Number.isFinite(r.t0) || !Number.isFinite(r.t1) || r.t1 < r.t0) return undefined;
  if (typeof r.db !== 'object' || r.db === null) return undefined;
  if (!KINDS.every((k) => isKindRecord(r.db[k]))) return undefined;
  const c = r.cache;
  if (
    typeof c !== 'object' ||
    c === null ||
    !isCounts(c.c, CACHE_COUNTERS.length) ||
    !isSparse(c.h)
  )
    return undefined;
  if (typeof c.up !== 'number') return undefined;
  if (!isReplicaRecords(r.r, isSparse) || !isRoutingRecord(r.rt)) return undefined;
  return r;
}
