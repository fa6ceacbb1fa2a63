import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker';

function breaker(overrides: Partial<CircuitBreakerOptions> = {}) {
  const clock = { now: 1_000_000 };
  const b = new CircuitBreaker({
    failureRateThreshold: 0.5,
    minimumCalls: 10,
    windowMs: 10_000,
    consecutiveFailures: 5,
    resetTimeoutMs: 1_000,
    halfOpenMaxProbes: 2,
    clock: () => clock.now,
    ...overrides,
  });
  return { b, clock };
}

describe('CircuitBreaker', () => {
  it('opens after the configured consecutive failures and rejects while open', () => {
    const { b } = breaker();
    for (let i = 0; i < 4; i++) {
      expect(b.tryAcquire()).toBe(true);
      b.onFailure('DB_UNAVAILABLE');
    }
    expect(b.state.name).toBe('closed');
    b.tryAcquire();
    b.onFailure('DB_TIMEOUT');
    expect(b.state.name).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    expect(b.snapshot().transitions[0]).toMatchObject({
      from: 'closed',
      to: 'open',
      reason: '5 consecutive failures (last: DB_TIMEOUT)',
    });
  });

  it('a success resets the consecutive count', () => {
    const { b } = breaker({ minimumCalls: 1000 });
    for (let i = 0; i < 20; i++) {
      b.onFailure('X');
      b.onFailure('X');
      b.onSuccess();
    }
    expect(b.state.name).toBe('closed');
    expect(b.snapshot().window).toEqual({ calls: 60, failures: 40, failureRate: 40 / 60 });
  });

  it('opens on the failure rate only once the minimum volume is reached', () => {
    const { b } = breaker({ consecutiveFailures: 100 });
    for (let i = 0; i < 4; i++) b.onFailure('X');
    expect(b.state.name).toBe('closed'); // 100% but only 4 calls
    for (let i = 0; i < 5; i++) b.onSuccess();
    expect(b.state.name).toBe('closed'); // 4/9
    b.onFailure('X'); // 5/10 = 50%
    expect(b.state.name).toBe('open');
    expect(b.snapshot().transitions[0]?.reason).toBe(
      'failure rate 50% ≥ 50% over 10 calls (5 failed) in 10s',
    );
  });

  it('forgets failures older than the rolling window', () => {
    const { b, clock } = breaker({ consecutiveFailures: 100 });
    for (let i = 0; i < 9; i++) b.onFailure('X');
    clock.now += 11_000;
    b.onFailure('X');
    expect(b.snapshot().window.calls).toBe(1);
    expect(b.state.name).toBe('closed');
  });

  it('ignored outcomes do not count', () => {
    const { b } = breaker();
    for (let i = 0; i < 50; i++) {
      b.tryAcquire();
      b.onIgnored();
    }
    expect(b.snapshot().window.calls).toBe(0);
    expect(b.state.name).toBe('closed');
  });

  it('half-opens after the reset time, limits probes, and closes after enough successes', () => {
    const { b, clock } = breaker();
    for (let i = 0; i < 5; i++) b.onFailure('X');
    expect(b.retryAfterMs()).toBe(1_000);
    clock.now += 999;
    expect(b.tryAcquire()).toBe(false);
    clock.now += 1;
    expect(b.tryAcquire()).toBe(true);
    expect(b.state.name).toBe('half-open');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false); // only 2 probes
    b.onSuccess();
    expect(b.state.name).toBe('half-open');
    b.onSuccess();
    expect(b.state.name).toBe('closed');
    expect(b.snapshot().transitions.map((t) => `${t.from}->${t.to}`)).toEqual([
      'closed->open',
      'open->half-open',
      'half-open->closed',
    ]);
    expect(b.snapshot().window.calls).toBe(0);
  });

  it('a failed probe reopens for another reset period', () => {
    const { b, clock } = breaker();
    for (let i = 0; i < 5; i++) b.onFailure('X');
    clock.now += 1_000;
    expect(b.tryAcquire()).toBe(true);
    b.onFailure('DB_TIMEOUT');
    const s = b.state;
    expect(s.name).toBe('open');
    expect(s.name === 'open' && s.reason).toBe('probe failed (DB_TIMEOUT)');
    expect(b.retryAfterMs()).toBe(1_000);
  });

  it('an ignored probe frees its slot', () => {
    const { b, clock } = breaker({ halfOpenMaxProbes: 1 });
    for (let i = 0; i < 5; i++) b.onFailure('X');
    clock.now += 1_000;
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    b.onIgnored();
    expect(b.tryAcquire()).toBe(true);
  });

  it('records transitions with their time and notifies listeners', () => {
    const { b, clock } = breaker();
    const seen: string[] = [];
    const off = b.onTransition((t) => seen.push(`${t.to}@${t.at}`));
    for (let i = 0; i < 5; i++) b.onFailure('X');
    off();
    clock.now += 1_000;
    b.tryAcquire();
    expect(seen).toEqual(['open@1000000']);
    expect(b.snapshot().transitions[1]).toMatchObject({ to: 'half-open', at: 1_001_000 });
  });

  it('keeps a bounded history', () => {
    const { b, clock } = breaker({ historySize: 4 });
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 5; i++) b.onFailure('X');
      clock.now += 1_000;
      b.tryAcquire();
      b.onSuccess();
      b.tryAcquire();
      b.onSuccess();
    }
    expect(b.snapshot().transitions).toHaveLength(4);
    expect(b.state.name).toBe('closed');
  });

  it('rejects bad options with a RangeError naming the value', () => {
    expect(() => breaker({ failureRateThreshold: 0 })).toThrow(/failureRateThreshold/);
    expect(() => breaker({ minimumCalls: 0 })).toThrow(/minimumCalls/);
    expect(() => breaker({ resetTimeoutMs: -1 })).toThrow(/resetTimeoutMs/);
  });
});

