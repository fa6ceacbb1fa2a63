// What one Prometheus scrape reads, each source read at most once per scrape however many metrics
// use it: the collectors of one registry.metrics() call start in the same turn of the event loop,
// so a value is kept until the next turn (setImmediate) and then dropped.
import 'server-only';
import {
  cacheMetrics,
  getCacheSnapshot,
  getRedisServerInfo,
  type CacheSnapshot,
  type RedisServerReport,
} from '../cache';
import {
  getDbDurationBuckets,
  getDbOperations,
  getDbSnapshot,
  getReplicaSnapshot,
  type ClientKind,
  type DbKindSnapshot,
  type OperationStats,
  type ReadRoutingSnapshot,
} from '../db';
import type { BucketSnapshot } from '../metrics';
import { redisProbeSettings } from './health-config';
import { getHealth, getReadiness, type HealthReport, type Readiness } from './health-service';

/** The figures the metric specs read from; the I/O-free ones are synchronous. */
export interface ScrapeSources {
  readonly db: () => Record<ClientKind, DbKindSnapshot>;
  readonly dbDurations: () => Record<ClientKind, BucketSnapshot>;
  /** Per kind, each operation's counts and duration buckets. */
  readonly dbOperations: () => Record<ClientKind, readonly OperationStats[]>;
  /** Read replicas and the routing of reads (no I/O: lag from the background probe). */
  readonly replicas: () => ReadRoutingSnapshot;
  readonly cache: () => CacheSnapshot;
  readonly cacheDurations: () => BucketSnapshot;
  /** PING + INFO through the shared probe (reused for its TTL, never a flood). */
  readonly redis: () => Promise<RedisServerReport>;
  /** The same judgement as GET /api/health (shared probes). */
  readonly health: () => Promise<HealthReport>;
  readonly readiness: () => Promise<Readiness>;
}

/** `read`, called at most once per turn of the event loop. */
export function perTurn<T>(read: () => T): () => T {
  let held: { value: T } | undefined;
  return () => {
    if (!held) {
      held = { value: read() };
      setImmediate(() => (held = undefined));
    }
    return held.value;
  };
}

/** The app's live sources, read through `perTurn`. */
export function liveSources(): ScrapeSources {
  return {
    db: perTurn(getDbSnapshot),
    dbDurations: perTurn(getDbDurationBuckets),
    dbOperations: perTurn(getDbOperations),
    replicas: perTurn(getReplicaSnapshot),
    cache: perTurn(getCacheSnapshot),
    cacheDurations: perTurn(() => cacheMetrics().commandDurations.snapshot()),
    redis: perTurn(() => getRedisServerInfo(redisProbeSettings())),
    health: perTurn(getHealth),
    readiness: perTurn(getReadiness),
  };
}
