// Test and benchmark support: a process whose readings are driven by hand, so the publisher and
// the reader can be exercised against a real Redis without a data layer behind them.
import type { CacheReading } from '../cache';
import type { DbReading, KindFailoverTransition, ReadRoutingReading } from '../db';
import { LatencyHistogram } from '../metrics';
import type { FleetSources } from './fleet-sampler';

/** Readings driven by hand: record calls, and they appear as a real process's would. */
export class FakeProcess implements FleetSources {
  readonly hist = { service: new LatencyHistogram(), anon: new LatencyHistogram() };
  readonly counts = { service: 0, anon: 0 };
  readonly cacheHist = new LatencyHistogram();
  hits = 0;
  /** Read replicas by name (none unless `withReplicas`), and the routing of reads. */
  readonly replicaHist = new Map<string, LatencyHistogram>();
  readonly replicaCounts = new Map<string, { calls: number; failures: number; reads: number }>();
  primaryReads = 0;
  activations = 0;
  failingOver = false;
  lagMs: number | null = 120;
  readonly failoverLog: KindFailoverTransition[] = [];

  /** Configures read replicas `replica-1` … `replica-n`. */
  withReplicas(n: number): this {
    for (let i = 1; i <= n; i++) {
      this.replicaHist.set(`replica-${i}`, new LatencyHistogram());
      this.replicaCounts.set(`replica-${i}`, { calls: 0, failures: 0, reads: 0 });
    }
    return this;
  }

  /** One replica-ok read: to the primary, or to a replica (which then makes the call). */
  read(to: 'primary' | string, ms: number, ok = true): void {
    if (to === 'primary') {
      this.primaryReads += 1;
      return;
    }
    const c = this.replicaCounts.get(to)!;
    c.reads += 1;
    c.calls += 1;
    if (!ok) c.failures += 1;
    this.replicaHist.get(to)!.record(ms);
  }

  /** Moves this process's service reads to replicas or back, as the failover switch does. */
  failover(on: boolean, at: number): void {
    if (on === this.failingOver) return;
    if (on) this.activations += 1;
    this.failingOver = on;
    this.failoverLog.push({
      kind: 'service',
      from: on ? 'primary' : 'failover',
      to: on ? 'failover' : 'primary',
      at,
      reason: on ? 'primary breaker open' : 'primary recovered',
    });
  }

  replicas(): ReadRoutingReading | undefined {
    if (this.replicaCounts.size === 0) return undefined;
    const base = this.db().service;
    return {
      replicas: [...this.replicaCounts].map(([name, c]) => ({
        name,
        host: '127.0.0.1:1',
        db: {
          ...base,
          calls: c.calls,
          successes: c.calls - c.failures,
          failures: c.failures,
          failuresByCode: (c.failures ? { DB_UNAVAILABLE: c.failures } : {}) as Record<
            string,
            number
          >,
          latency: this.replicaHist.get(name)!,
        },
        reads: c.reads,
        lagMs: this.lagMs,
        eligible: this.lagMs !== null,
        ineligibleBecause: this.lagMs === null ? 'lag-unknown' : null,
      })),
      primaryReads: this.primaryReads,
      fallbacks: 0,
      activations: this.activations,
      failingOver: this.failingOver,
      kinds: {
        service: this.failingOver
          ? { name: 'failover', since: this.failoverLog.at(-1)!.at, reason: 'primary breaker open' }
          : { name: 'primary', since: this.failoverLog.at(-1)?.at ?? 0 },
        anon: { name: 'primary', since: 0 },
      },
      readsGoTo: this.failingOver ? 'replica-1' : 'primary',
      transitions: [...this.failoverLog],
    };
  }

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
