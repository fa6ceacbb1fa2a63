// Turns the process's lifetime readings into what happened since the previous sample: counters
// and histograms by difference, so recording a call costs nothing extra for the fleet.
import 'server-only';
import type { CacheReading } from '../cache';
import type { DbReading, ReadRoutingReading } from '../db';
import type { HistogramSnapshot } from '../metrics';
import {
  CACHE_COUNTERS,
  DB_COUNTERS,
  KINDS,
  OP_COUNTERS,
  type OpRecord,
  type CacheRecord,
  type FleetKind,
  type FleetRecord,
  type KindRecord,
} from './fleet-record';
import {
  BREAKER_RANK,
  REPLICA_COUNTERS,
  ROUTING_COUNTERS,
  type ReplicaRecord,
  type RoutingRecord,
} from './replica-record';

export interface FleetSources {
  db(): Readonly<Record<FleetKind, DbReading>>;
  cache(): CacheReading;
  /** The read replicas and the routing of reads; absent or undefined: none configured. */
  replicas?(): ReadRoutingReading | undefined;
}

interface ReplicaBefore {
  readonly counts: readonly number[];
  readonly codes: Readonly<Record<string, number>>;
  readonly latency: HistogramSnapshot;
}

interface OpBefore {
  readonly counts: readonly number[];
  readonly codes: ReadonlyMap<string, number>;
  readonly latency: HistogramSnapshot;
}

interface KindBefore {
  readonly counts: readonly number[];
  readonly codes: Readonly<Record<string, number>>;
  readonly latency: HistogramSnapshot;
  readonly ops: ReadonlyMap<string, OpBefore>;
}

interface Before {
  readonly at: number;
  readonly db: Record<FleetKind, KindBefore>;
  readonly cache: { readonly counts: readonly number[]; readonly latency: HistogramSnapshot };
  readonly replicas: ReadonlyMap<string, ReplicaBefore>;
  readonly routing: readonly number[] | undefined;
}

const replicaCounts = (r: ReadRoutingReading['replicas'][number]): number[] =>
  REPLICA_COUNTERS.map((c) => (c === 'reads' ? r.reads : r.db[c]));

const routingCounts = (r: ReadRoutingReading): number[] =>
  ROUTING_COUNTERS.map((c) =>
    c === 'replicaReads' ? r.replicas.reduce((n, x) => n + x.reads, 0) : r[c],
  );

/** What each replica and the routing did since `before`, and the new state. */
function replicasSince(
  routing: ReadRoutingReading | undefined,
  before: Before | undefined,
): {
  r: Record<string, ReplicaRecord> | undefined;
  rt: RoutingRecord | undefined;
  now: Map<string, ReplicaBefore>;
  routingNow: number[] | undefined;
} {
  const now = new Map<string, ReplicaBefore>();
  if (!routing) return { r: undefined, rt: undefined, now, routingNow: undefined };
  const r: Record<string, ReplicaRecord> = {};
  for (const x of routing.replicas) {
    const prev = before?.replicas.get(x.name);
    const counts = replicaCounts(x);
    const e: Record<string, number> = {};
    for (const [code, n] of Object.entries(x.db.failuresByCode)) {
      const d = n - (prev?.codes[code] ?? 0);
      if (d > 0) e[code] = d;
    }
    r[x.name] = {
      c: counts.map((n, i) => Math.max(0, n - (prev?.counts[i] ?? 0))),
      ...(Object.keys(e).length ? { e } : {}),
      h: x.db.latency.sparseSince(prev?.latency),
      g: [
        x.db.pool.inFlight,
        x.db.pool.max,
        BREAKER_RANK[x.db.breaker.state],
        x.lagMs ?? -1,
        x.eligible ? 1 : 0,
      ],
    };
    now.set(x.name, {
      counts,
      codes: { ...x.db.failuresByCode },
      latency: x.db.latency.snapshot(),
    });
  }
  const routingNow = routingCounts(routing);
  const rt: RoutingRecord = {
    c: routingNow.map((n, i) => Math.max(0, n - (before?.routing?.[i] ?? 0))),
    f: routing.failingOver ? 1 : 0,
  };
  return { r, rt, now, routingNow };
}

function dbCounts(r: DbReading): number[] {
  return DB_COUNTERS.map((name) => r[name]);
}

