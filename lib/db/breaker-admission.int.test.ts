// The breaker admits every attempt at the moment it is sent: once it opens, nothing but the
// half-open probes leaves for the dependency, calls queued for the pool are short-circuited at once,
// and a call that did reach the dependency ends with its own error, not CircuitOpenError.
import { afterEach, describe, expect, it } from 'vitest';
import { faults, gatewayStats, resetGatewayStats } from '../../scripts/testing/stack';
import { isAppError } from '../errors';
import { isCircuitOpenError } from '../resilience';
import { toResponse } from '../errors';
import { CircuitOpenError } from '../resilience';
import { testExecutor } from './test-support';

afterEach(async () => {
  faults.resume('postgrest');
  await faults.start('postgrest');
});

const ping = { get: true } as const;
// Every time in this file is performance.now() of this process: one cheap clock read per event.
const now = () => performance.now();

const HALF_OPEN_PROBES = 2;

function outageExecutor(onSend: () => void) {
  return testExecutor(
    'service',
    {
      poolSize: 10,
      queueSize: 2_000,
      queueTimeoutMs: 60_000,
      timeoutMs: 400,
      maxAttempts: 3,
      backoffBaseMs: 5,
      backoffCapMs: 20,
      retryMinPerSecond: 1_000,
      breakerConsecutiveFailures: 5,
      breakerMinCalls: 10,
      // Longer than the test: no half-open period starts while it runs.
      breakerResetMs: 60_000,
      breakerHalfOpenProbes: HALF_OPEN_PROBES,
    },
    onSend,
  );
}

