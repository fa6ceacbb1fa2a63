// The process's own figures: uptime, versions, memory and event-loop delay percentiles.
import 'server-only';
import { monitorEventLoopDelay } from 'node:perf_hooks';

type IntervalHistogram = ReturnType<typeof monitorEventLoopDelay>;
import pkg from '../../package.json' with { type: 'json' };

export interface ProcessStats {
  readonly uptimeSeconds: number;
  readonly version: string;
  readonly node: string;
  readonly environment: string;
  readonly pid: number;
  readonly memory: {
    readonly rssBytes: number;
    readonly heapUsedBytes: number;
    readonly heapTotalBytes: number;
    readonly externalBytes: number;
  };
  readonly eventLoopDelayMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
    readonly mean: number;
  };
}

const store = globalThis as typeof globalThis & { __eventLoopDelay?: IntervalHistogram };

/** Starts sampling event-loop delay once per process (20 ms resolution, negligible cost). */
export function eventLoopMonitor(): IntervalHistogram {
  if (!store.__eventLoopDelay) {
    store.__eventLoopDelay = monitorEventLoopDelay({ resolution: 20 });
    store.__eventLoopDelay.enable();
  }
  return store.__eventLoopDelay;
}

const ms = (ns: number) => Math.round(ns / 1e3) / 1e3;

export function processStats(): ProcessStats {
  const h = eventLoopMonitor();
  const m = process.memoryUsage();
  const count = h.count;
  return {
    uptimeSeconds: Math.round(process.uptime()),
    version: pkg.version,
    node: process.version,
    environment: process.env.NODE_ENV ?? 'development',
    pid: process.pid,
    memory: {
      rssBytes: m.rss,
      heapUsedBytes: m.heapUsed,
      heapTotalBytes: m.heapTotal,
      externalBytes: m.external,
    },
    eventLoopDelayMs:
      count === 0
        ? { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 }
        : {
            p50: ms(h.percentile(50)),
            p90: ms(h.percentile(90)),
            p99: ms(h.percentile(99)),
            max: ms(h.max),
            mean: ms(h.mean),
          },
  };
}
