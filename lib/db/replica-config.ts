// Read-replica settings: the replicas' API URLs and when reads may fail over to them, checked as a
// whole at start-up (lib/startup/check-configuration.ts).
import 'server-only';
import type { ServerEnv } from '../env';

export interface ReplicaConfig {
  /** Each replica's API URL (its own Supabase URL); empty: no replicas, every read on the primary. */
  readonly urls: readonly string[];
  /** Primary pool utilization (in flight / max) at which replica-ok reads move to a replica. */
  readonly failoverUtilization: number;
  /** Utilization below which they come back (hysteresis: below failoverUtilization). */
  readonly recoverUtilization: number;
  /** The least time reads stay on replicas once moved, so routing does not flap. */
  readonly minFailoverMs: number;
  /** A replica whose replay lag is above this gets no reads. */
  readonly maxLagMs: number;
  /** How often each replica's lag is probed (health_replica_lag()). */
  readonly lagProbeMs: number;
}

export const REPLICA_DEFAULTS = {
  failoverUtilization: 0.8,
  minFailoverMs: 2_000,
  maxLagMs: 10_000,
  lagProbeMs: 1_000,
} as const;

/** At most this many replicas: each has its own pool, breaker, metrics and lag probe. */
export const MAX_REPLICAS = 10;

function parseUrls(list: string | undefined, primary: string): string[] {
  const urls = (list ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)
    .map((u) => u.replace(/\/+$/, ''));
  for (const u of urls) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      throw new RangeError(`SUPABASE_READ_REPLICA_URLS has an entry that is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new RangeError(`SUPABASE_READ_REPLICA_URLS entries must be http(s) URLs`);
    if (parsed.username || parsed.password || parsed.search || parsed.hash)
      throw new RangeError(
        `SUPABASE_READ_REPLICA_URLS entries must be plain API URLs (no credentials, query or fragment)`,
      );
  }
  if (new Set(urls).size !== urls.length)
    throw new RangeError('SUPABASE_READ_REPLICA_URLS lists the same URL twice');
  if (urls.includes(primary.replace(/\/+$/, '')))
    throw new RangeError('SUPABASE_READ_REPLICA_URLS must not list SUPABASE_URL (the primary)');
  if (urls.length > MAX_REPLICAS)
    throw new RangeError(
      `SUPABASE_READ_REPLICA_URLS lists ${urls.length} URLs; at most ${MAX_REPLICAS}`,
    );
  return urls;
}

/**
 * The replica settings for an environment, checked as a whole.
 * @throws RangeError naming the variable and what is wrong (never a URL: it may be private).
 */
export function resolveReplicaConfig(env: ServerEnv): ReplicaConfig {
  const urls = parseUrls(env.SUPABASE_READ_REPLICA_URLS, env.SUPABASE_URL);
  const failoverUtilization = env.DB_FAILOVER_UTILIZATION ?? REPLICA_DEFAULTS.failoverUtilization;
  const recoverUtilization =
    env.DB_FAILOVER_RECOVER_UTILIZATION ?? Math.round(failoverUtilization * 0.75 * 100) / 100;
  if (recoverUtilization >= failoverUtilization)
    throw new RangeError(
      `DB_FAILOVER_RECOVER_UTILIZATION (${recoverUtilization}) must be below DB_FAILOVER_UTILIZATION (${failoverUtilization}): that gap is the hysteresis`,
    );
  const maxLagMs = env.DB_REPLICA_MAX_LAG_MS ?? REPLICA_DEFAULTS.maxLagMs;
  const lagProbeMs = env.DB_REPLICA_LAG_PROBE_MS ?? REPLICA_DEFAULTS.lagProbeMs;
  if (lagProbeMs >= maxLagMs)
    throw new RangeError(
      `DB_REPLICA_LAG_PROBE_MS (${lagProbeMs}) must be below DB_REPLICA_MAX_LAG_MS (${maxLagMs}): lag is judged from probes`,
    );
  return {
    urls,
    failoverUtilization,
    recoverUtilization,
    minFailoverMs: env.DB_FAILOVER_MIN_MS ?? REPLICA_DEFAULTS.minFailoverMs,
    maxLagMs,
    lagProbeMs,
  };
}
