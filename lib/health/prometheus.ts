// The health figures as Prometheus metrics (prom-client), read from the snapshots at scrape
// time: declared once, snake_case with unit suffixes, labelled by client kind.
import 'server-only';
import {
  Counter,
  Gauge,
  Registry,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';
import type { LatencySummary } from '../metrics';
import { processStats } from './process-stats';
import { getCacheSnapshot, getRedisServerInfo } from '../cache';
import { CLIENT_KINDS, getDbSnapshot } from '../db';
import { getHealth } from './health-service';

const STATUS_VALUE = { pass: 0, warn: 1, fail: 2 } as const;
const QUANTILES = [
  ['0.5', 'p50Ms'],
  ['0.9', 'p90Ms'],
  ['0.95', 'p95Ms'],
  ['0.99', 'p99Ms'],
  ['0.999', 'p999Ms'],
] as const;

/**
 * A summary read from our histograms at scrape time (quantiles, _sum, _count), so Prometheus
 * sees the right type without prom-client re-observing every call.
 */
class SnapshotSummary extends Gauge {
  private readonly metricName: string;
  private readonly metricHelp: string;
  private readonly read: () => Array<{ labels: Record<string, string>; latency: LatencySummary }>;

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    registers: Registry[],
    read: () => Array<{ labels: Record<string, string>; latency: LatencySummary }>,
  ) {
    super({ name, help, labelNames: [...labelNames, 'quantile'], registers });
    this.metricName = name;
    this.metricHelp = help;
    this.read = read;
  }

  override async get(): Promise<MetricObjectWithValues<MetricValue<string>>> {
    const values: Array<MetricValue<string> & { metricName?: string }> = [];
    for (const { labels, latency } of this.read()) {
      for (const [q, field] of QUANTILES)
        values.push({ labels: { ...labels, quantile: q }, value: latency[field] / 1000 });
      values.push({
        metricName: `${this.metricName}_sum`,
        labels,
        value: (latency.meanMs * latency.count) / 1000,
      });
      values.push({ metricName: `${this.metricName}_count`, labels, value: latency.count });
    }
    const summary = {
      name: this.metricName,
      help: this.metricHelp,
      type: 'summary',
      values,
      aggregator: 'sum',
    };
    return summary as unknown as MetricObjectWithValues<MetricValue<string>>;
  }
}

