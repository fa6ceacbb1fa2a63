// Publishes this instance's figures to Redis every flush interval, off the request path: one
// MULTI round trip writes the pending buckets (whole, so a retry never counts twice), the
// instance's status with its heartbeat TTL, its new breaker transitions and its latest slow
// calls. Redis down or slow: the flush fails fast, the buckets stay pending (bounded) and go out
// with the next flush that works.
import 'server-only';
import type { Redis } from 'ioredis';
import { redact } from '../cache';
import { BucketLog, type PendingBucket } from './bucket-log';
import type { FleetConfig } from './fleet-config';
import {
  fleetKeys,
  type InstanceReplicasStatus,
  type InstanceStatus,
  type PublishedFailoverTransition,
  type PublishedTransition,
} from './fleet-keys';
import {
  COARSE_PRECISION_BITS,
  DB_COUNTERS,
  FINE_PRECISION_BITS,
  KINDS,
  type FleetKind,
} from './fleet-record';
import type { FleetSampler, FleetSources } from './fleet-sampler';
import { REPLICA_COUNTERS } from './replica-record';
import { NO_COUNTS, addCounts, dayOf, sloCounts, type SloCounts } from './slo-counts';

export interface PublisherDeps {
  readonly config: FleetConfig;
  readonly sampler: FleetSampler;
  readonly sources: FleetSources;
  /** The Redis client; throws or is not ready when Redis cannot be used now. */
  readonly redis: () => Redis;
  readonly clock?: () => number;
  readonly host: string;
  readonly startedAt: number;
}

export interface PublisherStats {
  readonly flushes: number;
  readonly failures: number;
  /** Flushes not attempted because Redis was not connected. */
  readonly skipped: number;
  /** Buckets dropped unsent (Redis unreachable for longer than the pending bound). */
  readonly droppedBuckets: number;
  /** Buckets waiting for Redis (bounded: an hour of each width at most). */
  readonly pendingBuckets: number;
  readonly lastFlushAt: number | undefined;
  readonly lastError: string | undefined;
  /** Bytes of bucket data in the last successful flush. */
  readonly lastBytes: number;
  /** Whether the last flush reached Redis. */
  readonly connected: boolean;
}

/** Daily SLO counts are kept for the budget's 30 days and a margin. */
const SLO_KEEP_MS = 32 * 86_400_000;

/** After a flush that did not reach Redis, the next chance to publish comes this soon. */
const RETRY_MS = 1_000;
/** How long a flush waits for a client that is still making its first connection. */
const FIRST_CONNECT_WAIT_MS = 2_000;

/** Sent at most: past it a long outage's backlog goes out over several flushes. */
const MAX_BUCKETS_PER_FLUSH = 120;

export class FleetPublisher {
  private readonly deps: PublisherDeps;
  private readonly clock: () => number;
  private readonly fine: BucketLog;
  private readonly coarse: BucketLog;
  private readonly written: Record<'fine' | 'coarse', number[]> = { fine: [], coarse: [] };
  private readonly lastTransitionAt: Record<FleetKind, number> = { service: 0, anon: 0 };
  private lastFailoverAt = 0;
  /** This instance's SLO counts per UTC day not yet final in Redis (today, and yesterday). */
  private readonly daily = new Map<string, SloCounts>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<boolean> | undefined;
  /** When it last sampled (-Infinity before the first flush). */
  private lastSampleAt: number;
  private stats = {
    flushes: 0,
    failures: 0,
    skipped: 0,
    lastFlushAt: undefined as number | undefined,
    lastError: undefined as string | undefined,
    lastBytes: 0,
    connected: false,
  };

  constructor(deps: PublisherDeps) {
    this.deps = deps;
    this.clock = deps.clock ?? Date.now;
    const { fine, coarse } = deps.config;
    // Pending bounds: an hour of fine buckets and of coarse ones.
    this.fine = new BucketLog({
      widthMs: fine.widthMs,
      precisionBits: FINE_PRECISION_BITS,
      maxPending: Math.ceil(fine.keepMs / fine.widthMs),
    });
    this.coarse = new BucketLog({
      widthMs: coarse.widthMs,
      precisionBits: COARSE_PRECISION_BITS,
      maxPending: Math.ceil(3_600_000 / coarse.widthMs),
      // Operations' latency and errors live in the 1 min buckets; the 5 s ones keep their counts.
      opDetail: true,
    });
    this.lastSampleAt = -Infinity;
  }

  get id(): string {
    return this.deps.config.instanceId;
  }

  report(): PublisherStats {
    return {
      ...this.stats,
      droppedBuckets: this.fine.dropped + this.coarse.dropped,
      pendingBuckets: this.fine.pendingCount + this.coarse.pendingCount,
    };
  }

  /** Flushes every interval, on the interval's boundaries; the timer never keeps the process up. */
  start(): void {
    if (this.timer) return;
    const { flushMs } = this.deps.config;
    const tick = () => {
      void this.flush();
      this.timer = setTimeout(tick, flushMs - (this.clock() % flushMs));
      this.timer.unref?.();
    };
    this.timer = setTimeout(tick, flushMs - (this.clock() % flushMs));
    this.timer.unref?.();
  }