describe.each(['stopped', 'paused'] as const)('PostgREST %s', (fault) => {
  it.each([10, 100, 1_000])(
    '%i concurrent calls: after the open transition no request reaches the gateway, queued calls are short-circuited at once',
    async (n) => {
      // When each request left the process: the gateway sees it later (a busy gateway later
      // still), so the bound is checked on send times, and the gateway's count proves that no
      // request went out unseen.
      const sent: number[] = [];
      const ex = outageExecutor(() => sent.push(now()));
      // The transition's time is read before the failure that opens the breaker is recorded, so
      // whatever the executor does at the transition (refusing the queue) counts in the lag.
      let openedAt = Infinity;
      const onFailure = ex.breaker.onFailure.bind(ex.breaker);
      const isOpen = (): boolean => ex.breaker.state.name === 'open';
      ex.breaker.onFailure = (reason) => {
        const at = now();
        const wasOpen = isOpen();
        onFailure(reason);
        if (!wasOpen && isOpen() && openedAt === Infinity) openedAt = at;
      };
      if (fault === 'stopped') await faults.stop('postgrest');
      else faults.pause('postgrest');
      await resetGatewayStats();

      // What each call ended with, and when: the handlers only store (the lag measured is the
      // data layer's, not this test's bookkeeping).
      const endedAt = new Float64Array(n);
      const errors: unknown[] = new Array<unknown>(n).fill(undefined);
      let endedCount = 0;
      let endedBeforeNextTask = -1;
      // This listener runs right after the executor's, which rejects every queued call's promise
      // and records the refusals: by then each queued call has ended (its callers' handlers run
      // later, as promise handlers do).
      let refusedAt = Infinity;
      let queuedAtRefusal = -1;
      ex.breaker.onTransition((t) => {
        if (t.to !== 'open' || refusedAt < Infinity) return;
        refusedAt = now();
        queuedAtRefusal = ex.pool.queued;
        // Anything short-circuited "at once" ends before the event loop's next task.
        setImmediate(() => (endedBeforeNextTask = endedCount));
      });
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          ex
            .run((db) => db.rpc('health_ping', undefined, ping))
            .then(
              () => {
                endedAt[i] = now();
                endedCount += 1;
              },
              (err: unknown) => {
                endedAt[i] = now();
                errors[i] = err;
                endedCount += 1;
              },
            ),
        ),
      );
      const ended = errors.map((err, i) => ({ at: endedAt[i]!, err }));

      expect(openedAt).toBeLessThan(Infinity);
      const { total } = await gatewayStats();
      expect(total).toBe(sent.length);
      const afterOpen = sent.filter((t) => t > openedAt).length;
      expect(afterOpen).toBeLessThanOrEqual(HALF_OPEN_PROBES);

      const shortCircuited = ended.filter((e) => isCircuitOpenError(e.err));
      const attempted = ended.filter((e) => !isCircuitOpenError(e.err));
      // Every call that reached the gateway ended with a database error of its own.
      for (const e of attempted) {
        expect(isAppError(e.err) && e.err.code).toMatch(/^DB_(UNAVAILABLE|TIMEOUT)$/);
      }
      expect(attempted.length).toBeLessThanOrEqual(Math.min(n, 10 + HALF_OPEN_PROBES));
      expect(total).toBeGreaterThanOrEqual(attempted.length);
      if (n > 10) {
        expect(shortCircuited.length).toBeGreaterThanOrEqual(n - 10);
        // Queued calls end at the transition, in the same task: none waits for a timer or I/O.
        expect(endedBeforeNextTask).toBeGreaterThanOrEqual(shortCircuited.length);
        const lags = shortCircuited.map((e) => e.at - openedAt).sort((a, b) => a - b);
        // The queued calls are rejected in one synchronous pass at the transition (the pool is
        // empty when the next listener runs), and promise handlers run only after it: the first
        // caller's handler runs after every queued call has ended. Later handlers wait for the
        // callers' own code ahead of them (the last one here ran after 989 others).
        const allEnded = lags[0]!;
        expect(queuedAtRefusal).toBe(0);
        const refused = refusedAt - openedAt;
        expect(refused).toBeGreaterThanOrEqual(0);
        expect(refused).toBeLessThanOrEqual(allEnded);
        // The target is a millisecond from the transition to every queued call's end. Its figures
        // come from `npm run bench:db` (2b: 990 queued, median 0.06-0.21 ms, the first opening in a
        // process 0.5-1.1 ms). Here, on a 2-core machine that runs the stack and other test files
        // beside this one, a single opening is at times stretched past it by the other processes
        // (recording one counter has taken 0.4 ms in such a run, against 6 µs alone). So the
        // figures are printed and the wall time asserted loosely: a refusal that waited for a
        // timer or I/O is caught by the task check above.
        expect(allEnded).toBeLessThan(10);
        console.log(
          `[admission] ${fault} n=${n}: ${total} requests, ${afterOpen} after open; ` +
            `${shortCircuited.length} short-circuited; all rejected ${refused.toFixed(3)} ms after the ` +
            `opening failure; callers' handlers ran: first ${allEnded.toFixed(3)} ms, ` +
            `median ${lags[lags.length >> 1]!.toFixed(3)} ms, ` +
            `last ${lags[lags.length - 1]!.toFixed(3)} ms`,
        );
      }
      expect(ex.metrics.stats().retries).toBe(total - attempted.length);
      // Each short-circuited call is counted once as a breaker rejection, none as a failure.
      expect(ex.metrics.stats().rejections.breaker).toBe(shortCircuited.length);
      expect(ex.metrics.stats().failures).toBe(attempted.length);
    },
  );
});

describe('a call that reached the database', () => {
  it('ends with its own error when the breaker refuses the retry, and the refused retry is not counted', async () => {
    const ex = testExecutor('service', {
      maxAttempts: 3,
      backoffBaseMs: 5,
      backoffCapMs: 10,
      breakerConsecutiveFailures: 1,
      breakerResetMs: 60_000,
    });
    await faults.stop('postgrest');
    await resetGatewayStats();
    const err = await ex.run((db) => db.rpc('health_ping', undefined, ping)).catch((e) => e);
    expect(isCircuitOpenError(err)).toBe(false);
    expect(err).toMatchObject({ code: 'DB_UNAVAILABLE' });
    expect((err as { context: Record<string, unknown> }).context.retryRefused).toBe('circuit-open');
    expect((await gatewayStats()).total).toBe(1);
    expect(ex.metrics.stats().retries).toBe(0);
    // The next call is refused at once, without a request.
    const next = await ex.run((db) => db.rpc('health_ping', undefined, ping)).catch((e) => e);
    expect(isCircuitOpenError(next)).toBe(true);
    expect((await gatewayStats()).total).toBe(1);
  });
});

describe('Retry-After', () => {
  it("carries the breaker's remaining open time", () => {
    const res = toResponse(new CircuitOpenError('open', { retryAfterMs: 12_300 }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('13');
    const soon = toResponse(new CircuitOpenError('open', { retryAfterMs: 20 }));
    expect(soon.headers.get('retry-after')).toBe('1');
  });
});
