// Health thresholds and probe settings: defaults from common practice, overridden by HEALTH_*.
import 'server-only';
import type { RedisInfoProbeSettings } from '../cache';
import { serverEnv, type ServerEnv } from '../env';

export interface HealthThresholds {
  /** Pool in flight / max over the last 10 s. */
  readonly utilization: { readonly warn: number; readonly fail: number };
  /** Successful calls / finished calls over the last minute. */
  readonly successRate: { readonly warn: number; readonly fail: number };
  /** p95 latency over the last minute, milliseconds. */
  readonly p95Ms: { readonly warn: number; readonly fail: number };
  /** Cache hits / lookups over the last minute. */
  readonly cacheHitRate: { readonly warn: number };
  /** Rates and percentiles are judged only over at least this many calls. */
  readonly minCalls: number;
}

export interface HealthConfig {
  readonly thresholds: HealthThresholds;
  readonly probeTtlMs: number;
  readonly probeTimeoutMs: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  utilization: { warn: 0.6, fail: 0.8 },
  successRate: { warn: 0.99, fail: 0.95 },
  p95Ms: { warn: 80, fail: 150 },
  cacheHitRate: { warn: 0.7 },
  minCalls: 20,
};

/**
 * The health settings for an environment.
 * @throws RangeError when a warn threshold is on the wrong side of its fail threshold.
 */
export function resolveHealthConfig(env: ServerEnv): HealthConfig {
  const d = DEFAULT_THRESHOLDS;
  const thresholds: HealthThresholds = {
    utilization: {
      warn: env.HEALTH_UTILIZATION_WARN ?? d.utilization.warn,
      fail: env.HEALTH_UTILIZATION_FAIL ?? d.utilization.fail,
    },
    successRate: {
      warn: env.HEALTH_SUCCESS_RATE_WARN ?? d.successRate.warn,
      fail: env.HEALTH_SUCCESS_RATE_FAIL ?? d.successRate.fail,
    },
    p95Ms: {
      warn: env.HEALTH_P95_WARN_MS ?? d.p95Ms.warn,
      fail: env.HEALTH_P95_FAIL_MS ?? d.p95Ms.fail,
    },
    cacheHitRate: { warn: env.HEALTH_CACHE_HIT_RATE_WARN ?? d.cacheHitRate.warn },
    minCalls: d.minCalls,
  };
  if (thresholds.utilization.warn > thresholds.utilization.fail) {
    throw new RangeError('HEALTH_UTILIZATION_WARN must be ≤ HEALTH_UTILIZATION_FAIL');
  }
  if (thresholds.successRate.warn < thresholds.successRate.fail) {
    throw new RangeError('HEALTH_SUCCESS_RATE_WARN must be ≥ HEALTH_SUCCESS_RATE_FAIL');
  }
  if (thresholds.p95Ms.warn > thresholds.p95Ms.fail)
    throw new RangeError('HEALTH_P95_WARN_MS must be ≤ HEALTH_P95_FAIL_MS');
  return {
    thresholds,
    probeTtlMs: env.HEALTH_PROBE_TTL_MS ?? 2_000,
    probeTimeoutMs: env.HEALTH_PROBE_TIMEOUT_MS ?? 1_000,
  };
}

let cached: HealthConfig | undefined;

export function healthConfig(): HealthConfig {
  cached ??= resolveHealthConfig(serverEnv());
  return cached;
}

/** The Redis INFO/PING probe's settings: the TTL and timeout of every health probe. */
export function redisProbeSettings(): RedisInfoProbeSettings {
  const { probeTtlMs, probeTimeoutMs } = healthConfig();
  return { ttlMs: probeTtlMs, timeoutMs: probeTimeoutMs };
}
