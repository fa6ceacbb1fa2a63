// The detail views by scope: the fleet (every instance's figures merged through Redis, the
// default), this instance (from memory), or another instance (its figures in Redis). Each answer
// says its scope and lists the instances; with Redis down the fleet view falls back to this
// instance, saying so.
import 'server-only';
import {
  DB_BUCKET_MS,
  getDbHistory,
  getDbSnapshot,
  getReplicaSnapshot,
  type ClientKind,
  type DbConnectionReport,
  type DbKindSnapshot,
  type DbSeriesPoint,
  type FailoverTransition,
} from '../db';
import { getCacheHistory, type CacheSeriesPoint } from '../cache';
import { NotFoundError } from '../errors';
import {
  freshenFleet,
  instanceId,
  instanceRows,
  publisherStats,
  readFleetView,
  type FleetData,
  type InstanceRow,
} from '../fleet';
import type { ProbeResult } from '../resilience';
import { fleetHistory, fleetKind, fleetTotals, type FleetTransition } from './fleet-kind-view';
import { fleetReplicas, type ScopedReadRouting } from './fleet-replica-view';
import { healthConfig, type HealthThresholds } from './health-config';
import {
  getHealth,
  getRedisDetails,
  probeResults,
  type HealthReport,
  type RedisDetails,
} from './health-service';
import { processStats, type ProcessStats } from './process-stats';

export type ScopeRequest =
  { readonly scope: 'fleet' } | { readonly scope: 'instance'; readonly instance?: string };

export interface ScopeInfo {
  /** What the figures cover. */
  readonly scope: 'fleet' | 'instance';
  /** 'fleet', or the id of the instance whose figures these are. */
  readonly subject: string;
  /** The instance that answered. */
  readonly self: string;
  /** Whether the fleet's figures could be read from Redis (false: this instance, labelled). */
  readonly fleetAvailable: boolean;
  readonly fleetError?: string;
  /** "N of M instances reporting": listed within their TTL, and not stale among them. */
  readonly reporting: number;
  readonly listed: number;
  /** Every instance with figures in the window (dropped-out ones too, marked unlisted). */
  readonly instances: readonly InstanceRow[];
  /** This instance's publishing: failures, skipped flushes and dropped buckets. */
  readonly publishing: ReturnType<typeof publisherStats>;
}

type Probe = { ok: boolean; ms: number; error?: string; at: string };

export interface DbDetails {
  readonly time: string;
  readonly scope: ScopeInfo;
  readonly kinds: Record<ClientKind, DbKindSnapshot & { readonly probe: Probe }>;
  readonly connections:
    ({ readonly ok: true } & DbConnectionReport) | { readonly ok: false; readonly error: string };
  /**
   * Read replicas and where reads go, for the scope: merged over the instances (with per-instance
   * detail in `fleet`), or this instance's own.
   */
  readonly replicas: ScopedReadRouting;
}

export interface HealthHistory {
  readonly scope: ScopeInfo;
  readonly windowMs: number;
  readonly bucketMs: number;
  readonly db: Record<ClientKind, DbSeriesPoint[]>;
  readonly cache: CacheSeriesPoint[];
  /** Breaker transitions inside the window, oldest first, per kind (with their instance). */
  readonly transitions: Record<
    ClientKind,
    ReadonlyArray<DbKindSnapshot['breaker']['transitions'][number] & { instance?: string }>
  >;
  /** Failover switch transitions inside the window, oldest first, each with its instance. */
  readonly failover: ReadonlyArray<
    FailoverTransition & { readonly kind: ClientKind; readonly instance?: string }
  >;
  /** The thresholds the checks use, for threshold lines on charts. */
  readonly thresholds: HealthThresholds;
  /** Server time of the answer (epoch ms): the right edge of the window. */
  readonly now: number;
}

export interface DetailedHealth {
  readonly health: HealthReport;
  readonly db: DbDetails;
  readonly redis: RedisDetails;
  readonly process: ProcessStats;
}

const probeView = (r: ProbeResult<unknown>): Probe => ({
  ok: r.ok,
  ms: Math.round(r.ms * 1000) / 1000,
  ...(r.ok ? {} : { error: r.error }),
  at: new Date(r.at).toISOString(),
});

export interface Resolved {
  readonly info: ScopeInfo;
  /** Fleet data to draw from; undefined: this instance, from memory. */
  readonly data: FleetData | undefined;
  /** The instances the figures cover (undefined: the listed ones). */
  readonly ids: ReadonlySet<string> | undefined;
}

