// One typed, I/O-free snapshot of both client kinds, read by the health API and the dashboard.
import 'server-only';
import type { BreakerState, BreakerTransition } from '../resilience';
import type { BucketSnapshot, LatencySummary } from '../metrics';
import type { DbConfig } from './db-config';
import type { OperationStats } from './operation-table';
import type { ClientKind, ExecutorKind } from './client-kind';
import type { DbExecutor } from './db-executor';
import type { DbCallStats, DbSeriesPoint, SlowCall } from './db-metrics';
import { executor } from './with-client';

export const RECENT_WINDOW_MS = 60_000;

export interface DbKindSnapshot {
  readonly kind: ExecutorKind;
  readonly lifetime: DbCallStats;
  /**
   * The present: the last minute, or less when the breaker closed within it (the outage before
   * is over and the breaker already told of it), from the time series (percentiles merged from
   * its histograms). Rejections are apart from failures: calls refused never ran.
   */
  readonly recent: {
    readonly windowMs: number;
    /** Epoch ms the window starts at. */
    readonly since: number;
    readonly calls: number;
    readonly successes: number;
    readonly failures: number;
    /** Failures that were the caller's own fault (CALLER_FAULT_CODES), counted in failures too. */
    readonly callerFaults: number;
    /** successes / (successes + failures); 1 when nothing finished. */
    readonly successRate: number;
    readonly retries: number;
    readonly rejected: { readonly breaker: number; readonly pool: number };
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

/** When the breaker last closed after being open or half-open, if it did. */
function lastRecovery(transitions: readonly BreakerTransition[]): number {
  for (let i = transitions.length - 1; i >= 0; i--) {
    if (transitions[i]!.to === 'closed') return transitions[i]!.at;
  }
  return -Infinity;
}

export function kindSnapshot(ex: DbExecutor): DbKindSnapshot {
  const breaker = ex.breaker.snapshot();
  const now = Date.now();
  const since = Math.max(now - RECENT_WINDOW_MS, lastRecovery(breaker.transitions));
  const totals = ex.metrics.series.totals(RECENT_WINDOW_MS, since);
  const finished = totals.counters.successes + totals.counters.failures;
  const pool = ex.pool.stats();
  return {
    kind: ex.kind,
    lifetime: ex.metrics.stats(),
    recent: {
      windowMs: totals.windowMs,
      since: now - totals.windowMs,
      calls: totals.counters.calls,
      successes: totals.counters.successes,
      failures: totals.counters.failures,
      callerFaults: totals.counters.callerFaults,
      successRate: finished === 0 ? 1 : totals.counters.successes / finished,
      retries: totals.counters.retries,
      rejected: { breaker: totals.counters.rejectedBreaker, pool: totals.counters.rejectedPool },
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
    breaker,
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

/** Each kind's lifetime `le` buckets of call durations, for the Prometheus exposition. No I/O. */
export function getDbDurationBuckets(): Record<ClientKind, BucketSnapshot> {
  return {
    service: executor('service').metrics.durations.snapshot(),
    anon: executor('anon').metrics.durations.snapshot(),
  };
}

/** Each kind's operations (at most DB_MAX_OPERATIONS, then `other`), for the Prometheus exposition. */
export function getDbOperations(): Record<ClientKind, readonly OperationStats[]> {
  return {
    service: executor('service').metrics.operations.all(),
    anon: executor('anon').metrics.operations.all(),
  };
}
