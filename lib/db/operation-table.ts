// Figures per operation (a call's `context`, or the table and operation of its first request),
// as Hystrix kept them per command, in bounded memory: at most `maxOperations` named operations,
// every further one counted under `other` (the overflow is counted too). Labels are normalised
// (no ids, emails or numbers); the normalisation is cached per label, so a call pays one map
// lookup.
import { BucketCounts, CALL_LATENCY_BOUNDS_MS, LatencyHistogram } from '../metrics';
import { normaliseOperation } from './operation-name';

/** The operation every call past the cap is counted under. */
export const OTHER_OPERATION = 'other';
/** Labels remembered with their normalised name (past it, a label is normalised each time). */
const MAX_LABELS = 1_000;
/** Per-operation histograms: 3.2 % precision, a quarter of the memory of the call histogram's. */
export const OPERATION_PRECISION_BITS = 5;

export const OPERATION_COUNTERS = [
  'calls',
  'successes',
  'failures',
  'retries',
  'rejectedBreaker',
  'rejectedPool',
] as const;
export type OperationCounter = (typeof OPERATION_COUNTERS)[number];

export class OperationStats {
  readonly name: string;
  readonly counts: Record<OperationCounter, number> = {
    calls: 0,
    successes: 0,
    failures: 0,
    retries: 0,
    rejectedBreaker: 0,
    rejectedPool: 0,
  };
  readonly failuresByCode = new Map<string, number>();
  readonly latency = new LatencyHistogram({ precisionBits: OPERATION_PRECISION_BITS });
  /** Prometheus `le` buckets for this operation. */
  readonly durations = new BucketCounts(CALL_LATENCY_BOUNDS_MS);

  constructor(name: string) {
    this.name = name;
  }

  finished(durationMs: number, outcome: string): void {
    this.counts.calls += 1;
    this.latency.record(durationMs);
    this.durations.record(durationMs);
    if (outcome === 'success') this.counts.successes += 1;
    else {
      this.counts.failures += 1;
      this.failuresByCode.set(outcome, (this.failuresByCode.get(outcome) ?? 0) + 1);
    }
  }
}

export class OperationTable {
  readonly maxOperations: number;
  private readonly byName = new Map<string, OperationStats>();
  private readonly byLabel = new Map<string, OperationStats>();
  private other: OperationStats | undefined;
  private overflow = 0;

  /** @throws RangeError unless `maxOperations` is a whole number ≥ 1. */
  constructor(maxOperations: number) {
    if (!(Number.isInteger(maxOperations) && maxOperations >= 1))
      throw new RangeError(`maxOperations must be a whole number ≥ 1, got ${maxOperations}`);
    this.maxOperations = maxOperations;
  }

  /** Labels remembered with their operation (bounded). */
  get labelsRemembered(): number {
    return this.byLabel.size;
  }

  /** Calls counted under `other` because the table was full. */
  get overflowCalls(): number {
    return this.overflow;
  }

  /** The operation a label belongs to (created while there is room, else `other`). */
  entry(label: string): OperationStats {
    const known = this.byLabel.get(label);
    if (known) return known;
    const name = normaliseOperation(label);
    let stats = this.byName.get(name);
    if (!stats) {
      if (this.byName.size < this.maxOperations)
        this.byName.set(name, (stats = new OperationStats(name)));
      else stats = this.other ??= new OperationStats(OTHER_OPERATION);
    }
    if (this.byLabel.size < MAX_LABELS) this.byLabel.set(label, stats);
    return stats;
  }

  /** A call finished under `label`; returns the operation it was counted under. */
  finished(label: string, durationMs: number, outcome: string): OperationStats {
    const stats = this.entry(label);
    if (stats === this.other) this.overflow += 1;
    stats.finished(durationMs, outcome);
    return stats;
  }

  retried(label: string): void {
    this.entry(label).counts.retries += 1;
  }

  rejected(label: string, by: 'breaker' | 'pool', n = 1): void {
    const stats = this.entry(label);
    if (stats === this.other) this.overflow += n;
    stats.counts[by === 'breaker' ? 'rejectedBreaker' : 'rejectedPool'] += n;
  }

  /** Every operation, `other` last when it has been used. */
  all(): OperationStats[] {
    return this.other ? [...this.byName.values(), this.other] : [...this.byName.values()];
  }

  reset(): void {
    this.byName.clear();
    this.byLabel.clear();
    this.other = undefined;
    this.overflow = 0;
  }
}
