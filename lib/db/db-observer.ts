// Hooks for an observer of wrapped calls (tracing): one observation per call, one per attempt.
// With no observer set, the executor pays one property check per call.
import type { BreakerStateName } from '../resilience';
import type { ExecutorKind } from './client-kind';
import type { RetryRefusal } from './retry-decision';

/** What an observer learns of a call when it starts (before the breaker or the pool). */
export interface ObservedCall {
  readonly kind: ExecutorKind;
  /** The call's `context`, or the default label. */
  readonly label: string;
  readonly context: string | undefined;
  /** The breaker's state when the call arrived. */
  readonly breakerState: BreakerStateName;
}

/** How an attempt ended, and what was decided next. */
export interface ObservedAttemptEnd {
  /** The attempt's error; undefined when it succeeded. */
  readonly error: Error | undefined;
  /** HTTP requests it sent. */
  readonly requests: number;
  /** 'success', 'retry' (after `backoffMs`), or why no retry followed. */
  readonly next: 'success' | 'retry' | RetryRefusal;
  readonly backoffMs?: number;
}

/** A request an attempt sends, as the data layer's fetch sees it when it leaves. */
export interface ObservedRequest {
  /** Upper case, as sent. */
  readonly method: string;
  /** The URL as sent: the PostgREST path (`/rest/v1/<table>`, `/rest/v1/rpc/<fn>`) and query. */
  readonly url: string;
  /** The schema the request names (`Accept-Profile` / `Content-Profile`), if it names one. */
  readonly schema: string | undefined;
}

export interface AttemptObservation {
  /** Headers every request of the attempt carries (for example the W3C `traceparent`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A request of the attempt is about to be sent (what the call touches: table, function). */
  requestSent?(request: ObservedRequest): void;
  /** A response arrived for a request of the attempt: its HTTP status, before the body is read. */
  responseReceived?(status: number): void;
  ended(end: ObservedAttemptEnd): void;
}

export interface CallObservation {
  /** Attempt `n` (1 for the first) starts; `resend` = n − 1. */
  attemptStarted(n: number): AttemptObservation;
  /** Refused before any attempt: by the breaker, or the pool (full, timed out, aborted). */
  rejected(by: 'breaker' | 'pool', error: Error): void;
  /** A retry the facts allowed was refused when it was about to be sent. */
  retryRefused(reason: RetryRefusal): void;
  /**
   * The call is over: 'success' or the error code it ended with; `durationMs` is the figure the
   * latency histogram recorded (queueing, attempts and backoff included).
   */
  ended(outcome: string, attempts: number, error: Error | undefined, durationMs: number): void;
}

export interface DbObserver {
  callStarted(call: ObservedCall): CallObservation;
}

/** One observer that tells each of `observers` everything (headers merged, later ones win). */
export function fanOut(observers: readonly DbObserver[]): DbObserver {
  return {
    callStarted(call) {
      const calls = observers.map((o) => o.callStarted(call));
      return {
        attemptStarted(n) {
          const attempts = calls.map((c) => c.attemptStarted(n));
          const headers = Object.assign({}, ...attempts.map((a) => a.headers ?? {})) as Record<
            string,
            string
          >;
          return {
            headers: Object.keys(headers).length ? headers : undefined,
            requestSent: (request) => attempts.forEach((a) => a.requestSent?.(request)),
            responseReceived: (status) => attempts.forEach((a) => a.responseReceived?.(status)),
            ended: (end) => attempts.forEach((a) => a.ended(end)),
          };
        },
        rejected: (by, error) => calls.forEach((c) => c.rejected(by, error)),
        retryRefused: (reason) => calls.forEach((c) => c.retryRefused(reason)),
        ended: (outcome, attempts, error, durationMs) =>
          calls.forEach((c) => c.ended(outcome, attempts, error, durationMs)),
      };
    },
  };
}
