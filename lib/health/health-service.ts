// Gathers what the health endpoints report: shared, cached probes of each database client kind
// and Redis, judged against the thresholds; the details of each; the history for charts.
import 'server-only';
import {
  getCacheSnapshot,
  getRedisServerInfo,
  type CacheSnapshot,
  type RedisServerReport,
} from '../cache';
import {
  CLIENT_KINDS,
  breakerOpen,
  getDbHistory,
  getDbSnapshot,
  getReplicaSnapshot,
  onBreakerTransition,
  pingDatabase,
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
import { healthConfig, redisProbeSettings } from './health-config';
import { judgeReplicas, replicaServing } from './replica-health';

export interface HealthReport {
  readonly status: HealthStatus;
  readonly time: string;
  readonly components: readonly ComponentHealth[];
  /** Why the status is not pass, worst first. */
  readonly reasons: readonly string[];
}

interface Probes {
  readonly ping: Record<ClientKind, SharedProbe<void>>;
  readonly connections: SharedProbe<DbConnectionReport>;
}

const store = globalThis as typeof globalThis & {
  __healthProbes?: Probes;
  __recoveryWatch?: boolean;
};

function probes(): Probes {
  if (store.__healthProbes) return store.__healthProbes;
  const { probeTtlMs: ttlMs, probeTimeoutMs: timeoutMs } = healthConfig();
  // The database probes are never refused by an open breaker: they are how health (and the
  // breaker, through them) learns that the database is back.
  const ping = (kind: ClientKind) =>
    new SharedProbe((signal) => pingDatabase(kind, { timeoutMs, signal }), {
      ttlMs,
      timeoutMs: timeoutMs + 250,
    });
  store.__healthProbes = {
    ping: { service: ping('service'), anon: ping('anon') },
    connections: new SharedProbe(
      async (signal) =>
        (await withServiceClient(
          (db) => db.rpc('health_db_connections', undefined, { get: true }),
          { context: 'health.connections', timeoutMs, maxAttempts: 1, signal },
        )) as unknown as DbConnectionReport,
      { ttlMs, timeoutMs: timeoutMs + 250 },
    ),
  };
  return store.__healthProbes;
}

/**
 * Active recovery: while a breaker is open, its kind's shared probe runs every half probe
 * interval (at most once per interval, being shared), whether or not anyone asks for health, so
 * the breaker goes half-open within one interval of the database's return instead of waiting
 * for its reset time. Started once per process, at server start.
 */
export function watchRecovery(): void {
  if (store.__recoveryWatch) return;
  store.__recoveryWatch = true;
  const everyMs = Math.max(250, Math.floor(healthConfig().probeTtlMs / 2));
  for (const kind of CLIENT_KINDS) {
    let timer: ReturnType<typeof setInterval> | undefined;
    onBreakerTransition(kind, (t) => {
      if (t.to !== 'open' || timer) return;
      timer = setInterval(() => {
        if (!breakerOpen(kind)) {
          clearInterval(timer);
          timer = undefined;
          return;
        }
        void probes().ping[kind].get();
      }, everyMs);
      timer.unref?.();
    });
  }
}

const PEAK_WINDOW_MS = 10_000;

function dbComponent(
  kind: ClientKind,
  snap: DbKindSnapshot,
  probe: ProbeResult<unknown>,
): ComponentHealth {
  const state = snap.breaker.state;
  const peak = Math.max(
    snap.pool.utilization,
    ...getDbHistory(PEAK_WINDOW_MS)[kind].map((p) => p.gauges.utilization),
  );
  // The database's own success rate: calls that failed by the caller's fault say nothing about it.
  const judged = snap.recent.successes + snap.recent.failures - snap.recent.callerFaults;
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
        calls: judged,
        successRate: judged === 0 ? 1 : snap.recent.successes / judged,
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
    getRedisServerInfo(redisProbeSettings()),
  ]);
  const db = getDbSnapshot();
  const replicas = judgeReplicas(getReplicaSnapshot());
  const components = [
    dbComponent('service', db.service, service),
    dbComponent('anon', db.anon, anon),
    ...(replicas ? [replicas] : []),
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
  /** Ready, but the primary is down and a read replica serves the reads (failover). */
  readonly degraded: boolean;
  readonly reasons: readonly string[];
}

/**
 * Not ready while the database cannot be reached or a breaker is open. Redis does not count.
 * With read replicas: while the primary is down but a replica takes reads, the instance stays
 * ready, degraded — it can serve its replica-ok reads, its writes fail fast and typed, and every
 * instance shares the same primary, so failing readiness everywhere would turn a write outage
 * into a total one.
 */
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
  if (why.length === 0) return { ready: true, degraded: false, reasons: why };
  const replicas = getReplicaSnapshot();
  if (replicaServing(replicas))
    return {
      ready: true,
      degraded: true,
      reasons: [
        ...why,
        `reads served by ${replicas.readsGoTo === 'primary' ? 'a replica' : replicas.readsGoTo}`,
      ],
    };
  return { ready: false, degraded: false, reasons: why };
}

/** The current probe results of both kinds and of the connection report (shared, cached). */
export async function probeResults() {
  const p = probes();
  const [service, anon, connections] = await Promise.all([
    p.ping.service.get(),
    p.ping.anon.get(),
    p.connections.get(),
  ]);
  return { service, anon, connections };
}

export interface RedisDetails {
  readonly time: string;
  readonly cache: CacheSnapshot;
  readonly server: RedisServerReport;
}

export async function getRedisDetails(): Promise<RedisDetails> {
  const server = await getRedisServerInfo(redisProbeSettings());
  return { time: new Date().toISOString(), cache: getCacheSnapshot(), server };
}