describe('active recovery', () => {
  it('halfOpenNow moves an open breaker to half-open before its reset time, and nothing else', () => {
    let now = 1_000;
    const b = new CircuitBreaker({
      failureRateThreshold: 0.5,
      minimumCalls: 100,
      windowMs: 10_000,
      consecutiveFailures: 2,
      resetTimeoutMs: 15_000,
      halfOpenMaxProbes: 1,
      clock: () => now,
    });
    b.halfOpenNow('health probe answered');
    expect(b.state.name).toBe('closed');
    b.onFailure('DB_UNAVAILABLE');
    b.onFailure('DB_UNAVAILABLE');
    expect(b.state.name).toBe('open');
    now += 2_000;
    b.halfOpenNow('health probe answered');
    expect(b.state).toMatchObject({ name: 'half-open', since: 3_000 });
    expect(b.snapshot().transitions.at(-1)).toMatchObject({
      from: 'open',
      to: 'half-open',
      reason: 'health probe answered',
    });
    expect(b.tryAcquire()).toBe(true);
    b.onSuccess();
    expect(b.state.name).toBe('closed');
  });

  it('wouldAdmit tells without taking a half-open probe slot', () => {
    let now = 0;
    const b = new CircuitBreaker({
      failureRateThreshold: 0.5,
      minimumCalls: 100,
      windowMs: 10_000,
      consecutiveFailures: 1,
      resetTimeoutMs: 1_000,
      halfOpenMaxProbes: 1,
      clock: () => now,
    });
    expect(b.wouldAdmit()).toBe(true);
    b.onFailure('X');
    expect(b.wouldAdmit()).toBe(false);
    now = 1_000;
    expect(b.wouldAdmit()).toBe(true);
    expect(b.wouldAdmit()).toBe(true);
    expect(b.tryAcquire()).toBe(true);
    expect(b.wouldAdmit()).toBe(false);
  });
});