function buildRegistry(): Registry {
  const register = new Registry();
  const registers = [register];
  const db = () => getDbSnapshot();

  const counter = (
    name: string,
    help: string,
    read: (s: ReturnType<typeof db>[keyof ReturnType<typeof db>]) => number,
  ) =>
    new Counter({
      name,
      help,
      labelNames: ['kind'] as const,
      registers,
      collect() {
        this.reset();
        const snap = db();
        for (const kind of CLIENT_KINDS) this.inc({ kind }, read(snap[kind]));
      },
    });
  const gauge = (
    name: string,
    help: string,
    read: (s: ReturnType<typeof db>[keyof ReturnType<typeof db>]) => number,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ['kind'] as const,
      registers,
      collect() {
        const snap = db();
        for (const kind of CLIENT_KINDS) this.set({ kind }, read(snap[kind]));
      },
    });

  counter('db_calls_total', 'Wrapped database calls started.', (s) => s.lifetime.calls);
  counter(
    'db_call_successes_total',
    'Wrapped database calls that succeeded.',
    (s) => s.lifetime.successes,
  );
  counter('db_retries_total', 'Retries made by the data layer.', (s) => s.lifetime.retries);
  counter('db_timeouts_total', 'Calls that ended in a timeout.', (s) => s.lifetime.timeouts);
  counter(
    'db_slow_calls_total',
    'Calls at least as long as the slow-call threshold.',
    (s) => s.lifetime.slowCalls,
  );
  new Counter({
    name: 'db_call_failures_total',
    help: 'Wrapped database calls that failed, by error code.',
    labelNames: ['kind', 'code'] as const,
    registers,
    collect() {
      this.reset();
      const snap = db();
      for (const kind of CLIENT_KINDS) {
        for (const [code, n] of Object.entries(snap[kind].lifetime.failuresByCode))
          this.inc({ kind, code }, n);
      }
    },
  });
  new Counter({
    name: 'db_rejections_total',
    help: 'Calls refused before running, by the breaker or the pool.',
    labelNames: ['kind', 'reason'] as const,
    registers,
    collect() {
      this.reset();
      const snap = db();
      for (const kind of CLIENT_KINDS) {
        this.inc({ kind, reason: 'breaker' }, snap[kind].lifetime.rejections.breaker);
        this.inc({ kind, reason: 'pool' }, snap[kind].lifetime.rejections.pool);
      }
    },
  });
  gauge('db_pool_in_flight', 'Calls in flight.', (s) => s.pool.inFlight);
  gauge('db_pool_queued', 'Calls waiting for a pool slot.', (s) => s.pool.queued);
  gauge('db_pool_max', 'Pool size (calls in flight at most).', (s) => s.pool.max);
  gauge('db_pool_utilization_ratio', 'In flight / pool size.', (s) => s.pool.utilization);
  gauge(
    'db_recent_success_ratio',
    'Success rate over the last minute.',
    (s) => s.recent.successRate,
  );
  new Gauge({
    name: 'db_breaker_state',
    help: 'Circuit breaker state: 1 for the current state.',
    labelNames: ['kind', 'state'] as const,
    registers,
    collect() {
      const snap = db();
      for (const kind of CLIENT_KINDS) {
        for (const state of ['closed', 'open', 'half-open'] as const)
          this.set({ kind, state }, snap[kind].breaker.state.name === state ? 1 : 0);
      }
    },
  });
  new SnapshotSummary(
    'db_call_duration_seconds',
    'Latency of wrapped calls since start (HDR-style histogram).',
    ['kind'] as const,
    registers,
    () => {
      const snap = db();
      return CLIENT_KINDS.map((kind) => ({
        labels: { kind },
        latency: snap[kind].lifetime.latency,
      }));
    },
  );

  const cacheCounter = (
    name: string,
    help: string,
    read: (s: ReturnType<typeof getCacheSnapshot>) => number,
  ) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read(getCacheSnapshot()));
      },
    });
  cacheCounter('cache_hits_total', 'Cache lookups answered from Redis.', (s) => s.lifetime.hits);
  cacheCounter(
    'cache_misses_total',
    'Cache lookups that called the loader.',
    (s) => s.lifetime.misses,
  );
  cacheCounter(
    'cache_bypasses_total',
    'Cache lookups that skipped Redis (down or slow).',
    (s) => s.lifetime.bypasses,
  );
  cacheCounter('cache_sets_total', 'Values written to the cache.', (s) => s.lifetime.sets);
  cacheCounter(
    'cache_errors_total',
    'Redis command errors seen by the cache.',
    (s) => s.lifetime.errors,
  );
  cacheCounter(
    'cache_reconnects_total',
    'Times the Redis connection was lost and retried.',
    (s) => s.reconnects,
  );
  new Gauge({
    name: 'cache_connected',
    help: '1 when the Redis connection is ready.',
    registers,
    collect() {
      this.set(getCacheSnapshot().status === 'ready' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'cache_hit_ratio',
    help: 'Hits / lookups since start.',
    registers,
    collect() {
      this.set(getCacheSnapshot().lifetime.hitRate);
    },
  });
  new SnapshotSummary(
    'cache_command_duration_seconds',
    'Redis command latency since start.',
    [] as const,
    registers,
    () => [{ labels: {}, latency: getCacheSnapshot().latency }],
  );
  new Gauge({
    name: 'redis_memory_used_bytes',
    help: 'Memory Redis reports as used (INFO used_memory).',
    registers,
    async collect() {
      const info = await getRedisServerInfo();
      if (info.reachable && info.usedMemoryBytes !== null) this.set(info.usedMemoryBytes);
    },
  });
  new Gauge({
    name: 'redis_memory_max_bytes',
    help: 'Redis maxmemory (0: no limit).',
    registers,
    async collect() {
      const info = await getRedisServerInfo();
      if (info.reachable && info.maxMemoryBytes !== null) this.set(info.maxMemoryBytes);
    },
  });
  new Gauge({
    name: 'health_status',
    help: 'Health of each component: 0 pass, 1 warn, 2 fail.',
    labelNames: ['component'] as const,
    registers,
    async collect() {
      const report = await getHealth();
      this.set({ component: 'overall' }, STATUS_VALUE[report.status]);
      for (const c of report.components) this.set({ component: c.id }, STATUS_VALUE[c.status]);
    },
  });
  const processGauge = (
    name: string,
    help: string,
    read: (p: ReturnType<typeof processStats>) => number,
  ) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read(processStats()));
      },
    });
  processGauge('process_resident_memory_bytes', 'Resident memory size.', (p) => p.memory.rssBytes);
  processGauge('nodejs_heap_used_bytes', 'V8 heap in use.', (p) => p.memory.heapUsedBytes);
  processGauge(
    'process_uptime_seconds',
    'Seconds since the process started.',
    (p) => p.uptimeSeconds,
  );
  processGauge(
    'nodejs_eventloop_delay_p99_seconds',
    'Event-loop delay, 99th percentile since start.',
    (p) => p.eventLoopDelayMs.p99 / 1000,
  );
  return register;
}

const store = globalThis as typeof globalThis & { __healthRegistry?: Registry };

export function metricsRegistry(): Registry {
  store.__healthRegistry ??= buildRegistry();
  return store.__healthRegistry;
}
