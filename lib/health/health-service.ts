// Gathers what the health endpoints report: shared, cached probes of each database client kind
// and Redis, judged against the thresholds; the details of each; the history for charts.
import 'server-only';
import {
  getCacheHistory,
  getCacheSnapshot,
  getRedisServerInfo,
  type CacheSnapshot,
  type RedisServerReport,
} from '../cache';
import {
  CLIENT_KINDS,
  getDbHistory,
  getDbSnapshot,
  withAnonClient,
  withServiceClient,
  type ClientKind,
  type DbConnectionReport,
  type DbKindSnapshot,
} from '../db';
import { SharedProbe, type ProbeResult } from '../resilience';
import {
  judgeCache,
  judgeDatabase,
  reasons,
  worst,
  type ComponentHealth,
  type HealthStatus,
} from './checks';
import { healthConfig, type HealthThresholds } from './health-config';
import { processStats, type ProcessStats } from './process-stats';

export interface HealthReport {
  readonly status: HealthStatus;
  readonly time: string;
  readonly components: readonly ComponentHealth[];
  /** Why the status is not pass, worst first. */
  readonly reasons: readonly string[];
}

interface Probes {
  readonly ping: Record<ClientKind, SharedProbe<number>>;
  readonly connections: SharedProbe<DbConnectionReport>;
}

const store = globalThis as typeof globalThis & { __healthProbes?: Probes };

function probes(): Probes {
  if (store.__healthProbes) return store.__healthProbes;
  const { probeTtlMs: ttlMs, probeTimeoutMs: timeoutMs } = healthConfig();
  const opts = { context: 'health.probe', timeoutMs, maxAttempts: 1 } as const;
  const ping = (kind: ClientKind) =>
    new SharedProbe(
      (signal) =>
        kind === 'service'
          ? withServiceClient((db) => db.rpc('health_ping', undefined, { get: true }), {
              ...opts,
              signal,
            })
          : withAnonClient((db) => db.rpc('health_ping', undefined, { get: true }), {
              ...opts,
              signal,
            }),
      { ttlMs, timeoutMs: timeoutMs + 250 },
    );
  store.__healthProbes = {
    ping: { service: ping('service'), anon: ping('anon') },
    connections: new SharedProbe(
      async (signal) =>
        (await withServiceClient(
          (db) => db.rpc('health_db_connections', undefined, { get: true }),
          {
            ...opts,
            context: 'health.connections',
            signal,
          },
        )) as unknown as DbConnectionReport,
      { ttlMs, timeoutMs: timeoutMs + 250 },
    ),
  };
  return store.__healthProbes;
}

/** Probes started so far per kind (tests use it to prove probes are shared). */
export function probeCounts(): Record<ClientKind | 'connections', number> {
  const p = probes();
  return {
    service: p.ping.service.count,
    anon: p.ping.anon.count,
    connections: p.connections.count,
  };
}

const PEAK_WINDOW_MS = 10_000;

function dbComponent(
  kind: ClientKind,
  snap: DbKindSnapshot,
  probe: ProbeResult<number>,
): ComponentHealth {
  const state = snap.breaker.state;
  const peak = Math.max(
    snap.pool.utilization,
    ...getDbHistory(PEAK_WINDOW_MS)[kind].map((p) => p.gauges.utilization),
  );
  return judgeDatabase(
    {
      kind,
      probe: probe.ok
        ? { ok: true, ms: probe.ms }
        : { ok: false, ms: probe.ms, error: probe.error },
      breaker: {
        state: state.name,
        since: state.since,
        reason: state.name === 'open' ? state.reason : undefined,
      },
      utilization: peak,
      recent: {
        calls: snap.recent.successes + snap.recent.failures,
        successRate: snap.recent.successRate,
        p95Ms: snap.recent.latency.p95Ms,
        latencyCount: snap.recent.latency.count,
      },
    },
    healthConfig().thresholds,
  );
}

function cacheComponent(snap: CacheSnapshot, info: RedisServerReport): ComponentHealth {
  return judgeCache(
    {
      status: snap.status,
      probe: info.reachable
        ? { ok: true, ms: info.pingMs }
        : { ok: false, ms: 0, error: info.error },
      recent: { lookups: snap.recent.lookups, hitRate: snap.recent.hitRate },
    },
    healthConfig().thresholds,
  );
}

