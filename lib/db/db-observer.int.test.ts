// The observer hooks (how tracing attaches) against the real stack: one observation per call,
// one per attempt with the decision that followed it, and rejections with no attempt.
import { afterEach, describe, expect, it } from 'vitest';
import { faults, gatewayStats, resetGatewayStats } from '../../scripts/testing/stack';
import type { DbObserver } from './db-observer';
import { testExecutor } from './test-support';

afterEach(async () => {
  await faults.start('postgrest');
});

function recorder() {
  const events: string[] = [];
  const observer: DbObserver = {
    callStarted(call) {
      events.push(`call ${call.kind} ${call.label} ${call.breakerState}`);
      return {
        attemptStarted(n) {
          events.push(`attempt ${n}`);
          return {
            headers: { 'x-observed': String(n) },
            ended: (e) => events.push(`attempt ${n} ${e.error ? e.error.name : 'ok'} ${e.next}`),
          };
        },
        rejected: (by, err) => events.push(`rejected ${by} ${err.name}`),
        retryRefused: (reason) => events.push(`retry refused ${reason}`),
        ended: (outcome, attempts) => events.push(`ended ${outcome} ${attempts}`),
      };
    },
  };
  return { events, observer };
}

describe('DbObserver', () => {
  it('a call retried twice: three attempts, each with what followed; the gateway saw three', async () => {
    const ex = testExecutor('service', {
      maxAttempts: 3,
      backoffBaseMs: 5,
      backoffCapMs: 10,
      breakerConsecutiveFailures: 100,
    });
    const { events, observer } = recorder();
    ex.observer = observer;
    await faults.stop('postgrest');
    await resetGatewayStats();
    await expect(
      ex.run((db) => db.rpc('health_ping', undefined, { get: true }), { context: 'test.observed' }),
    ).rejects.toMatchObject({ code: 'DB_UNAVAILABLE' });
    expect((await gatewayStats()).total).toBe(3);
    expect(events).toEqual([
      'call service test.observed closed',
      'attempt 1',
      'attempt 1 DbUnavailableError retry',
      'attempt 2',
      'attempt 2 DbUnavailableError retry',
      'attempt 3',
      'attempt 3 DbUnavailableError attempts-exhausted',
      'ended DB_UNAVAILABLE 3',
    ]);
  });

  it('a breaker rejection: the call is rejected with no attempt', async () => {
    const ex = testExecutor('service', { maxAttempts: 1, breakerConsecutiveFailures: 1 });
    await faults.stop('postgrest');
    await ex.run((db) => db.rpc('health_ping', undefined, { get: true })).catch(() => {});
    const { events, observer } = recorder();
    ex.observer = observer;
    await ex.run((db) => db.rpc('health_ping', undefined, { get: true })).catch(() => {});
    expect(events).toEqual([
      'call service database call open',
      'rejected breaker CircuitOpenError',
    ]);
  });

  it('calls queued when the breaker opens: each observed call is told, every one counted once by operation', async () => {
    const ex = testExecutor('service', {
      poolSize: 1,
      maxAttempts: 1,
      breakerConsecutiveFailures: 1,
      breakerResetMs: 60_000,
    });
    const { events, observer } = recorder();
    await faults.stop('postgrest');
    const ping = (db: Parameters<Parameters<typeof ex.run>[0]>[0]) =>
      db.rpc('health_ping', undefined, { get: true });
    // The first call holds the only slot; two observed and two unobserved calls queue behind it.
    const first = ex.run(ping, { context: 'test.first' }).catch((e: unknown) => e);
    ex.observer = observer;
    const observed = [1, 2].map(() => ex.run(ping, { context: 'test.a' }).catch((e) => e));
    ex.observer = undefined;
    const unobserved = [
      ex.run(ping, { context: 'test.a' }).catch((e: unknown) => e),
      ex.run(ping, { context: 'test.b' }).catch((e: unknown) => e),
    ];
    expect(ex.pool.queued).toBe(4);
    expect(await first).toMatchObject({ code: 'DB_UNAVAILABLE' });
    for (const err of await Promise.all([...observed, ...unobserved]))
      expect(err).toMatchObject({ name: 'CircuitOpenError' });
    expect(events.filter((e) => e.startsWith('rejected'))).toEqual([
      'rejected breaker CircuitOpenError',
      'rejected breaker CircuitOpenError',
    ]);
    const ops = new Map(ex.metrics.operations.all().map((o) => [o.name, o.counts.rejectedBreaker]));
    expect(ops.get('test.a')).toBe(3);
    expect(ops.get('test.b')).toBe(1);
    expect(ex.metrics.stats().rejections.breaker).toBe(4);
  });

  it('an observer that throws when an attempt starts fails that call, on a free slot or after a wait, and frees its slot', async () => {
    const ex = testExecutor('service', { poolSize: 1, maxAttempts: 1 });
    const broken = new Error('observer broke');
    const { observer } = recorder();
    const failing: DbObserver = {
      callStarted: (call) => ({
        ...observer.callStarted(call)!,
        attemptStarted: () => {
          throw broken;
        },
      }),
    };
    let release!: () => void;
    const holder = ex.run(() => new Promise<void>((r) => (release = r)));
    ex.observer = failing;
    // Queued behind the holder: its first attempt starts when the slot passes to it.
    const queued = ex.run((db) => db.rpc('health_ping', undefined, { get: true }));
    expect(ex.pool.queued).toBe(1);
    release();
    await holder;
    await expect(queued).rejects.toBe(broken);
    // On a free slot: a rejection too, not a throw out of run().
    let outcome: unknown;
    try {
      outcome = await ex
        .run((db) => db.rpc('health_ping', undefined, { get: true }))
        .catch((e) => e);
    } catch (thrown) {
      outcome = `threw ${String(thrown)}`;
    }
    expect(outcome).toBe(broken);
    expect(ex.pool.inFlight).toBe(0);
    expect(ex.metrics.stats().failures).toBe(2);
  });

  it('an observer that throws when told of a rejection keeps no queued call from ending at an opening', async () => {
    const ex = testExecutor('service', {
      poolSize: 1,
      maxAttempts: 1,
      breakerConsecutiveFailures: 1,
      breakerResetMs: 60_000,
    });
    await faults.stop('postgrest');
    const ping = { get: true } as const;
    const first = ex.run((db) => db.rpc('health_ping', undefined, ping)).catch((e: unknown) => e);
    const { observer } = recorder();
    ex.observer = {
      callStarted: (call) => ({
        ...observer.callStarted(call)!,
        rejected: () => {
          throw new Error('observer broke');
        },
      }),
    };
    const queued = [1, 2, 3].map(() =>
      ex.run((db) => db.rpc('health_ping', undefined, ping)).catch((e: unknown) => e),
    );
    expect(ex.pool.queued).toBe(3);
    expect(await first).toMatchObject({ code: 'DB_UNAVAILABLE' });
    for (const err of await Promise.all(queued))
      expect(err).toMatchObject({ name: 'CircuitOpenError' });
    expect(ex.metrics.stats().rejections.breaker).toBe(3);
  });

  it("a success: one attempt, whose requests carry the observer's headers", async () => {
    const seen: unknown[] = [];
    const ex = testExecutor('service', {}, (headers) => seen.push(headers['x-observed']));
    const { events, observer } = recorder();
    ex.observer = observer;
    expect(await ex.run((db) => db.rpc('health_ping', undefined, { get: true }))).toBe(1);
    expect(events.slice(1)).toEqual(['attempt 1', 'attempt 1 ok success', 'ended success 1']);
    expect(seen).toEqual(['1']);
  });
});