/**
 * Reads what the scope needs.
 * @throws NotFoundError for an instance with no figures in the window.
 */
export async function resolve(req: ScopeRequest, windowMs: number): Promise<Resolved> {
  const self = instanceId();
  await freshenFleet();
  const read = await readFleetView(windowMs);
  const rows = read.ok ? instanceRows(read.data) : [];
  const listed = rows.filter((r) => r.listed);
  const base = {
    self,
    fleetAvailable: read.ok,
    ...(read.ok ? {} : { fleetError: read.reason }),
    reporting: listed.filter((r) => !r.stale).length,
    listed: listed.length,
    instances: rows,
    publishing: publisherStats(),
  };
  if (req.scope === 'fleet' && read.ok)
    return { info: { ...base, scope: 'fleet', subject: 'fleet' }, data: read.data, ids: undefined };
  const target = req.scope === 'instance' ? (req.instance ?? self) : self;
  if (target === self)
    return { info: { ...base, scope: 'instance', subject: self }, data: undefined, ids: undefined };
  if (!read.ok) {
    throw new NotFoundError(
      `instance ${target} cannot be read: the fleet's figures are unavailable (${read.reason})`,
    );
  }
  if (!rows.some((r) => r.id === target))
    throw new NotFoundError(`no instance ${target} reported in the window`);
  return {
    info: { ...base, scope: 'instance', subject: target },
    data: read.data,
    ids: new Set([target]),
  };
}

/**
 * Pools, breakers and calls per client kind, for the scope (default: the fleet), with this
 * instance's probes and the database's connection report.
 * @throws NotFoundError for an unknown instance.
 */
export async function getDbDetails(
  req: ScopeRequest = { scope: 'fleet' },
  windowMs = 15 * 60_000,
): Promise<DbDetails> {
  const [{ info, data, ids }, probes] = await Promise.all([resolve(req, windowMs), probeResults()]);
  const local = getDbSnapshot();
  const totals = data ? fleetTotals(data, ids) : undefined;
  const kind = (k: ClientKind) =>
    data && totals ? fleetKind(data, k, local[k], totals, ids) : local[k];
  return {
    time: new Date().toISOString(),
    scope: info,
    kinds: {
      service: { ...kind('service'), probe: probeView(probes.service) },
      anon: { ...kind('anon'), probe: probeView(probes.anon) },
    },
    connections: probes.connections.ok
      ? { ok: true, ...probes.connections.value }
      : { ok: false, error: probes.connections.error },
    replicas: data ? fleetReplicas(data, getReplicaSnapshot(), ids) : getReplicaSnapshot(),
  };
}

/**
 * The time series the dashboard charts over `windowMs`, for the scope (default: the fleet).
 * This instance's own history covers at most its last hour.
 * @throws NotFoundError for an unknown instance.
 */
export async function getHistory(
  windowMs: number,
  req: ScopeRequest = { scope: 'fleet' },
): Promise<HealthHistory> {
  const { info, data, ids } = await resolve(req, windowMs);
  const now = data?.now ?? Date.now();
  const failover = data
    ? data.failover.filter((t) => !ids || ids.has(t.instance))
    : getReplicaSnapshot()
        .failover.transitions.filter((t) => t.at >= now - windowMs)
        .map((t) => ({ ...t, instance: info.self }));
  const base = { scope: info, now, thresholds: healthConfig().thresholds, windowMs, failover };
  if (data) {
    const h = fleetHistory(data, ids);
    return {
      ...base,
      bucketMs: data.bucketMs,
      db: h.db,
      cache: h.cache,
      transitions: h.transitions,
    };
  }
  const db = getDbSnapshot();
  const since = now - windowMs;
  const local = (k: ClientKind): FleetTransition[] =>
    db[k].breaker.transitions
      .filter((t) => t.at >= since)
      .map((t) => ({ ...t, instance: info.self }));
  return {
    ...base,
    bucketMs: DB_BUCKET_MS,
    db: getDbHistory(windowMs),
    cache: getCacheHistory(windowMs),
    transitions: { service: local('service'), anon: local('anon') },
  };
}

/**
 * Everything: this instance's judgement, the database details for the scope, Redis and the
 * process.
 * @throws NotFoundError for an unknown instance.
 */
export async function getDetailed(
  req: ScopeRequest = { scope: 'fleet' },
  windowMs = 15 * 60_000,
): Promise<DetailedHealth> {
  const [health, db, redis] = await Promise.all([
    getHealth(),
    getDbDetails(req, windowMs),
    getRedisDetails(),
  ]);
  return { health, db, redis, process: processStats() };
}
