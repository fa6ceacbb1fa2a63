// One client kind's resilient executor: breaker → pool → attempts (timeout per attempt, retry
// with full-jitter backoff under a budget), recording every outcome in DbMetrics.
import 'server-only';
import type { DbClient } from './clients';
import { isAppError } from '../errors';
import {
  Bulkhead,
  CircuitBreaker,
  CircuitOpenError,
  DeadlineTimer,
  RetryBudget,
  fullJitterBackoff,
} from '../resilience';
import { AttemptContext, attemptStorage, withinScope } from './attempt-context';
import { classifyResponse, classifyThrown, type AttemptFacts } from './classify';
import type { DbConfig } from './db-config';
import { DbAbortedError } from './db-errors';
import { DbMetrics } from './db-metrics';

export type ClientKind = 'service' | 'anon';

export interface DbCallOptions {
  /** A short label such as 'GET /api/notes': shown in slow-call logs and metrics, never parameters. */
  readonly context?: string;
  /** Per-attempt timeout; defaults to DB_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  /** Writes are retried only when true (e.g. an upsert on a unique key). */
  readonly idempotent?: boolean;
  /** The caller's signal: aborting it cancels the request and any retry. */
  readonly signal?: AbortSignal;
  /** Fewer attempts than configured (e.g. 1 for a health probe); never more. */
  readonly maxAttempts?: number;
}

/** What a supabase-js response resolves to: its `data` when there is no error. */
export type Unwrapped<R> = R extends { error: null; data: infer D }
  ? D
  : R extends { error: unknown; data: unknown }
    ? never
    : R;

interface ResponseLike {
  error: { code?: string | null; message?: string | null } | null;
  data: unknown;
  status?: number;
}

function isResponse(value: unknown): value is ResponseLike {
  return typeof value === 'object' && value !== null && 'error' in value && 'data' in value;
}

const AsyncFunction = (async () => {}).constructor;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Starts an attempt's callback with the attempt in scope: synchronous scope for a plain
 * function, AsyncLocalStorage for an async one (its queries start after an await).
 */
function start(fn: (client: DbClient) => unknown, client: DbClient, ctx: AttemptContext): unknown {
  return fn instanceof AsyncFunction
    ? attemptStorage.run(ctx, fn, client)
    : withinScope(ctx, fn, client);
}

/** An attempt that returned a thenable: settled by it, by the deadline, or by the caller's abort. */
function pending(
  value: PromiseLike<unknown>,
  ctx: AttemptContext,
  timer: DeadlineTimer,
  signal: AbortSignal | undefined,
) {
  return new Promise<unknown>((resolve, reject) => {
    let done = false;
    const onAbort = signal
      ? () => ctx.abortByCaller(new DbAbortedError(`${ctx.label} was aborted by the caller`))
      : undefined;
    const finish = () => {
      done = true;
      ctx.settle = undefined;
      timer.cancel(ctx);
      if (onAbort) signal!.removeEventListener('abort', onAbort);
    };
    ctx.settle = (err) => {
      if (!done) {
        finish();
        reject(err);
      }
    };
    if (onAbort) signal!.addEventListener('abort', onAbort, { once: true });
    const onValue = (result: unknown) => {
      if (!done) {
        finish();
        resolve(result);
      }
    };
    const onError = (err: unknown) => {
      if (!done) {
        finish();
        reject(err);
      }
    };
    // Starting a builder (its then()) asks for the attempt's token: keep the attempt in scope.
    withinScope(ctx, (v: PromiseLike<unknown>) => v.then(onValue, onError), value);
  });
}

export interface DbExecutorDeps {
  readonly client: DbClient;
  readonly timer: DeadlineTimer;
  readonly clock?: () => number;
  readonly random?: () => number;
}

export class DbExecutor {
  readonly kind: ClientKind;
  readonly config: DbConfig;
  readonly breaker: CircuitBreaker;
  readonly pool: Bulkhead;
  readonly budget: RetryBudget;
  readonly metrics: DbMetrics;
  private readonly client: DbClient;
  private readonly timer: DeadlineTimer;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly customClock: boolean;
  private offset = 0;
  private offsetAt = -Infinity;

  constructor(kind: ClientKind, config: DbConfig, deps: DbExecutorDeps) {
    this.kind = kind;
    this.config = config;
    this.client = deps.client;
    this.timer = deps.timer;
    this.clock = deps.clock ?? Date.now;
    this.customClock = deps.clock !== undefined;
    this.random = deps.random ?? Math.random;
    this.breaker = new CircuitBreaker({
      failureRateThreshold: config.breakerFailureRate,
      minimumCalls: config.breakerMinCalls,
      windowMs: config.breakerWindowMs,
      consecutiveFailures: config.breakerConsecutiveFailures,
      resetTimeoutMs: config.breakerResetMs,
      halfOpenMaxProbes: config.breakerHalfOpenProbes,
      clock: this.clock,
    });
    this.pool = new Bulkhead({
      maxConcurrent: config.poolSize,
      maxQueue: config.queueSize,
      queueTimeoutMs: config.queueTimeoutMs,
    });
    this.budget = new RetryBudget({
      ratio: config.retryBudgetRatio,
      minRetriesPerSecond: config.retryMinPerSecond,
      windowMs: config.breakerWindowMs,
      clock: this.clock,
    });
    this.metrics = new DbMetrics({ slowCallMs: config.slowCallMs, clock: this.clock });
  }

