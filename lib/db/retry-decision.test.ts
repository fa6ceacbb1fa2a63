import { describe, expect, it } from 'vitest';
import { retryRefusal, type FailedAttemptFacts } from './retry-decision';

const retryable: FailedAttemptFacts = {
  transient: true,
  attempt: 1,
  maxAttempts: 3,
  callerAborted: false,
  idempotent: false,
  writeMaybeDelivered: false,
};

describe('retryRefusal', () => {
  it('allows a transient failure with attempts left and nothing delivered', () => {
    expect(retryRefusal(retryable)).toBeUndefined();
  });

  it.each([
    [{ callerAborted: true }, 'caller-aborted'],
    [{ transient: false }, 'not-transient'],
    [{ attempt: 3 }, 'attempts-exhausted'],
    [{ writeMaybeDelivered: true }, 'not-idempotent'],
  ] as const)('%o → %s', (change, reason) => {
    expect(retryRefusal({ ...retryable, ...change })).toBe(reason);
  });

  it('retries a delivered write only when the caller says it is idempotent', () => {
    expect(
      retryRefusal({ ...retryable, writeMaybeDelivered: true, idempotent: true }),
    ).toBeUndefined();
  });

  it('names the caller abort first, whatever else holds', () => {
    expect(retryRefusal({ ...retryable, callerAborted: true, transient: false, attempt: 3 })).toBe(
      'caller-aborted',
    );
  });
});
