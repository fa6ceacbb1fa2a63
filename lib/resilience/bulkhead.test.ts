import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Bulkhead } from './bulkhead';
import { isPoolExhaustedError } from './resilience-errors';

describe('Bulkhead', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('admits up to maxConcurrent at once, then queues in order', async () => {
    const b = new Bulkhead({ maxConcurrent: 2, maxQueue: 5, queueTimeoutMs: 1_000 });
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    expect(b.utilization).toBe(1);
    const order: number[] = [];
    const waits = [1, 2, 3].map((n) => b.acquire().then(() => order.push(n)));
    expect(b.queued).toBe(3);
    b.release();
    b.release();
    b.release();
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3]);
    expect(b.inFlight).toBe(2);
    expect(b.queued).toBe(0);
    b.release();
    b.release();
    expect(b.inFlight).toBe(0);
    expect(b.stats()).toMatchObject({ peakInFlight: 2, peakQueued: 3 });
  });

  it('rejects at once with queue-full when the queue is full', async () => {
    const b = new Bulkhead({ maxConcurrent: 1, maxQueue: 1, queueTimeoutMs: 1_000 });
    b.tryAcquire();
    const waiting = b.acquire();
    const err = await b.acquire().catch((e: unknown) => e);
    expect(isPoolExhaustedError(err) && err.reason).toBe('queue-full');
    b.release();
    await waiting;
    expect(b.stats().rejectedQueueFull).toBe(1);
  });

  it('times a waiter out with queue-timeout and does not hand it a slot later', async () => {
    const b = new Bulkhead({ maxConcurrent: 1, maxQueue: 1, queueTimeoutMs: 500 });
    b.tryAcquire();
    const waiting = b.acquire().catch((e: unknown) => e);
    vi.advanceTimersByTime(500);
    const err = await waiting;
    expect(isPoolExhaustedError(err) && err.reason).toBe('queue-timeout');
    expect(b.queued).toBe(0);
    b.release();
    expect(b.inFlight).toBe(0);
  });

  it('an aborted waiter leaves the queue with the signal reason', async () => {
    const b = new Bulkhead({ maxConcurrent: 1, maxQueue: 2, queueTimeoutMs: 5_000 });
    b.tryAcquire();
    const ac = new AbortController();
    const waiting = b.acquire(ac.signal).catch((e: unknown) => e);
    ac.abort(new Error('caller gave up'));
    expect(((await waiting) as Error).message).toBe('caller gave up');
    expect(b.queued).toBe(0);
    b.release();
    expect(b.inFlight).toBe(0);
  });

  it('does not let a newcomer overtake the queue', async () => {
    const b = new Bulkhead({ maxConcurrent: 1, maxQueue: 2, queueTimeoutMs: 5_000 });
    b.tryAcquire();
    const waiting = b.acquire();
    b.release(); // slot passes to the waiter
    expect(b.tryAcquire()).toBe(false);
    await waiting;
    expect(b.inFlight).toBe(1);
  });

  it('rejectWaiting ends every waiter at once with the given error, and the queue is usable after', async () => {
    const b = new Bulkhead({ maxConcurrent: 1, maxQueue: 10, queueTimeoutMs: 5_000 });
    b.tryAcquire();
    const waits = Array.from({ length: 4 }, () => b.acquire().catch((e: unknown) => e));
    const err = new Error('dependency down');
    expect(b.rejectWaiting(err)).toEqual([{ tag: undefined, n: 4 }]);
    expect(b.queued).toBe(0);
    expect(await Promise.all(waits)).toEqual([err, err, err, err]);
    // No timer left to fire a stale timeout; a new waiter queues and gets the next slot.
    vi.advanceTimersByTime(10_000);
    const next = b.acquire();
    b.release();
    await next;
    expect(b.inFlight).toBe(1);
  });

  it('wait() tells its waiter by callback: rejectWaiting refuses each one before it returns, in order', () => {
    const b = new Bulkhead({ maxConcurrent: 1, maxQueue: 10, queueTimeoutMs: 5_000 });
    const told: string[] = [];
    const waiter = (name: string) => ({
      granted: () => told.push(`${name} granted`),
      refused: (e: unknown) => told.push(`${name} refused: ${(e as Error).message}`),
    });
    b.wait(waiter('a'));
    expect(told).toEqual(['a granted']);
    b.wait(waiter('b'));
    b.wait(waiter('c'));
    expect(told).toEqual(['a granted']);
    expect(b.rejectWaiting(new Error('down'))).toEqual([{ tag: undefined, n: 2 }]);
    expect(told).toEqual(['a granted', 'b refused: down', 'c refused: down']);
    b.wait(waiter('d'));
    b.release();
    expect(told.at(-1)).toBe('d granted');
    expect(b.inFlight).toBe(1);
  });

  it('rejectWaiting ends a waiter by its dropped() when it has one, and counts the waiters by tag in runs', () => {
    const b = new Bulkhead({ maxConcurrent: 1, maxQueue: 10, queueTimeoutMs: 5_000 });
    b.tryAcquire();
    const told: string[] = [];
    const waiter = (name: string, tag: string, drops: boolean) => ({
      granted: () => told.push(`${name} granted`),
      refused: () => told.push(`${name} refused`),
      dropped: drops ? () => told.push(`${name} dropped`) : undefined,
      tag,
    });
    b.wait(waiter('a', 'x', true));
    b.wait(waiter('b', 'x', false));
    b.wait(waiter('c', 'y', true));
    b.wait(waiter('d', 'x', true));
    expect(b.rejectWaiting(new Error('down'))).toEqual([
      { tag: 'x', n: 2 },
      { tag: 'y', n: 1 },
      { tag: 'x', n: 1 },
    ]);
    expect(told).toEqual(['a dropped', 'b refused', 'c dropped', 'd dropped']);
    expect(b.queued).toBe(0);
    expect(b.rejectWaiting(new Error('again'))).toEqual([]);
  });

  it("one waiter's failing callback keeps no other waiter waiting (rejectWaiting, timeout)", () => {
    const b = new Bulkhead({ maxConcurrent: 1, maxQueue: 10, queueTimeoutMs: 1_000 });
    b.tryAcquire();
    const told: string[] = [];
    const waiter = (name: string, fails: boolean) => ({
      granted: () => told.push(`${name} granted`),
      refused: () => {
        told.push(`${name} refused`);
        if (fails) throw new Error(`${name} broke`);
      },
    });
    b.wait(waiter('a', true));
    b.wait(waiter('b', false));
    expect(() => b.rejectWaiting(new Error('down'))).not.toThrow();
    b.wait(waiter('c', true));
    b.wait(waiter('d', false));
    vi.advanceTimersByTime(1_000);
    expect(told).toEqual(['a refused', 'b refused', 'c refused', 'd refused']);
    expect(b.queued).toBe(0);
  });

  it('times out each waiter at its own deadline with one timer for the queue', async () => {
    const b = new Bulkhead({ maxConcurrent: 1, maxQueue: 3, queueTimeoutMs: 1_000 });
    b.tryAcquire();
    const outcome: string[] = [];
    const first = b.acquire().catch(() => outcome.push('first'));
    vi.advanceTimersByTime(400);
    const second = b.acquire().catch(() => outcome.push('second'));
    vi.advanceTimersByTime(600);
    await first;
    expect(outcome).toEqual(['first']);
    expect(b.queued).toBe(1);
    vi.advanceTimersByTime(399);
    await Promise.resolve();
    expect(outcome).toEqual(['first']);
    vi.advanceTimersByTime(1);
    await second;
    expect(outcome).toEqual(['first', 'second']);
    expect(b.stats().rejectedQueueTimeout).toBe(2);
  });

  it('checks its options', () => {
    expect(() => new Bulkhead({ maxConcurrent: 0, maxQueue: 1, queueTimeoutMs: 1 })).toThrow(
      RangeError,
    );
    expect(() => new Bulkhead({ maxConcurrent: 1, maxQueue: -1, queueTimeoutMs: 1 })).toThrow(
      /maxQueue/,
    );
  });
});