/** What each operation did since `before` (only those that did anything), and the new state. */
function opsSince(
  r: DbReading,
  before: ReadonlyMap<string, OpBefore> | undefined,
): { ops: Record<string, OpRecord> | undefined; opsNow: Map<string, OpBefore> } {
  const opsNow = new Map<string, OpBefore>();
  let ops: Record<string, OpRecord> | undefined;
  for (const op of r.operations) {
    const prev = before?.get(op.name);
    const counts = OP_COUNTERS.map((c) => op.counts[c]);
    const c = counts.map((n, i) => Math.max(0, n - (prev?.counts[i] ?? 0)));
    if (prev && c.every((n) => n === 0)) {
      opsNow.set(op.name, prev); // unchanged: no copy of its histogram
      continue;
    }
    opsNow.set(op.name, {
      counts,
      codes: new Map(op.failuresByCode),
      latency: op.latency.snapshot(),
    });
    if (c.every((n) => n === 0)) continue;
    const e: Record<string, number> = {};
    for (const [code, n] of op.failuresByCode) {
      const d = n - (prev?.codes.get(code) ?? 0);
      if (d > 0) e[code] = d;
    }
    (ops ??= {})[op.name] = { c, e, h: op.latency.sparseSince(prev?.latency) };
  }
  return { ops, opsNow };
}

export class FleetSampler {
  private readonly sources: FleetSources;
  private readonly startedAt: number;
  private before: Before | undefined;

  /** `startedAt`: when the process started measuring (the first span begins there). */
  constructor(sources: FleetSources, startedAt: number) {
    this.sources = sources;
    this.startedAt = startedAt;
  }

  /**
   * Takes the readings now as the new starting point without emitting anything: after the
   * process's figures were reset, so that the next sample does not see them go backwards.
   */
  rebaseline(now: number): void {
    this.sample(now);
  }

  /** What was measured since the previous sample (since `startedAt` for the first). */
  sample(now: number): FleetRecord {
    const db = this.sources.db();
    const cache = this.sources.cache();
    const replicas = replicasSince(this.sources.replicas?.(), this.before);
    const t0 = this.before?.at ?? this.startedAt;
    const spanMs = Math.max(1, now - t0);
    const kinds = {} as Record<FleetKind, KindRecord>;
    const next: Before = {
      at: now,
      db: {} as Record<FleetKind, KindBefore>,
      cache: {
        counts: CACHE_COUNTERS.map((n) => cache.counters[n]),
        latency: cache.latency.snapshot(),
      },
      replicas: replicas.now,
      routing: replicas.routingNow,
    };
    for (const kind of KINDS) {
      const r = db[kind];
      const prev = this.before?.db[kind];
      const counts = dbCounts(r);
      const codes: Record<string, number> = {};
      for (const [code, n] of Object.entries(r.failuresByCode)) {
        const d = n - (prev?.codes[code] ?? 0);
        if (d > 0) codes[code] = d;
      }
      const peaks = r.peaks(spanMs);
      const { ops, opsNow } = opsSince(r, prev?.ops);
      kinds[kind] = {
        c: counts.map((n, i) => Math.max(0, n - (prev?.counts[i] ?? 0))),
        e: codes,
        h: r.latency.sparseSince(prev?.latency),
        g: [
          Math.max(peaks.inFlight, r.pool.inFlight),
          Math.max(peaks.queued, r.pool.queued),
          r.pool.max,
        ],
        ...(ops ? { o: ops } : {}),
      };
      next.db[kind] = {
        counts,
        codes: { ...r.failuresByCode },
        latency: r.latency.snapshot(),
        ops: opsNow,
      };
    }
    const cacheRecord: CacheRecord = {
      c: next.cache.counts.map((n, i) => Math.max(0, n - (this.before?.cache.counts[i] ?? 0))),
      h: cache.latency.sparseSince(this.before?.cache.latency),
      up: cache.status === 'ready' ? 1 : 0,
    };
    this.before = next;
    return {
      v: 1,
      t0,
      t1: now,
      db: kinds,
      cache: cacheRecord,
      ...(replicas.r ? { r: replicas.r } : {}),
      ...(replicas.rt ? { rt: replicas.rt } : {}),
    };
  }
}
