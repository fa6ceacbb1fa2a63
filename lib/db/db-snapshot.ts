// One typed, I/O-free snapshot of both client kinds, read by the health API and the dashboard.
import 'server-only';
import type { BreakerState, BreakerTransition } from '../resilience';
import type { LatencySummary } from '../metrics';
import type { DbConfig } from './db-config';
import type { ClientKind, DbExecutor } from './db-executor';
import type { DbCallStats, DbSeriesPoint, SlowCall } from './db-metrics';
import { executor } from './with-client';

export const CLIENT_KINDS = ['service', 'anon'] as const satisfies readonly ClientKind[];
export const RECENT_WINDOW_MS = 60_000;

export interface DbKindSnapshot {
  readonly kind: ClientKind;
  readonly lifetime: DbCallStats;
  /** The last minute, from the time series (percentiles merged from its histograms). */
  readonly recent: {
    readonly windowMs: number;
    readonly calls: number;
    readonly successes: number;
    readonly failures: number;
    readonly successRate: number;
    readonly retries: number;
    readonly latency: LatencySummary;
  };
  readonly pool: {
    readonly inFlight: number;
    readonly queued: number;
    readonly max: number;
    readonly maxQueue: number;
    readonly utilization: number;
    readonly peakInFlight: number;
  };
  readonly breaker: {
    readonly state: BreakerState;
    readonly window: {
      readonly calls: number;
      readonly failures: number;
      readonly failureRate: number;
    };
    readonly consecutiveFailures: number;
    readonly transitions: readonly BreakerTransition[];
  };
  readonly retryBudget: {
    readonly requests: number;
    readonly retries: number;
    readonly available: number;
  };
  readonly slowCalls: readonly SlowCall[];
  readonly config: DbConfig;
}

export function kindSnapshot(ex: DbExecutor): DbKindSnapshot {
  const totals = ex.metrics.series.totals(RECENT_WINDOW_MS);
  const finished = totals.counters.successes + totals.counters.failures;
  const pool = ex.pool.stats();
  return {
    kind: ex.kind,
    lifetime: ex.metrics.stats(),
    recent: {
      windowMs: RECENT_WINDOW_MS,
      calls: totals.counters.calls,
      successes: totals.counters.successes,
      failures: totals.counters.failures,
      successRate: finished === 0 ? 1 : totals.counters.successes / finished,
      retries: totals.counters.retries,
      latency: totals.latency,
    },
    pool: {
      inFlight: pool.inFlight,
      queued: pool.queued,
      max: ex.pool.maxConcurrent,
      maxQueue: ex.pool.maxQueue,
      utilization: ex.pool.utilization,
      peakInFlight: pool.peakInFlight,
    },
    breaker: ex.breaker.snapshot(),
    retryBudget: ex.budget.snapshot(),
    slowCalls: ex.metrics.slowCalls(),
    config: ex.config,
  };
}

/** Both kinds' pool, breaker and call figures. Cheap: no I/O. */
export function getDbSnapshot(): Record<ClientKind, DbKindSnapshot> {
  return { service: kindSnapshot(executor('service')), anon: kindSnapshot(executor('anon')) };
}

/** The time series of both kinds over `windowMs` (oldest first, one point per 5 s bucket). */
export function getDbHistory(windowMs: number): Record<ClientKind, DbSeriesPoint[]> {
  return {
    service: executor('service').metrics.history(windowMs),
    anon: executor('anon').metrics.history(windowMs),
  };
}