  /**
   * Runs `fn(client)` with every protection on. A supabase-js response resolves to its `data`;
   * its `error` is thrown as a typed DbError.
   * @throws CircuitOpenError at once while the breaker is open.
   * @throws PoolExhaustedError when the wait queue is full or the wait timed out.
   * @throws DbError subclasses (DbTimeoutError, DbUnavailableError, DbPermissionError, …).
   */
  async run<R>(
    fn: (client: DbClient) => R,
    opts: DbCallOptions = {},
    accessToken?: string,
  ): Promise<Unwrapped<Awaited<R>>> {
    const started = performance.now();
    const now0 = this.wall(started);
    const { metrics, pool } = this;
    if (opts.signal?.aborted)
      throw new DbAbortedError(`${opts.context ?? 'database call'} was aborted before it started`);
    if (!this.breaker.tryAcquire()) {
      metrics.rejected('breaker', 'CIRCUIT_OPEN');
      throw this.openError();
    }
    if (!pool.tryAcquire()) {
      try {
        await pool.acquire(opts.signal);
      } catch (err) {
        this.breaker.onIgnored();
        if (isAppError(err)) {
          metrics.rejected('pool', err.code);
          throw err;
        }
        metrics.rejected('pool', 'ABORTED');
        throw new DbAbortedError(
          `${opts.context ?? 'database call'} was aborted while waiting for the pool`,
          { cause: err },
        );
      }
    }
    metrics.callStarted(pool.inFlight, pool.queued, pool.maxConcurrent, now0);
    let outcome = 'ERROR';
    let attempts = 0;
    let ended = 0;
    try {
      this.budget.recordRequest(now0);
      for (attempts = 1; ; attempts++) {
        if (attempts > 1 && !this.breaker.tryAcquire()) throw this.openError();
        const ctx = new AttemptContext(accessToken, opts.context ?? 'database call');
        try {
          let value: unknown;
          try {
            value = start(fn, this.client, ctx);
            if (isThenable(value)) {
              const attemptStart = attempts === 1 ? now0 : this.wall(performance.now());
              ctx.deadline = attemptStart + (opts.timeoutMs ?? this.config.timeoutMs);
              this.timer.schedule(ctx);
              value = await pending(value, ctx, this.timer, opts.signal);
            }
          } finally {
            ctx.close();
          }
          const data =
            isResponse(value) && value.error
              ? this.fail(value, ctx, opts)
              : isResponse(value)
                ? value.data
                : value;
          ended = performance.now();
          this.breaker.onSuccess(this.wall(ended));
          outcome = 'success';
          return data as Unwrapped<Awaited<R>>;
        } catch (thrown) {
          const err = classifyThrown(thrown, this.facts(ctx, opts));
          const transient = isAppError(err) && err.transient;
          if (transient) this.breaker.onFailure(err.code);
          else this.breaker.onIgnored();
          outcome = isAppError(err) ? err.code : 'ERROR';
          const mayRetry =
            transient &&
            attempts < Math.min(this.config.maxAttempts, opts.maxAttempts ?? Infinity) &&
            !ctx.callerAborted &&
            (opts.idempotent === true || !ctx.writeMaybeDelivered);
          if (!mayRetry || !this.budget.tryRetry()) throw err;
          metrics.retried();
          await sleep(
            fullJitterBackoff(
              attempts,
              this.config.backoffBaseMs,
              this.config.backoffCapMs,
              this.random,
            ),
            opts.signal,
          );
          if (opts.signal?.aborted) {
            outcome = 'ABORTED';
            throw new DbAbortedError(
              `${opts.context ?? 'database call'} was aborted by the caller`,
              { cause: err },
            );
          }
        }
      }
    } finally {
      pool.release();
      if (ended === 0) ended = performance.now();
      metrics.callFinished(
        ended - started,
        outcome,
        opts.context,
        attempts,
        pool,
        this.wall(ended),
      );
    }
  }

  /**
   * Wall-clock milliseconds for a performance.now() reading: one clock read per event instead of
   * several. The offset is re-read every 10 s so it follows wall-clock adjustments.
   */
  private wall(perfNow: number): number {
    if (this.customClock) return this.clock();
    if (perfNow - this.offsetAt > 10_000) {
      this.offsetAt = perfNow;
      this.offset = Date.now() - perfNow;
    }
    return perfNow + this.offset;
  }

  private facts(ctx: AttemptContext, opts: DbCallOptions): AttemptFacts {
    return { timedOut: ctx.timedOut, callerAborted: ctx.callerAborted, context: opts.context };
  }

  private fail(value: ResponseLike, ctx: AttemptContext, opts: DbCallOptions): never {
    throw classifyResponse(value.error!, value.status ?? 0, this.facts(ctx, opts));
  }

  private openError(): CircuitOpenError {
    return new CircuitOpenError(`${this.kind} database circuit is open`, {
      retryAfterMs: this.breaker.retryAfterMs(),
      context: { kind: this.kind },
    });
  }
}