  /** Stops the timer and publishes what is left (the shutdown flush). */
  async stop(): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.flush();
  }

  /** Flushes when an interval has passed since the last sample (after a response, serverless). */
  flushIfDue(): Promise<boolean> {
    return this.flushIfOlderThan(this.deps.config.flushMs);
  }

  /**
   * Flushes unless the last sample is younger than `ms` (a reader wanting fresh figures), or,
   * when the last flush did not reach Redis, younger than a second: what is pending goes out at
   * the next chance (a serverless process may get no other).
   */
  flushIfOlderThan(ms: number): Promise<boolean> {
    const age = this.clock() - this.lastSampleAt;
    const wait = this.stats.connected ? ms : Math.min(ms, RETRY_MS);
    if (age < wait) return this.inFlight ?? Promise.resolve(this.stats.connected);
    return this.flush();
  }

  /**
   * Publishes what was measured so far, runs `reset` (which sets the process's figures back to
   * zero), and starts the next interval from the new zero: nothing counted twice or lost.
   */
  async resetWith(reset: () => void): Promise<boolean> {
    const published = await this.flush();
    reset();
    this.deps.sampler.rebaseline(this.clock());
    return published;
  }

  /** Samples now and publishes; resolves with whether Redis took it. Never rejects. */
  flush(): Promise<boolean> {
    this.inFlight ??= this.publish().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async publish(): Promise<boolean> {
    const now = this.clock();
    const sample = this.deps.sampler.sample(now);
    this.lastSampleAt = now;
    this.fine.add(sample);
    this.coarse.add(sample);
    const day = dayOf(Math.max(sample.t0, sample.t1 - 1));
    this.daily.set(day, addCounts(this.daily.get(day) ?? NO_COUNTS, sloCounts(sample)));
    let client: Redis;
    try {
      client = this.deps.redis();
    } catch (err) {
      return this.failed(err);
    }
    // A process's first flush often meets a client still connecting (it is made on first use):
    // wait for it briefly, rather than leave the first figures to the next interval.
    if (client.status === 'connecting' || client.status === 'wait') {
      if (client.status === 'wait') client.connect().catch(() => {});
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          client.off('ready', done);
          resolve();
        };
        const timer = setTimeout(done, FIRST_CONNECT_WAIT_MS);
        client.once('ready', done);
      });
    }
    if (client.status !== 'ready') {
      this.stats.skipped += 1;
      this.stats.connected = false;
      return false;
    }
    const fine = this.fine.pending().slice(-MAX_BUCKETS_PER_FLUSH);
    const coarse = this.coarse.pending().slice(-MAX_BUCKETS_PER_FLUSH);
    const { m, bytes, transitions, failover } = this.build(client, now, fine, coarse);
    try {
      const results = await m.exec();
      const failure = results?.find(([err]) => err);
      if (!results || failure) throw failure?.[0] ?? new Error('MULTI was discarded');
    } catch (err) {
      return this.failed(err);
    }
    this.fine.confirm(fine, now);
    this.coarse.confirm(coarse, now);
    for (const d of [...this.daily.keys()]) if (d < dayOf(now)) this.daily.delete(d);
    this.remember(fine, coarse, now);
    for (const t of transitions)
      this.lastTransitionAt[t.kind] = Math.max(this.lastTransitionAt[t.kind], t.at);
    for (const t of failover) this.lastFailoverAt = Math.max(this.lastFailoverAt, t.at);
    this.stats.flushes += 1;
    this.stats.lastFlushAt = now;
    this.stats.lastBytes = bytes;
    this.stats.lastError = undefined;
    this.stats.connected = true;
    return true;
  }

  private build(client: Redis, now: number, fine: PendingBucket[], coarse: PendingBucket[]) {
    const { config, sources } = this.deps;
    const keys = fleetKeys(config.keyPrefix);
    const id = config.instanceId;
    const m = client.multi();
    let bytes = 0;
    const fields = (buckets: PendingBucket[]) =>
      buckets.flatMap((b) => {
        const json = JSON.stringify(b.record);
        bytes += json.length;
        return [String(b.start), json];
      });
    if (fine.length) m.hset(keys.fine(id), ...fields(fine));
    if (coarse.length) m.hset(keys.coarse(id), ...fields(coarse));
    const expiredFine = this.written.fine.filter((s) => s < now - config.fine.keepMs);
    const expiredCoarse = this.written.coarse.filter((s) => s < now - config.coarse.keepMs);
    if (expiredFine.length) m.hdel(keys.fine(id), ...expiredFine.map(String));
    if (expiredCoarse.length) m.hdel(keys.coarse(id), ...expiredCoarse.map(String));
    m.pexpire(keys.fine(id), config.fine.keepMs + 2 * config.fine.widthMs);
    m.pexpire(keys.coarse(id), config.coarse.keepMs + 2 * config.coarse.widthMs);

    const db = sources.db();
    const cache = sources.cache();
    const routing = sources.replicas?.();
    const replicas: InstanceReplicasStatus | undefined = routing && {
      failingOver: routing.failingOver,
      readsGoTo: routing.readsGoTo,
      kinds: routing.kinds,
      activations: routing.activations,
      fallbacks: routing.fallbacks,
      primaryReads: routing.primaryReads,
      list: routing.replicas.map((r) => ({
        name: r.name,
        host: r.host,
        inFlight: r.db.pool.inFlight,
        max: r.db.pool.max,
        breaker: r.db.breaker,
        lagMs: r.lagMs,
        eligible: r.eligible,
        ineligibleBecause: r.ineligibleBecause,
        lifetime: Object.fromEntries(
          REPLICA_COUNTERS.map((c) => [c, c === 'reads' ? r.reads : r.db[c]]),
        ) as InstanceReplicasStatus['list'][number]['lifetime'],
        failuresByCode: r.db.failuresByCode,
      })),
    };
    const status: InstanceStatus = {
      v: 1,
      id,
      host: this.deps.host,
      pid: process.pid,
      startedAt: this.deps.startedAt,
      lastSeen: now,
      flushMs: config.flushMs,
      droppedBuckets: this.fine.dropped + this.coarse.dropped,
      db: Object.fromEntries(
        KINDS.map((k) => {
          const r = db[k];
          return [
            k,
            {
              inFlight: r.pool.inFlight,
              queued: r.pool.queued,
              max: r.pool.max,
              breaker: r.breaker,
              lifetime: Object.fromEntries(DB_COUNTERS.map((c) => [c, r[c]])),
              failuresByCode: r.failuresByCode,
              operationOverflow: r.operationOverflow,
            },
          ];
        }),
      ) as InstanceStatus['db'],
      ...(replicas ? { replicas } : {}),
      cache: {
        status: cache.status,
        reconnects: cache.reconnects,
        lifetime: { ...cache.counters },
      },
    };
    m.set(keys.status(id), JSON.stringify(status), 'PX', config.instanceTtlMs);
    m.zadd(keys.instances, now, id);
    m.zremrangebyscore(keys.instances, '-inf', now - config.coarse.keepMs);
    m.pexpire(keys.instances, config.coarse.keepMs + config.instanceTtlMs);

    const fresh: PublishedTransition[] = [];
    for (const k of KINDS) {
      for (const t of db[k].transitions) {
        if (t.at > this.lastTransitionAt[k]) fresh.push({ kind: k, ...t });
      }
    }
    if (fresh.length) {
      m.rpush(keys.transitions(id), ...fresh.map((t) => JSON.stringify(t)));
      m.ltrim(keys.transitions(id), -200, -1);
    }
    m.pexpire(keys.transitions(id), config.coarse.keepMs);
    const failover: PublishedFailoverTransition[] = (routing?.transitions ?? [])
      .filter((t) => t.at > this.lastFailoverAt)
      .map(({ kind, from, to, at, reason }) => ({ kind, from, to, at, reason }));
    if (failover.length) {
      m.rpush(keys.failover(id), ...failover.map((t) => JSON.stringify(t)));
      m.ltrim(keys.failover(id), -200, -1);
      m.pexpire(keys.failover(id), config.coarse.keepMs);
    }
    const slow = {
      db: KINDS.flatMap((k) => db[k].slowCalls.slice(0, 20).map((s) => ({ kind: k, ...s }))),
      cache: cache.slowCommands.slice(0, 20),
    };
    m.set(keys.slow(id), JSON.stringify(slow), 'PX', config.fine.keepMs);
    // The day's SLO counts, whole (a retried flush rewrites the same figures).
    for (const [day, counts] of this.daily) {
      m.hset(keys.slo(day), id, JSON.stringify(counts));
      m.pexpire(keys.slo(day), SLO_KEEP_MS);
    }
    return { m, bytes, transitions: fresh, failover };
  }

  /** Bucket fields written, so that the expired ones are deleted from the hashes. */
  private remember(fine: PendingBucket[], coarse: PendingBucket[], now: number): void {
    const { config } = this.deps;
    for (const [log, sent, keepMs] of [
      ['fine', fine, config.fine.keepMs],
      ['coarse', coarse, config.coarse.keepMs],
    ] as const) {
      const set = new Set(this.written[log].filter((s) => s >= now - keepMs));
      for (const b of sent) set.add(b.start);
      this.written[log] = [...set].sort((a, b) => a - b);
    }
  }

  private failed(err: unknown): false {
    this.stats.failures += 1;
    this.stats.connected = false;
    const e = err as { name?: string; message?: string } | null;
    this.stats.lastError = redact(`${e?.name ?? 'Error'}: ${String(e?.message ?? err)}`).slice(
      0,
      200,
    );
    return false;
  }
}
