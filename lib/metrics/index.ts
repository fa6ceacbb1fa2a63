// lib/metrics: constant-memory building blocks shared by lib/db and lib/cache.
export {
  LatencyHistogram,
  EMPTY_SUMMARY,
  type LatencySummary,
  type LatencyHistogramOptions,
} from './latency-histogram';
export {
  TimeSeries,
  type SeriesPoint,
  type SeriesTotals,
  type PointLatency,
  type TimeSeriesOptions,
} from './time-series';
export { BoundedLog } from './bounded-log';
