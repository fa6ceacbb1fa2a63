// What one client kind's wrapped calls did, in constant memory: counters, a latency histogram,
// 5 s buckets for the last hour, and the latest slow calls.
import 'server-only';
import { CALLER_FAULT_CODES } from './db-errors';
import { OperationTable } from './operation-table';
import type { RefusedRun } from '../resilience';
import {
  BoundedLog,
  BucketCounts,
  CALL_LATENCY_BOUNDS_MS,
  LatencyHistogram,
  TimeSeries,
  type HistogramReader,
  type LatencySummary,
  type SeriesPoint,
} from '../metrics';

/** Width of the time-series buckets behind the history charts. */
export const DB_BUCKET_MS = 5_000;

export const DB_SERIES_COUNTERS = [
  'calls',
  'successes',
  'failures',
  'retries',
  'timeouts',
  'rejectedBreaker',
  'rejectedPool',
  'slow',
  /** Failures that were the caller's own fault (CALLER_FAULT_CODES): counted in failures too. */
  'callerFaults',
] as const;
export const DB_SERIES_GAUGES = ['inFlight', 'queued', 'utilization'] as const;
export type DbSeriesCounter = (typeof DB_SERIES_COUNTERS)[number];
export type DbSeriesGauge = (typeof DB_SERIES_GAUGES)[number];
export type DbSeriesPoint = SeriesPoint<DbSeriesCounter, DbSeriesGauge>;

/** Series column ids, fixed by the order of the tuples above. */
const ID = {
  ...(Object.fromEntries(DB_SERIES_COUNTERS.map((n, i) => [n, i])) as Record<
    DbSeriesCounter,
    number
  >),
  ...(Object.fromEntries(DB_SERIES_GAUGES.map((n, i) => [n, i])) as Record<DbSeriesGauge, number>),
};

/** How a wrapped call ended: 'success', an error code, or 'ERROR' for a non-database error. */
export type CallOutcome = 'success' | string;

export interface SlowCall {
  readonly context: string;
  readonly durationMs: number;
  readonly at: string;
  readonly outcome: CallOutcome;
  readonly attempts: number;
}

export interface DbCallStats {
  readonly calls: number;
  readonly successes: number;
  readonly failures: number;
  /** successes / finished calls, 1 when nothing finished yet. */
  readonly successRate: number;
  readonly failuresByCode: Readonly<Record<string, number>>;
  readonly retries: number;
  readonly timeouts: number;
  readonly rejections: { readonly breaker: number; readonly pool: number };
  readonly slowCalls: number;
  readonly latency: LatencySummary;
}

export interface DbMetricsOptions {
  readonly slowCallMs: number;
  /** Operations kept apart; further ones are counted under `other` (default 100). */
  readonly maxOperations?: number;
  readonly slowLogSize?: number;
  readonly clock?: () => number;
}

export class DbMetrics {
  private calls = 0;
  private successes = 0;
  private failures = 0;
  private retries = 0;
  private timeouts = 0;
  private rejectedBreaker = 0;
  private rejectedPool = 0;
  private slow = 0;
  private readonly failuresByCode = new Map<string, number>();
  private readonly latency = new LatencyHistogram();
  /** Lifetime `le` buckets of every call's duration, read by the Prometheus exposition. */
  readonly durations = new BucketCounts(CALL_LATENCY_BOUNDS_MS);
  readonly series: TimeSeries<DbSeriesCounter, DbSeriesGauge>;
  private readonly slowLog: BoundedLog<SlowCall>;
  /** Figures per operation (bounded: see OperationTable). */
  readonly operations: OperationTable;
  private readonly slowCallMs: number;
  private readonly clock: () => number;

  constructor(opts: DbMetricsOptions) {
    if (!(opts.slowCallMs > 0))
      throw new RangeError(`slowCallMs must be > 0, got ${opts.slowCallMs}`);
    this.slowCallMs = opts.slowCallMs;
    this.clock = opts.clock ?? Date.now;
    this.series = new TimeSeries({
      counters: DB_SERIES_COUNTERS,
      gauges: DB_SERIES_GAUGES,
      bucketMs: DB_BUCKET_MS,
      clock: this.clock,
    });
    this.slowLog = new BoundedLog<SlowCall>(opts.slowLogSize ?? 50);
    this.operations = new OperationTable(opts.maxOperations ?? 100);
  }

  callStarted(inFlight: number, queued: number, maxConcurrent: number, now = this.clock()): void {
    this.calls += 1;
    this.series.addAt(now, ID.calls);
    this.levels(now, inFlight, queued, maxConcurrent);
  }

  private levels(now: number, inFlight: number, queued: number, maxConcurrent: number): void {
    const s = this.series;
    s.gaugeAt(now, ID.inFlight, inFlight);
    s.gaugeAt(now, ID.queued, queued);
    s.gaugeAt(now, ID.utilization, inFlight / maxConcurrent);
  }

