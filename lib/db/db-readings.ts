// The data layer's raw readings, for the fleet publisher: lifetime counters, the live latency
// histogram (read-only), pool levels, breaker state and transitions. I/O-free and cheap: the
// publisher turns them into intervals by difference, so a wrapped call does nothing for it.
import 'server-only';
import type { HistogramReader } from '../metrics';
import type { BreakerStateName, BreakerTransition } from '../resilience';
import { CLIENT_KINDS, type ClientKind } from './client-kind';
import type { SlowCall } from './db-metrics';
import type { OperationCounter } from './operation-table';
import type { DbExecutor } from './db-executor';
import { executor } from './with-client';

/** One operation's lifetime figures (see OperationTable). */
export interface OperationReading {
  readonly name: string;
  readonly counts: Readonly<Record<OperationCounter, number>>;
  readonly failuresByCode: ReadonlyMap<string, number>;
  /** Durations of its finished calls (3.2 % precision). */
  readonly latency: HistogramReader;
}

export interface DbReading {
  readonly calls: number;
  readonly successes: number;
  readonly failures: number;
  readonly retries: number;
  readonly timeouts: number;
  readonly rejectedBreaker: number;
  readonly rejectedPool: number;
  readonly slow: number;
  readonly failuresByCode: Readonly<Record<string, number>>;
  /** Durations of finished calls since the process started. */
  readonly latency: HistogramReader;
  readonly pool: {
    readonly inFlight: number;
    readonly queued: number;
    readonly max: number;
    readonly maxQueue: number;
  };
  /** The highest levels over the last `windowMs`. */
  peaks(windowMs: number): { inFlight: number; queued: number; utilization: number };
  readonly breaker: {
    readonly state: BreakerStateName;
    readonly since: number;
    readonly reason?: string;
  };
  /** Oldest first, the latest 100. */
  readonly transitions: readonly BreakerTransition[];
  /** Newest first. */
  readonly slowCalls: readonly SlowCall[];
  /** At most DB_MAX_OPERATIONS, then `other`. */
  readonly operations: readonly OperationReading[];
  /** Calls counted under `other` because the operation table was full. */
  readonly operationOverflow: number;
}

/** Every client kind's readings now. */
export function getDbReadings(): Record<ClientKind, DbReading> {
  const out = {} as Record<ClientKind, DbReading>;
  for (const kind of CLIENT_KINDS) out[kind] = readingOf(executor(kind));
  return out;
}

/** One executor's readings now. */
export function readingOf(ex: DbExecutor): DbReading {
  const s = ex.metrics.stats();
  const breaker = ex.breaker.snapshot();
  return {
    calls: s.calls,
    successes: s.successes,
    failures: s.failures,
    retries: s.retries,
    timeouts: s.timeouts,
    rejectedBreaker: s.rejections.breaker,
    rejectedPool: s.rejections.pool,
    slow: s.slowCalls,
    failuresByCode: s.failuresByCode,
    latency: ex.metrics.latencyReader(),
    pool: {
      inFlight: ex.pool.inFlight,
      queued: ex.pool.queued,
      max: ex.pool.maxConcurrent,
      maxQueue: ex.pool.maxQueue,
    },
    peaks: (windowMs) => ex.metrics.peaks(windowMs),
    breaker: {
      state: breaker.state.name,
      since: breaker.state.since,
      ...(breaker.state.name === 'open' ? { reason: breaker.state.reason } : {}),
    },
    transitions: breaker.transitions,
    slowCalls: ex.metrics.slowCalls(),
    operations: ex.metrics.operations.all(),
    operationOverflow: ex.metrics.operations.overflowCalls,
  };
}
