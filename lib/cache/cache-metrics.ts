// What the cache did, in constant memory: counters, command latency, connection state, and
// 5 s buckets for the last hour.
import { LatencyHistogram, TimeSeries, type LatencySummary, type SeriesPoint } from '../metrics';

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
export type CacheSeriesPoint = SeriesPoint<
  CacheSeriesCounter,
  (typeof CACHE_SERIES_GAUGES)[number]
>;

export type ConnectionStatus = 'connecting' | 'ready' | 'reconnecting' | 'end';
export type CacheErrorKind = 'timeout' | 'connection' | 'other';

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

export class CacheMetrics {
  private readonly counts = { hits: 0, misses: 0, sets: 0, deletes: 0, bypasses: 0, errors: 0 };
  private readonly errorKinds: Record<CacheErrorKind, number> = {
    timeout: 0,
    connection: 0,
    other: 0,
  };
  private readonly latency = new LatencyHistogram();
  readonly series: TimeSeries<CacheSeriesCounter, 'connected'>;
  status: ConnectionStatus = 'connecting';
  reconnects = 0;
  /** The last error's kind and a message without URLs or values. */
  lastError:
    { readonly kind: CacheErrorKind; readonly message: string; readonly at: number } | undefined;
  private readonly clock: () => number;

  constructor(clock: () => number = Date.now) {
    this.clock = clock;
    this.series = new TimeSeries({
      counters: CACHE_SERIES_COUNTERS,
      gauges: CACHE_SERIES_GAUGES,
      clock,
    });
  }

  count(counter: CacheSeriesCounter, n = 1): void {
    this.counts[counter] += n;
    this.series.add(counter, n);
  }

  command(ms: number): void {
    this.latency.record(ms);
    this.series.recordLatency(ms);
  }

  error(kind: CacheErrorKind, message: string): void {
    this.errorKinds[kind] += 1;
    this.count('errors');
    this.lastError = { kind, message: redact(message), at: this.clock() };
  }

  setStatus(status: ConnectionStatus): void {
    if (status === 'reconnecting' && this.status !== 'reconnecting') this.reconnects += 1;
    this.status = status;
    this.series.setGauge('connected', status === 'ready' ? 1 : 0);
  }

  counters(): CacheCounters {
    const { hits, misses } = this.counts;
    return {
      ...this.counts,
      hitRate: hits + misses === 0 ? 0 : hits / (hits + misses),
      errorsByKind: { ...this.errorKinds },
    };
  }

  latencySummary(): LatencySummary {
    return this.latency.summary();
  }
}

/** Strips anything that looks like a URL with credentials or a host:port from a message. */
export function redact(message: string): string {
  return message
    .replace(/rediss?:\/\/\S+/gi, 'redis://[redacted]')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}:\d+\b/g, '[host]')
    .slice(0, 200);
}
