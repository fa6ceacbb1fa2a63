// One client kind's resilient executor. A call reads top to bottom: admit it (caller's signal,
// breaker), take a pool slot, admit its first attempt by the breaker at the moment it can be
// sent, then hand it to a DbCall (db-call.ts): attempts bounded by a deadline, classified, and
// either returned or retried with full-jitter backoff when the facts, the retry budget and the
// breaker allow; the outcome is recorded last.
import 'server-only';
import { isAppError } from '../errors';
import {
  Bulkhead,
  CircuitBreaker,
  CircuitOpenError,
  DeadlineTimer,
  RetryBudget,
} from '../resilience';
import { Attempt } from './attempt';
import { DbCall, type CallHost, type CallStart } from './db-call';
import { DEFAULT_LABEL, UNLABELLED, type DbCallOptions, type Unwrapped } from './call-options';
import type { ExecutorKind } from './client-kind';
import type { DbClient } from './clients';
import type { DbConfig } from './db-config';
import { DbAbortedError, DbShuttingDownError } from './db-errors';
import { DbMetrics } from './db-metrics';
import type { CallObservation, DbObserver } from './db-observer';

export interface DbExecutorDeps {
  readonly client: DbClient;
  readonly timer: DeadlineTimer;
  readonly clock?: () => number;
  readonly random?: () => number;
}

export class DbExecutor {
  readonly kind: ExecutorKind;
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
  /** Tracing and the call log, when configured (see addDbObserver). */
  observer: DbObserver | undefined = undefined;
  private closing = false;
  /** While the queue is refused at a breaker opening: the error it is refused with. */
  private opening: CircuitOpenError | undefined = undefined;
  /** What each call uses of this executor. */
  private readonly host: CallHost;

  constructor(kind: ExecutorKind, config: DbConfig, deps: DbExecutorDeps) {
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
    this.metrics = new DbMetrics({
      slowCallMs: config.slowCallMs,
      maxOperations: config.maxOperations,
      clock: this.clock,
    });
    this.host = {
      client: this.client,
      timer: this.timer,
      config,
      breaker: this.breaker,
      budget: this.budget,
      pool: this.pool,
      metrics: this.metrics,
      random: this.random,
      wall: (perfNow) => this.wall(perfNow),
    };
    // Short-circuit: calls waiting for a slot would only wait to be refused.
    // Every queued call is refused in one pass: each caller's promise is rejected directly, then
    // the refusals are recorded together (by operation) at the transition's time, before any
    // caller's code runs.
    this.breaker.onTransition((t) => {
      if (t.to !== 'open') return;
      const error = this.openError();
      const at = this.wall(performance.now());
      this.opening = error;
      try {
        this.metrics.shortCircuited(this.pool.rejectWaiting(error), at);
      } finally {
        this.opening = undefined;
      }
    });
  }

  /**
   * Runs `fn(client)` with every protection on. A supabase-js response resolves to its `data`;
   * its `error` is thrown as a typed DbError. A call that reached the database ends with its
   * own error, with any refused retry noted in its context (`retryRefused`).
   * @throws CircuitOpenError at once while the breaker is open, before any request.
   * @throws PoolExhaustedError when the wait queue is full or the wait timed out.
   * @throws DbError subclasses (DbTimeoutError, DbUnavailableError, DbPermissionError, …).
   */
  run<R>(
    fn: (client: DbClient) => R,
    opts: DbCallOptions = {},
    accessToken?: string,
  ): Promise<Unwrapped<Awaited<R>>> {
    const label = opts.context ?? DEFAULT_LABEL;
    const started = performance.now();
    const startedAt = this.wall(started);
    const obs = this.observer?.callStarted({
      kind: this.kind,
      label,
      context: opts.context,
      breakerState: this.breaker.state.name,
    });
    if (opts.signal?.aborted || this.closing) {
      const err = this.closing
        ? new DbShuttingDownError(`${label} refused: ${this.kind} data layer is shutting down`)
        : new DbAbortedError(`${label} was aborted before it started`);
      obs?.rejected('pool', err);
      return Promise.reject(err);
    }
    if (!this.breaker.wouldAdmit()) return Promise.reject(this.rejectByBreaker(obs, opts.context));
    const authorization = accessToken === undefined ? '' : `Bearer ${accessToken}`;
    const start: CallStart = { label, opts, authorization, obs, started, startedAt };
    if (this.pool.tryAcquire()) return this.admitted<Unwrapped<Awaited<R>>>(fn, start);
    // Queued: told by callback, so a refusal settles the caller's promise directly (at a breaker
    // opening, a thousand queued calls end in one pass, with no promise hop of their own). A
    // granted slot is taken up in a microtask, outside the releasing call's code.
    return new Promise((resolve, reject) =>
      this.pool.wait(
        {
          granted: () =>
            queueMicrotask(() => {
              try {
                resolve(this.admitted<Unwrapped<Awaited<R>>>(fn, start));
              } catch (err) {
                reject(err); // a failing observer: the call still ends
              }
            }),
          // The call ends first, then its observation is told: a failing observer cannot keep
          // it (or, at an opening, the calls queued behind it) from ending.
          refused: (err) => {
            // At an opening the refusal is recorded with the others (see the constructor).
            const opening = this.opening;
            const error =
              opening !== undefined && err === opening
                ? opening
                : this.notAcquired(err, label, opts.context);
            reject(error);
            obs?.rejected(error instanceof CircuitOpenError ? 'breaker' : 'pool', error);
          },
          // Without an observation to tell, an opening rejects the promise itself.
          dropped: obs === undefined ? reject : undefined,
          tag: opts.context ?? UNLABELLED,
        },
        opts.signal,
      ),
    );
  }

