// The cache's raw readings, for the fleet publisher: lifetime counters, the live command-latency
// histogram (read-only), the connection and the latest slow commands. I/O-free.
import 'server-only';
import type { HistogramReader } from '../metrics';
import type { CacheCounters, ConnectionStatus, SlowCommand } from './cache-metrics';
import { cacheMetrics } from './redis-client';

export interface CacheReading {
  readonly counters: CacheCounters;
  readonly latency: HistogramReader;
  readonly status: ConnectionStatus;
  readonly reconnects: number;
  /** Newest first. */
  readonly slowCommands: readonly SlowCommand[];
}

export function getCacheReadings(): CacheReading {
  const m = cacheMetrics();
  return {
    counters: m.counters(),
    latency: m.latencyReader(),
    status: m.status,
    reconnects: m.reconnects,
    slowCommands: m.slowCommands(),
  };
}
