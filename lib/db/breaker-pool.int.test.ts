// Breaker and pool against the real stack, and the bound on HTTP requests during an outage.
import { afterEach, describe, expect, it } from 'vitest';
import { faults, gatewayStats, resetGatewayStats } from '../../scripts/testing/stack';
import { isCircuitOpenError, isPoolExhaustedError } from '../resilience';
import { testExecutor } from './test-support';

afterEach(async () => {
  await faults.start('postgres');
  await faults.start('postgrest');
});

const ping = { get: true } as const;

describe('circuit breaker', () => {
  it('opens under sustained failure, rejects at once, half-opens after the reset time and closes when the service returns', async () => {
    const ex = testExecutor('service', {
      maxAttempts: 1,
      breakerConsecutiveFailures: 5,
      breakerMinCalls: 100,
      breakerResetMs: 400,
      breakerHalfOpenProbes: 2,
    });
    await faults.stop('postgrest');
    for (let i = 0; i < 5; i++) {
      await expect(ex.run((db) => db.rpc('health_ping', undefined, ping))).rejects.toMatchObject({
        code: 'DB_UNAVAILABLE',
      });
    }
    expect(ex.breaker.state.name).toBe('open');

    // Rejections while open: typed, immediate, and nothing reaches the gateway.
    await resetGatewayStats();
    const durations: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const err = await ex
        .run((db) => db.rpc('health_ping', undefined, ping))
        .catch((e: unknown) => e);
      durations.push(performance.now() - started);
      expect(isCircuitOpenError(err)).toBe(true);
    }
    expect((await gatewayStats()).total).toBe(0);
    durations.sort((a, b) => a - b);
    expect(durations[25]).toBeLessThan(1); // median well under a millisecond (the bench has the figure)
    expect(ex.metrics.stats().rejections.breaker).toBe(50);

    await faults.start('postgrest');
    await new Promise((r) => setTimeout(r, 450));
    expect(ex.breaker.state.name === 'half-open' || ex.breaker.retryAfterMs() === 0).toBe(true);
    await ex.run((db) => db.rpc('health_ping', undefined, ping));
    await ex.run((db) => db.rpc('health_ping', undefined, ping));
    expect(ex.breaker.state.name).toBe('closed');

    const transitions = ex.breaker.snapshot().transitions.map((t) => `${t.from}->${t.to}`);
    expect(transitions).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
    const [opened] = ex.breaker.snapshot().transitions;
    expect(opened?.reason).toMatch(/5 consecutive failures/);
  });

  it('opens on the failure rate over the window once the minimum volume is reached', async () => {
    const ex = testExecutor('service', {
      maxAttempts: 1,
      breakerConsecutiveFailures: 1000,
      breakerMinCalls: 10,
      breakerFailureRate: 0.5,
    });
    for (let i = 0; i < 5; i++) await ex.run((db) => db.rpc('health_ping', undefined, ping));
    await faults.stop('postgrest');
    for (let i = 0; i < 5; i++)
      await ex.run((db) => db.rpc('health_ping', undefined, ping)).catch(() => {});
    expect(ex.breaker.state.name).toBe('open');
    expect(ex.breaker.snapshot().transitions[0]?.reason).toMatch(/failure rate 50%/);
  });
});

describe('pool', () => {
  it('200 concurrent calls with a pool of 10: all succeed and in-flight never exceeds 10', async () => {
    const ex = testExecutor('service', { poolSize: 10, queueSize: 200, queueTimeoutMs: 10_000 });
    let maxSeen = 0;
    let maxUtilization = 0;
    const calls = Array.from({ length: 200 }, () =>
      ex.run(async (db) => {
        maxSeen = Math.max(maxSeen, ex.pool.inFlight);
        maxUtilization = Math.max(maxUtilization, ex.pool.utilization);
        const snapshotUtilization = ex.pool.inFlight / 10;
        expect(ex.pool.utilization).toBe(snapshotUtilization);
        await new Promise((r) => setTimeout(r, 5));
        return db.rpc('health_ping', undefined, ping);
      }),
    );
    const results = await Promise.all(calls);
    expect(results).toEqual(Array(200).fill(1));
    expect(maxSeen).toBe(10);
    expect(maxUtilization).toBe(1);
    expect(ex.pool.stats().peakInFlight).toBe(10);
    expect(ex.pool.inFlight).toBe(0);
    expect(ex.metrics.stats().successes).toBe(200);
    // The time series saw the pool full.
    const points = ex.metrics.history(60_000);
    expect(Math.max(...points.map((p) => p.gauges.utilization ?? 0))).toBe(1);
  });

  it('with a small queue the overflow gets PoolExhaustedError at once', async () => {
    const ex = testExecutor('service', { poolSize: 2, queueSize: 3, queueTimeoutMs: 10_000 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const holders = Array.from({ length: 5 }, () => ex.run(async () => gate));
    const started = performance.now();
    const overflow = await Promise.allSettled(
      Array.from({ length: 4 }, () => ex.run(async () => 1)),
    );
    const elapsed = performance.now() - started;
    expect(overflow.every((r) => r.status === 'rejected' && isPoolExhaustedError(r.reason))).toBe(
      true,
    );
    expect(elapsed).toBeLessThan(100);
    expect(ex.metrics.stats().rejections.pool).toBe(4);
    release();
    await Promise.all(holders);
    expect(ex.pool.inFlight).toBe(0);
  });
});

describe('health probe', () => {
  it('a probe waiting for a pool slot when the breaker re-opens is refused once and counted once', async () => {
    const ex = testExecutor('service', {
      poolSize: 1,
      breakerConsecutiveFailures: 1,
      breakerResetMs: 60_000,
    });
    let release!: () => void;
    const holder = ex.run(() => new Promise<void>((r) => (release = r)));
    ex.breaker.onFailure('test'); // opens; nothing is queued yet
    expect(ex.breaker.state.name).toBe('open');
    // While open, the probe tests the dependency directly: it waits for the holder's slot.
    const probe = ex.probe((db) => db.rpc('health_ping', undefined, ping)).catch((e: unknown) => e);
    expect(ex.pool.queued).toBe(1);
    ex.breaker.halfOpenNow('test');
    ex.breaker.onFailure('test'); // a half-open failure: open again, the queue is refused
    expect(isCircuitOpenError(await probe)).toBe(true);
    expect(ex.metrics.stats().rejections.breaker).toBe(1);
    release();
    await holder;
    expect(ex.pool.inFlight).toBe(0);
  });
});

describe('request bound during an outage', () => {
  it('PostgreSQL down: each call sends at most maxAttempts requests, whatever supabase-js would retry', async () => {
    const ex = testExecutor('service', {
      maxAttempts: 3,
      timeoutMs: 2_000,
      backoffBaseMs: 10,
      backoffCapMs: 20,
      breakerConsecutiveFailures: 1000,
      breakerMinCalls: 1000,
    });
    await faults.stop('postgres');
    await resetGatewayStats();
    const calls = 4;
    for (let i = 0; i < calls; i++) {
      // A GET on a 503 is what supabase-js retries by itself; .retry(true) asks it to.
      await ex.run((db) => db.from('notes').select('id').limit(1).retry(true)).catch(() => {});
    }
    const stats = await gatewayStats();
    expect(stats.total).toBeGreaterThanOrEqual(calls);
    expect(stats.total).toBeLessThanOrEqual(calls * 3);
    expect(stats.total).toBe(calls + ex.metrics.stats().retries);
  });
});
