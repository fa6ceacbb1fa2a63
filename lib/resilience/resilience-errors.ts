// Rejections by the resilience primitives: typed, branded through AppError, each with a guard.
import { AppError, isAppError, type AppErrorOptions } from '../errors';

export interface CircuitOpenErrorOptions extends AppErrorOptions {
  /** When the breaker will let a probe through, in milliseconds from now. */
  readonly retryAfterMs: number;
}

/** The breaker is open: the call was refused at once, without touching the dependency. */
export class CircuitOpenError extends AppError {
  readonly code = 'CIRCUIT_OPEN' as const;
  readonly transient = true;
  readonly status = 503;
  readonly retryAfterMs: number;

  constructor(message: string, options: CircuitOpenErrorOptions) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }

  override get publicMessage() {
    return 'The service is temporarily unavailable; try again shortly';
  }

  /** The breaker's remaining open time, rounded up. */
  override get retryAfterSeconds() {
    return Math.ceil(this.retryAfterMs / 1000);
  }
}

export type PoolExhaustedReason = 'queue-full' | 'queue-timeout';

/** The pool had no free slot: its wait queue was full, or the wait timed out. */
export class PoolExhaustedError extends AppError {
  readonly code = 'POOL_EXHAUSTED' as const;
  readonly transient = true;
  readonly status = 503;
  readonly reason: PoolExhaustedReason;

  constructor(reason: PoolExhaustedReason, message: string, options: AppErrorOptions = {}) {
    super(message, options);
    this.reason = reason;
  }

  override get publicMessage() {
    return 'The service is busy; try again shortly';
  }
}

export function isCircuitOpenError(err: unknown): err is CircuitOpenError {
  return isAppError(err, 'CIRCUIT_OPEN');
}

export function isPoolExhaustedError(err: unknown): err is PoolExhaustedError {
  return isAppError(err, 'POOL_EXHAUSTED');
}
