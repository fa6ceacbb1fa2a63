// What one client kind's wrapped calls did, in constant memory: counters, a latency histogram,
// 5 s buckets for the last hour, and the latest slow calls.
import 'server-only';
import {
  BoundedLog,
  LatencyHistogram,
  TimeSeries,
  type LatencySummary,
  type SeriesPoint,
} from '../metrics';

export const DB_SERIES_COUNTERS = [
  'calls',
  'successes',
  'failures',
  'retries',
  'timeouts',
  'rejectedBreaker',
  'rejectedPool',
  'slow',
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
  readonly series: TimeSeries<DbSeriesCounter, DbSeriesGauge>;
  private readonly slowLog: BoundedLog<SlowCall>;
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
      clock: this.clock,
    });
    this.slowLog = new BoundedLog<SlowCall>(opts.slowLogSize ?? 50);
  }

  callStarted(inFlight: number, queued: number, maxConcurrent: number, now = this.clock()): void {
    this.calls += 1;
    this.series.addAt(now, ID.calls);
    this.levels(now, inFlight, queued, maxConcurrent);
  }

  gauges(inFlight: number, queued: number, maxConcurrent: number): void {
    this.levels(this.clock(), inFlight, queued, maxConcurrent);
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
    context: string | undefined,
    attempts: number,
    pool?: { inFlight: number; queued: number; maxConcurrent: number },
    now = this.clock(),
  ): void {
    const s = this.series;
    this.latency.record(durationMs);
    s.latencyAt(now, durationMs);
    if (pool) this.levels(now, pool.inFlight, pool.queued, pool.maxConcurrent);
    if (outcome === 'success') {
      this.successes += 1;
      s.addAt(now, ID.successes);
    } else {
      this.failures += 1;
      s.addAt(now, ID.failures);
      this.failuresByCode.set(outcome, (this.failuresByCode.get(outcome) ?? 0) + 1);
      if (outcome === 'DB_TIMEOUT') {
        this.timeouts += 1;
        s.addAt(now, ID.timeouts);
      }
    }
    if (durationMs >= this.slowCallMs) {
      this.slow += 1;
      s.addAt(now, ID.slow);
      this.slowLog.push({
        context: context ?? 'unlabelled',
        durationMs: Math.round(durationMs * 10) / 10,
        at: new Date(now).toISOString(),
        outcome,
        attempts,
      });
    }
  }

  retried(): void {
    this.retries += 1;
    this.series.addAt(this.clock(), ID.retries);
  }

  /**
   * Refused before running: breaker open or pool full. Counted as a failed call, but kept out of
   * the latency histogram, which describes calls that ran.
   */
  rejected(by: 'breaker' | 'pool', code: string): void {
    const now = this.clock();
    if (by === 'breaker') {
      this.rejectedBreaker += 1;
      this.series.addAt(now, ID.rejectedBreaker);
    } else {
      this.rejectedPool += 1;
      this.series.addAt(now, ID.rejectedPool);
    }
    this.failures += 1;
    this.series.addAt(now, ID.failures);
    this.failuresByCode.set(code, (this.failuresByCode.get(code) ?? 0) + 1);
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

  slowCalls(): SlowCall[] {
    return this.slowLog.items();
  }

  history(windowMs: number): DbSeriesPoint[] {
    return this.series.points(windowMs);
  }
}
