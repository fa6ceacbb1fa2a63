// Whether a failed attempt may be tried again, decided from facts alone (pure, unit-tested).
// The retry budget and the breaker are asked afterwards, by the executor, at the moment the
// retry would be sent.

/** Why a failed call was not retried, in words a log or a span can carry. */
export type RetryRefusal =
  | 'not-transient'
  | 'attempts-exhausted'
  | 'caller-aborted'
  | 'not-idempotent'
  | 'budget'
  | 'circuit-open';

export interface FailedAttemptFacts {
  /** The failure may pass if tried again (network, timeout, 5xx, connection-class errors). */
  readonly transient: boolean;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly callerAborted: boolean;
  /** The caller declared the call safe to repeat. */
  readonly idempotent: boolean;
  /** A write of this attempt may have reached the server. */
  readonly writeMaybeDelivered: boolean;
}

/** The reason not to retry, or undefined when a retry is allowed by the facts. */
export function retryRefusal(f: FailedAttemptFacts): RetryRefusal | undefined {
  if (f.callerAborted) return 'caller-aborted';
  if (!f.transient) return 'not-transient';
  if (f.attempt >= f.maxAttempts) return 'attempts-exhausted';
  if (f.writeMaybeDelivered && !f.idempotent) return 'not-idempotent';
  return undefined;
}
