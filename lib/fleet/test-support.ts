// Test and benchmark support: a process whose readings are driven by hand, so the publisher and
// the reader can be exercised against a real Redis without a data layer behind them.
import type { CacheReading } from '../cache';
import type { DbReading } from '../db';
import { LatencyHistogram } from '../metrics';
import type { FleetSources } from './fleet-sampler';

/** Readings driven by hand: record calls, and they appear as a real process's would. */
export class FakeProcess implements FleetSources {
  readonly hist = { service: new LatencyHistogram(), anon: new LatencyHistogram() };
  readonly counts = { service: 0, anon: 0 };
  readonly cacheHist = new LatencyHistogram();
  hits = 0;

  call(kind: 'service' | 'anon', ms: number): void {
    this.counts[kind] += 1;
    this.hist[kind].record(ms);
  }

  db(): Record<'service' | 'anon', DbReading> {
    const reading = (kind: 'service' | 'anon'): DbReading => ({
      calls: this.counts[kind],
      successes: this.counts[kind],
      failures: 0,
      retries: 0,
      timeouts: 0,
      rejectedBreaker: 0,
      rejectedPool: 0,
      slow: 0,
      failuresByCode: {},
      latency: this.hist[kind],
      pool: { inFlight: 1, queued: 0, max: 10, maxQueue: 100 },
      peaks: () => ({ inFlight: 3, queued: 0, utilization: 0.3 }),
      breaker: { state: 'closed', since: 0 },
      transitions: [],
      slowCalls: [],
      operations: [],
      operationOverflow: 0,
    });
    return { service: reading('service'), anon: reading('anon') };
  }

  cache(): CacheReading {
    return {
      counters: {
        hits: this.hits,
        misses: 0,
        hitRate: 1,
        sets: 0,
        deletes: 0,
        bypasses: 0,
        errors: 0,
        errorsByKind: { timeout: 0, connection: 0, other: 0 },
      },
      latency: this.cacheHist,
      status: 'ready',
      reconnects: 0,
      slowCommands: [],
    };
  }
}
