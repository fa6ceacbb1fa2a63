// What the cache did, in constant memory: counters, command latency, connection state, and
// 5 s buckets for the last hour.
import {
  BoundedLog,
  BucketCounts,
  COMMAND_LATENCY_BOUNDS_MS,
  LatencyHistogram,
  TimeSeries,
  type HistogramReader,
  type LatencySummary,
  type SeriesPoint,
} from '../metrics';
import type { CacheErrorKind } from './cache-errors';
import { redact } from './redact';

export type { CacheErrorKind } from './cache-errors';

export const CACHE_SERIES_COUNTERS = [
  'hits',
  'misses',
  'sets',
  'deletes',
  'bypasses',
  'errors',
] as const;
export const CACHE_SERIES_GAUGES = ['connected'] as const;
export type CacheSeriesCounter = (typeof CACHE_SERIES_COUNTERS)[number];
export type CacheSeriesGauge = (typeof CACHE_SERIES_GAUGES)[number];
export type CacheSeriesPoint = SeriesPoint<CacheSeriesCounter, CacheSeriesGauge>;

/** The connection as the dashboard shows it (ioredis's finer states folded into four). */
export type ConnectionStatus = 'connecting' | 'ready' | 'reconnecting' | 'end';

export interface CacheCounters {
  readonly hits: number;
  readonly misses: number;
  /** hits / (hits + misses); 0 before any lookup. */
  readonly hitRate: number;
  readonly sets: number;
  readonly deletes: number;
  readonly bypasses: number;
  readonly errors: number;
  readonly errorsByKind: Readonly<Record<CacheErrorKind, number>>;
}

export interface RecentCacheCounters {
  readonly windowMs: number;
  readonly hits: number;
  readonly misses: number;
  readonly lookups: number;
  /** hits / lookups in the window; 0 when there were none. */
  readonly hitRate: number;
  readonly bypasses: number;
  readonly errors: number;
  readonly latency: LatencySummary;
}

export interface CacheLastError {
  readonly kind: CacheErrorKind;
  /** A short code such as ECONNREFUSED or WRONGTYPE, never a value. */
  readonly code: string;
  /** Redacted: no URL, host:port or password. */
  readonly message: string;
  readonly at: number;
}

/** A Redis command slower than the threshold: its name and time, never a key or value. */
export interface SlowCommand {
  readonly command: string;
  readonly durationMs: number;
  readonly at: string;
}

/** Commands at least this long are kept in the slow-command log. */
export const SLOW_COMMAND_MS = 20;

export interface CacheMetricsOptions {
  readonly clock?: () => number;
  /** Bucket width and count of the history (default 5 s × 720, one hour). */
  readonly bucketMs?: number;
  readonly buckets?: number;
}

const rate = (hits: number, misses: number) => (hits + misses === 0 ? 0 : hits / (hits + misses));

export class CacheMetrics {
  private readonly counts = { hits: 0, misses: 0, sets: 0, deletes: 0, bypasses: 0, errors: 0 };
  private readonly errorKinds: Record<CacheErrorKind, number> = {
    timeout: 0,
    connection: 0,
    other: 0,
  };
  private readonly latency = new LatencyHistogram();
  /** Lifetime `le` buckets of command round trips, read by the Prometheus exposition. */
  readonly commandDurations = new BucketCounts(COMMAND_LATENCY_BOUNDS_MS);
  private readonly slowLog = new BoundedLog<SlowCommand>(50);
  readonly series: TimeSeries<CacheSeriesCounter, CacheSeriesGauge>;
  private currentStatus: ConnectionStatus = 'connecting';
  private reconnectCount = 0;
  private last: CacheLastError | undefined;
  private readonly clock: () => number;

  /** @throws RangeError for a bad bucket width or count. */
  constructor(opts: CacheMetricsOptions = {}) {
    this.clock = opts.clock ?? Date.now;
    this.series = new TimeSeries({
      counters: CACHE_SERIES_COUNTERS,
      gauges: CACHE_SERIES_GAUGES,
      bucketMs: opts.bucketMs ?? 5_000,
      capacity: opts.buckets ?? 720,
      clock: this.clock,
    });
    this.series.setGauge('connected', 0);
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** Times the connection was lost and reconnecting began (not every attempt while down). */
  get reconnects(): number {
    return this.reconnectCount;
  }

  get lastError(): CacheLastError | undefined {
    return this.last;
  }

  /** @throws RangeError for a negative or fractional count. */
  count(counter: CacheSeriesCounter, n = 1): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`count must be ≥ 0, got ${n}`);
    if (n === 0) return;
    this.counts[counter] += n;
    this.series.add(counter, n);
  }

  /** One Redis command's round trip; `name` (GET, SET…) labels it in the slow-command log. */
  command(ms: number, name = 'command'): void {
    this.latency.record(ms);
    this.commandDurations.record(ms);
    this.series.recordLatency(ms);
    if (ms >= SLOW_COMMAND_MS) {
      this.slowLog.push({
        command: name,
        durationMs: Math.round(ms * 10) / 10,
        at: new Date(this.clock()).toISOString(),
      });
    }
  }

  /** Forgets every figure (counters, histograms, history, slow commands; not the connection). */
  reset(): void {
    for (const k of Object.keys(this.counts) as Array<keyof typeof this.counts>) this.counts[k] = 0;
    for (const k of Object.keys(this.errorKinds) as CacheErrorKind[]) this.errorKinds[k] = 0;
    this.latency.reset();
    this.commandDurations.reset();
    this.slowLog.clear();
    this.series.reset();
    this.series.setGauge('connected', this.currentStatus === 'ready' ? 1 : 0);
    this.reconnectCount = 0;
    this.last = undefined;
  }

  /** The latest slow commands, newest first. */
  slowCommands(): SlowCommand[] {
    return this.slowLog.items();
  }

  /** The lifetime command-latency histogram, read-only (the fleet publisher reads it). */
  latencyReader(): HistogramReader {
    return this.latency;
  }

  /** Counts an error; the message is redacted again here, whatever the caller did. */
  error(kind: CacheErrorKind, message: string, code: string = kind): void {
    this.errorKinds[kind] += 1;
    this.count('errors');
    this.last = {
      kind,
      code: redact(code).slice(0, 40),
      message: redact(message),
      at: this.clock(),
    };
  }

  setStatus(status: ConnectionStatus): void {
    if (status === 'reconnecting' && this.currentStatus !== 'reconnecting')
      this.reconnectCount += 1;
    this.currentStatus = status;
    this.series.setGauge('connected', status === 'ready' ? 1 : 0);
  }

  counters(): CacheCounters {
    const { hits, misses } = this.counts;
    return { ...this.counts, hitRate: rate(hits, misses), errorsByKind: { ...this.errorKinds } };
  }

  /** Counters over the last `windowMs`, from the series buckets. */
  recent(windowMs: number): RecentCacheCounters {
    const totals = this.series.totals(windowMs);
    const { hits, misses, bypasses, errors } = totals.counters;
    return {
      windowMs,
      hits,
      misses,
      lookups: hits + misses,
      hitRate: rate(hits, misses),
      bypasses,
      errors,
      latency: totals.latency,
    };
  }

  latencySummary(): LatencySummary {
    return this.latency.summary();
  }

  history(windowMs: number): CacheSeriesPoint[] {
    return this.series.points(windowMs);
  }
}
