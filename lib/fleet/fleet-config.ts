// Fleet settings: how often each instance publishes, when it counts as gone, and where in Redis.
import 'server-only';
import { hostname } from 'node:os';
import { serverEnv, type ServerEnv } from '../env';

export interface FleetConfig {
  /** This process's id in the fleet: host, pid and start time unless INSTANCE_ID says. */
  readonly instanceId: string;
  readonly flushMs: number;
  /**
   * Flush on a timer every flushMs (the default). Off (FLEET_TIMER=0): only after responses that
   * find a flush due, and at shutdown, as suits a serverless process frozen between requests.
   */
  readonly timer: boolean;
  /** No flush for this long: the instance drops out of the list. */
  readonly instanceTtlMs: number;
  /** Keys are `${keyPrefix}…`, apart from the cache's keys (a cache flush never touches them). */
  readonly keyPrefix: string;
  /** Fine buckets (5 s, as the charts of one instance) kept 1 h; coarse (1 min) kept 24 h. */
  readonly fine: { readonly widthMs: number; readonly keepMs: number };
  readonly coarse: { readonly widthMs: number; readonly keepMs: number };
}

export const FLEET_DEFAULTS = {
  flushMs: 5_000,
  fine: { widthMs: 5_000, keepMs: 3_600_000 },
  coarse: { widthMs: 60_000, keepMs: 86_400_000 },
} as const;

const started = Date.now();

/** host:pid:start (base 36), unique per process and readable in a list. */
export function defaultInstanceId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9_.-]/g, '-')
      .slice(0, 60) || 'host';
  return `${host}:${process.pid}:${started.toString(36)}`;
}

/**
 * The fleet settings for an environment.
 * @throws RangeError when the instance TTL is shorter than two flush intervals.
 */
export function resolveFleetConfig(env: ServerEnv): FleetConfig {
  const flushMs = env.FLEET_FLUSH_MS ?? FLEET_DEFAULTS.flushMs;
  const instanceTtlMs = env.FLEET_INSTANCE_TTL_MS ?? Math.max(30_000, 6 * flushMs);
  if (instanceTtlMs < 2 * flushMs) {
    throw new RangeError(
      `FLEET_INSTANCE_TTL_MS (${instanceTtlMs}) must be at least two flush intervals (FLEET_FLUSH_MS ${flushMs})`,
    );
  }
  return {
    instanceId: env.INSTANCE_ID ?? defaultInstanceId(),
    flushMs,
    timer: env.FLEET_TIMER !== '0',
    instanceTtlMs,
    keyPrefix: env.FLEET_KEY_PREFIX ?? `fleet:${env.REDIS_KEY_PREFIX ?? 'app:'}`,
    fine: FLEET_DEFAULTS.fine,
    coarse: FLEET_DEFAULTS.coarse,
  };
}

let cached: FleetConfig | undefined;

export function fleetConfig(): FleetConfig {
  cached ??= resolveFleetConfig(serverEnv());
  return cached;
}