/** Every component judged; Redis can make the whole at worst `warn`. */
export async function getHealth(): Promise<HealthReport> {
  const p = probes();
  const [service, anon, info] = await Promise.all([
    p.ping.service.get(),
    p.ping.anon.get(),
    getRedisServerInfo(),
  ]);
  const db = getDbSnapshot();
  const components = [
    dbComponent('service', db.service, service),
    dbComponent('anon', db.anon, anon),
    cacheComponent(getCacheSnapshot(), info),
  ];
  return {
    status: worst(components.map((c) => c.status)),
    time: new Date().toISOString(),
    components,
    reasons: reasons(components),
  };
}

export interface Readiness {
  readonly ready: boolean;
  readonly reasons: readonly string[];
}

/** Not ready while the database cannot be reached or a breaker is open. Redis does not count. */
export async function getReadiness(): Promise<Readiness> {
  const probe = await probes().ping.service.get();
  const db = getDbSnapshot();
  const why: string[] = [];
  if (!probe.ok) why.push(`database unreachable: ${probe.error}`);
  for (const kind of CLIENT_KINDS) {
    const s = db[kind].breaker.state;
    if (s.name === 'open')
      why.push(`${kind} circuit breaker open since ${new Date(s.since).toISOString()}`);
  }
  return { ready: why.length === 0, reasons: why };
}

export interface DbDetails {
  readonly time: string;
  readonly kinds: Record<
    ClientKind,
    DbKindSnapshot & { readonly probe: { ok: boolean; ms: number; error?: string; at: string } }
  >;
  readonly connections:
    ({ readonly ok: true } & DbConnectionReport) | { readonly ok: false; readonly error: string };
}

const probeView = (r: ProbeResult<unknown>) => ({
  ok: r.ok,
  ms: Math.round(r.ms * 1000) / 1000,
  ...(r.ok ? {} : { error: r.error }),
  at: new Date(r.at).toISOString(),
});

export async function getDbDetails(): Promise<DbDetails> {
  const p = probes();
  const [service, anon, connections] = await Promise.all([
    p.ping.service.get(),
    p.ping.anon.get(),
    p.connections.get(),
  ]);
  const db = getDbSnapshot();
  return {
    time: new Date().toISOString(),
    kinds: {
      service: { ...db.service, probe: probeView(service) },
      anon: { ...db.anon, probe: probeView(anon) },
    },
    connections: connections.ok
      ? { ok: true, ...connections.value }
      : { ok: false, error: connections.error },
  };
}

export interface RedisDetails {
  readonly time: string;
  readonly cache: CacheSnapshot;
  readonly server: RedisServerReport;
}

export async function getRedisDetails(): Promise<RedisDetails> {
  const server = await getRedisServerInfo();
  return { time: new Date().toISOString(), cache: getCacheSnapshot(), server };
}

export interface DetailedHealth {
  readonly health: HealthReport;
  readonly db: DbDetails;
  readonly redis: RedisDetails;
  readonly process: ProcessStats;
}

export async function getDetailed(): Promise<DetailedHealth> {
  const [health, db, redis] = await Promise.all([getHealth(), getDbDetails(), getRedisDetails()]);
  return { health, db, redis, process: processStats() };
}

export interface HealthHistory {
  readonly windowMs: number;
  readonly bucketMs: number;
  readonly db: ReturnType<typeof getDbHistory>;
  readonly cache: ReturnType<typeof getCacheHistory>;
  /** Breaker transitions inside the window, oldest first, per kind. */
  readonly transitions: Record<ClientKind, DbKindSnapshot['breaker']['transitions']>;
  /** The thresholds the checks use, for threshold lines on charts. */
  readonly thresholds: HealthThresholds;
  /** Server time of the answer (epoch ms): the right edge of the window. */
  readonly now: number;
}

export function getHistory(windowMs: number): HealthHistory {
  const db = getDbSnapshot();
  const now = Date.now();
  const since = now - windowMs;
  return {
    now,
    thresholds: healthConfig().thresholds,
    windowMs,
    bucketMs: 5_000,
    db: getDbHistory(windowMs),
    cache: getCacheHistory(windowMs),
    transitions: {
      service: db.service.breaker.transitions.filter((t) => t.at >= since),
      anon: db.anon.breaker.transitions.filter((t) => t.at >= since),
    },
  };
}
