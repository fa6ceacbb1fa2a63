// lib/metrics: constant-memory building blocks shared by lib/db and lib/cache.
export {
  LatencyHistogram,
  EMPTY_SUMMARY,
  type LatencySummary,
  type LatencyHistogramOptions,
  type HistogramReader,
  type HistogramSnapshot,
  type SparseHistogram,
} from './latency-histogram';
export {
  TimeSeries,
  type SeriesPoint,
  type SeriesTotals,
  type PointLatency,
  type TimeSeriesOptions,
} from './time-series';
export { BoundedLog } from './bounded-log';
export { RollingCounter, type RollingCounterOptions } from './rolling-counter';
export {
  BucketCounts,
  CALL_LATENCY_BOUNDS_MS,
  COMMAND_LATENCY_BOUNDS_MS,
  type BucketSnapshot,
} from './bucket-counts';
