// The read replicas' part of a fleet record: per replica (by its stable name, never its URL) the
// counter deltas, the interval's latency histogram and its gauges; and the routing of the
// instance's replica-ok reads. Optional in the record (`r`, `rt`): an instance without replicas,
// or an older version's record, has neither, and still reads.
import { LatencyHistogram, type SparseHistogram } from '../metrics';
import type { BreakerStateName } from '../resilience';

export const REPLICA_COUNTERS = [
  'calls',
  'successes',
  'failures',
  'rejectedBreaker',
  'rejectedPool',
  /** Reads routed to the replica (fallbacks included). */
  'reads',
] as const;
export type ReplicaCounter = (typeof REPLICA_COUNTERS)[number];

/** Routing counts, in this order: deltas over the span. */
export const ROUTING_COUNTERS = [
  'primaryReads',
  'replicaReads',
  'activations',
  'fallbacks',
] as const;
export type RoutingCounter = (typeof ROUTING_COUNTERS)[number];

export const BREAKER_RANK: Readonly<Record<BreakerStateName, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};
export const BREAKER_BY_RANK = ['closed', 'half-open', 'open'] as const;

/** One replica over the span. */
export interface ReplicaRecord {
  /** Counts, in REPLICA_COUNTERS order. */
  readonly c: readonly number[];
  /** Failures by error code. */
  readonly e?: Readonly<Record<string, number>>;
  /** Durations of the calls that finished. */
  readonly h: SparseHistogram;
  /**
   * In flight (highest), pool size, breaker (0 closed, 1 half-open, 2 open: the worst), replay
   * lag in ms (the highest; -1 unknown), eligible (1 when it was eligible throughout).
   */
  readonly g: readonly [
    inFlight: number,
    max: number,
    breaker: number,
    lagMs: number,
    eligible: number,
  ];
}

/** The instance's routing of replica-ok reads over the span. */
export interface RoutingRecord {
  /** Counts, in ROUTING_COUNTERS order. */
  readonly c: readonly number[];
  /** 1 when its reads were failing over at some point of the span (summed: instances). */
  readonly f: number;
}

/** One replica's records added up: over time (`across: false`) or over instances (`true`). */
export class ReplicaSum {
  readonly counts = new Float64Array(REPLICA_COUNTERS.length);
  readonly codes = new Map<string, number>();
  readonly hist: LatencyHistogram;
  inFlight = 0;
  max = 0;
  breaker = 0;
  /** Highest lag seen; -1 when none was known. */
  lagMs = -1;
  /** One instance: 1 when eligible throughout; instances: how many were. */
  eligible = 1;
  /** Records added. */
  n = 0;

  constructor(precisionBits: number) {
    this.hist = new LatencyHistogram({ precisionBits });
  }

  add(r: ReplicaRecord, across: boolean): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += r.c[i] ?? 0;
    for (const [code, n] of Object.entries(r.e ?? {}))
      this.codes.set(code, (this.codes.get(code) ?? 0) + n);
    this.hist.addSparse(r.h);
    const [inFlight, max, breaker, lagMs, eligible] = r.g;
    this.inFlight = across ? this.inFlight + inFlight : Math.max(this.inFlight, inFlight);
    this.max = across ? this.max + max : Math.max(this.max, max);
    this.breaker = Math.max(this.breaker, breaker);
    this.lagMs = Math.max(this.lagMs, lagMs);
    this.eligible = across
      ? (this.n === 0 ? 0 : this.eligible) + eligible
      : Math.min(this.n === 0 ? 1 : this.eligible, eligible);
    this.n += 1;
  }

  counter(name: ReplicaCounter): number {
    return this.counts[REPLICA_COUNTERS.indexOf(name)]!;
  }

  record(): ReplicaRecord {
    return {
      c: Array.from(this.counts),
      ...(this.codes.size ? { e: Object.fromEntries(this.codes) } : {}),
      h: this.hist.sparseSince(),
      g: [this.inFlight, this.max, this.breaker, this.lagMs, this.eligible],
    };
  }
}

/** The routing records added up: counts add; `f` is the highest (one instance) or the sum. */
export class RoutingSum {
  readonly counts = new Float64Array(ROUTING_COUNTERS.length);
  failingOver = 0;
  n = 0;

  add(r: RoutingRecord, across: boolean): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += r.c[i] ?? 0;
    this.failingOver = across ? this.failingOver + r.f : Math.max(this.failingOver, r.f);
    this.n += 1;
  }

  counter(name: RoutingCounter): number {
    return this.counts[ROUTING_COUNTERS.indexOf(name)]!;
  }

  record(): RoutingRecord {
    return { c: Array.from(this.counts), f: this.failingOver };
  }
}

/** Per replica name, the sum of its records. */
export function addReplicas(
  into: Map<string, ReplicaSum>,
  records: Readonly<Record<string, ReplicaRecord>> | undefined,
  precisionBits: number,
  across: boolean,
): void {
  for (const [name, r] of Object.entries(records ?? {})) {
    let sum = into.get(name);
    if (!sum) into.set(name, (sum = new ReplicaSum(precisionBits)));
    sum.add(r, across);
  }
}

const isNumbers = (x: unknown, n: number, min: number): boolean =>
  Array.isArray(x) &&
  x.length === n &&
  x.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= min);

/** Whether `x` is a valid `r` field (absent is valid). */
export function isReplicaRecords(x: unknown, isSparse: (h: unknown) => boolean): boolean {
  if (x === undefined) return true;
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  return Object.values(x).every((r: ReplicaRecord) => {
    if (typeof r !== 'object' || r === null) return false;
    if (!isNumbers(r.c, REPLICA_COUNTERS.length, 0) || !isNumbers(r.g, 5, -1)) return false;
    if (!isSparse(r.h)) return false;
    return (
      r.e === undefined ||
      (typeof r.e === 'object' &&
        r.e !== null &&
        Object.values(r.e).every((v) => typeof v === 'number' && v >= 0))
    );
  });
}

/** Whether `x` is a valid `rt` field (absent is valid). */
export function isRoutingRecord(x: unknown): boolean {
  if (x === undefined) return true;
  const r = x as RoutingRecord;
  return (
    typeof r === 'object' &&
    r !== null &&
    isNumbers(r.c, ROUTING_COUNTERS.length, 0) &&
    typeof r.f === 'number' &&
    r.f >= 0
  );
}
