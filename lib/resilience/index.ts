// lib/resilience: generic primitives (breaker, bulkhead, retry budget, backoff, deadlines).
export {
  CircuitBreaker,
  type BreakerState,
  type BreakerStateName,
  type BreakerTransition,
  type BreakerSnapshot,
  type CircuitBreakerOptions,
  type TransitionListener,
} from './circuit-breaker';
export {
  Bulkhead,
  type BulkheadOptions,
  type BulkheadStats,
  type RefusedRun,
  type SlotWaiter,
} from './bulkhead';
export { RetryBudget, type RetryBudgetOptions, type RetryBudgetSnapshot } from './retry-budget';
export { fullJitterBackoff } from './backoff';
export { DeadlineTimer, type DeadlineEntry, type DeadlineTimerOptions } from './deadline-timer';
export {
  CircuitOpenError,
  PoolExhaustedError,
  isCircuitOpenError,
  isPoolExhaustedError,
  type PoolExhaustedReason,
  type CircuitOpenErrorOptions,
} from './resilience-errors';
export { SharedProbe, type ProbeResult, type SharedProbeOptions } from './shared-probe';