  /**
   * The call holds a pool slot: admitted for real at the moment its first request can be sent
   * (the breaker may have opened while it waited for the slot), then run by a DbCall.
   */
  private admitted<T>(fn: (client: DbClient) => unknown, start: CallStart): Promise<T> {
    if (!this.breaker.tryAcquire()) {
      this.pool.release();
      return Promise.reject(this.rejectByBreaker(start.obs, start.opts.context));
    }
    const { metrics, pool } = this;
    metrics.callStarted(pool.inFlight, pool.queued, pool.maxConcurrent, start.startedAt);
    this.budget.recordRequest(start.startedAt);
    const call = new DbCall<T>(this.host, fn, start);
    call.begin();
    return call.promise;
  }

  /**
   * Stops admitting calls (they fail at once with DbShuttingDownError) and waits until the calls
   * in flight and queued are done, or `deadlineMs` passed. Resolves with the calls left.
   */
  async close(deadlineMs: number): Promise<number> {
    this.closing = true;
    const until = performance.now() + deadlineMs;
    while (this.pool.inFlight + this.pool.queued > 0 && performance.now() < until)
      await new Promise((r) => setTimeout(r, 10));
    return this.pool.inFlight + this.pool.queued;
  }

  /**
   * A health probe: one attempt that the breaker never refuses. While the breaker is closed (or
   * half-open with a free probe slot) it is an ordinary call of one attempt; while it is open it
   * tests the dependency directly, and its success moves the breaker to half-open at once, so
   * recovery takes one probe interval instead of the reset time (active recovery).
   * @throws like run(), but never CircuitOpenError.
   */
  async probe<R>(
    fn: (client: DbClient) => R,
    opts: DbCallOptions = {},
  ): Promise<Unwrapped<Awaited<R>>> {
    const one = { ...opts, maxAttempts: 1 };
    if (this.breaker.wouldAdmit()) return this.run(fn, one);
    const label = opts.context ?? DEFAULT_LABEL;
    const started = performance.now();
    const startedAt = this.wall(started);
    const { metrics, pool } = this;
    const obs = this.observer?.callStarted({
      kind: this.kind,
      label,
      context: opts.context,
      breakerState: 'open',
    });
    if (!pool.tryAcquire()) {
      try {
        await pool.acquire(opts.signal);
      } catch (err) {
        const error = this.notAcquired(err, label, opts.context);
        obs?.rejected(error instanceof CircuitOpenError ? 'breaker' : 'pool', error);
        throw error;
      }
    }
    metrics.callStarted(pool.inFlight, pool.queued, pool.maxConcurrent, startedAt);
    let outcome = 'ERROR';
    let error: Error | undefined;
    try {
      const seen = obs?.attemptStarted(1);
      const deadline = startedAt + (opts.timeoutMs ?? this.config.timeoutMs);
      const attempt = await new Promise<Attempt>((attemptEnded) =>
        new Attempt('', label, seen).run(fn, this.client, deadline, this.timer, opts.signal, {
          attemptEnded,
        }),
      );
      error = attempt.error;
      seen?.ended({
        error,
        requests: attempt.requests,
        next: error ? 'attempts-exhausted' : 'success',
      });
      if (error !== undefined) {
        outcome = isAppError(error) ? error.code : 'ERROR';
        throw error;
      }
      outcome = 'success';
      this.breaker.halfOpenNow(`${label} succeeded while open: the dependency answers again`);
      return attempt.data as Unwrapped<Awaited<R>>;
    } finally {
      pool.release();
      const ended = performance.now();
      const durationMs = ended - started;
      metrics.callFinished(
        durationMs,
        outcome,
        opts.context ?? UNLABELLED,
        1,
        pool,
        this.wall(ended),
      );
      obs?.ended(outcome, 1, error, durationMs);
    }
  }

  /** The error a call ends with when it got no pool slot, recorded as a rejection. */
  private notAcquired(err: unknown, label: string, context: string | undefined): Error {
    let error: Error;
    if (err instanceof CircuitOpenError) {
      this.metrics.rejected('breaker', context ?? UNLABELLED);
      error = err;
    } else if (isAppError(err)) {
      this.metrics.rejected('pool', context ?? UNLABELLED);
      error = err;
    } else {
      // The caller gave up while waiting: not a rejection, and the call never ran.
      error = new DbAbortedError(`${label} was aborted while waiting for the pool`, { cause: err });
    }
    return error;
  }

  private rejectByBreaker(
    obs: CallObservation | undefined,
    context: string | undefined,
  ): CircuitOpenError {
    this.metrics.rejected('breaker', context ?? UNLABELLED);
    const err = this.openError();
    obs?.rejected('breaker', err);
    return err;
  }

  private openError(): CircuitOpenError {
    return new CircuitOpenError(`${this.kind} database circuit is open`, {
      retryAfterMs: this.breaker.retryAfterMs(),
      context: { kind: this.kind },
    });
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
}