  /**
   * A call ended; `durationMs` covers queueing, every attempt and backoff. The pool levels after
   * it are recorded in the same step.
   */
  callFinished(
    durationMs: number,
    outcome: CallOutcome,
    /** The call's operation: its context, or the table and operation of its first request. */
    operation: string,
    attempts: number,
    pool?: { inFlight: number; queued: number; maxConcurrent: number },
    now = this.clock(),
  ): void {
    const s = this.series;
    const op = this.operations.finished(operation, durationMs, outcome);
    this.latency.record(durationMs);
    this.durations.record(durationMs);
    s.latencyAt(now, durationMs);
    if (pool) this.levels(now, pool.inFlight, pool.queued, pool.maxConcurrent);
    if (outcome === 'success') {
      this.successes += 1;
      s.addAt(now, ID.successes);
    } else {
      this.failures += 1;
      s.addAt(now, ID.failures);
      this.failuresByCode.set(outcome, (this.failuresByCode.get(outcome) ?? 0) + 1);
      if (CALLER_FAULT_CODES.has(outcome)) s.addAt(now, ID.callerFaults);
      if (outcome === 'DB_TIMEOUT') {
        this.timeouts += 1;
        s.addAt(now, ID.timeouts);
      }
    }
    if (durationMs >= this.slowCallMs) {
      this.slow += 1;
      s.addAt(now, ID.slow);
      this.slowLog.push({
        // The operation's name: normalised, so no parameter reaches a log or a dashboard.
        context: op.name,
        durationMs: Math.round(durationMs * 10) / 10,
        at: new Date(now).toISOString(),
        outcome,
        attempts,
      });
    }
  }

  retried(operation: string): void {
    this.operations.retried(operation);
    this.retries += 1;
    this.series.addAt(this.clock(), ID.retries);
  }

  /**
   * Refused before running: breaker open or pool full. Reported apart from failures, as Hystrix
   * reports short-circuits: a rejection says nothing new about the dependency, and counting it as
   * a failure would keep the success rate down long after the dependency is back.
   */
  rejected(by: 'breaker' | 'pool', operation: string, now = this.clock(), n = 1): void {
    this.operations.rejected(operation, by, n);
    if (by === 'breaker') {
      this.rejectedBreaker += n;
      this.series.addAt(now, ID.rejectedBreaker, n);
    } else {
      this.rejectedPool += n;
      this.series.addAt(now, ID.rejectedPool, n);
    }
  }

  /**
   * Calls short-circuited together (at a breaker opening), counted by runs of one operation. An
   * untagged waiter (a health probe waiting by pool.acquire()) records its own refusal, so it is
   * not counted here.
   */
  shortCircuited(runs: readonly RefusedRun[], now: number): void {
    for (const run of runs)
      if (run.tag !== undefined) this.rejected('breaker', run.tag, now, run.n);
  }

  stats(): DbCallStats {
    const finished = this.successes + this.failures;
    return {
      calls: this.calls,
      successes: this.successes,
      failures: this.failures,
      successRate: finished === 0 ? 1 : this.successes / finished,
      failuresByCode: Object.fromEntries(this.failuresByCode),
      retries: this.retries,
      timeouts: this.timeouts,
      rejections: { breaker: this.rejectedBreaker, pool: this.rejectedPool },
      slowCalls: this.slow,
      latency: this.latency.summary(),
    };
  }

  /**
   * Forgets every figure (counters, histograms, history, slow calls): resetMetrics(). The
   * breaker, pool and retry budget keep their state: they are behaviour, not figures.
   */
  reset(): void {
    this.calls = 0;
    this.successes = 0;
    this.failures = 0;
    this.retries = 0;
    this.timeouts = 0;
    this.rejectedBreaker = 0;
    this.rejectedPool = 0;
    this.slow = 0;
    this.failuresByCode.clear();
    this.latency.reset();
    this.durations.reset();
    this.series.reset();
    this.slowLog.clear();
    this.operations.reset();
  }

  /** The lifetime latency histogram, read-only: what the fleet publishes is read from it. */
  latencyReader(): HistogramReader {
    return this.latency;
  }

  /** The highest pool levels over the last `windowMs` (whole 5 s buckets). */
  peaks(windowMs: number): { inFlight: number; queued: number; utilization: number } {
    let inFlight = 0;
    let queued = 0;
    let utilization = 0;
    for (const p of this.series.points(windowMs)) {
      if (p.gauges.inFlight > inFlight) inFlight = p.gauges.inFlight;
      if (p.gauges.queued > queued) queued = p.gauges.queued;
      if (p.gauges.utilization > utilization) utilization = p.gauges.utilization;
    }
    return { inFlight, queued, utilization };
  }

  slowCalls(): SlowCall[] {
    return this.slowLog.items();
  }

  history(windowMs: number): DbSeriesPoint[] {
    return this.series.points(windowMs);
  }
}
