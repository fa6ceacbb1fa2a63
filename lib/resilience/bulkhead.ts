// A bulkhead: at most `maxConcurrent` operations in flight, a bounded FIFO wait queue with a wait
// timeout, and an immediate typed rejection when the queue is full. Slots pass straight from a
// finishing operation to the next waiter, so a burst cannot overtake the queue. Every waiter has
// the same timeout, so deadlines grow along the queue: one timer, armed for the oldest waiter,
// serves them all (no timer per waiter to create or clear). A waiter is told by callback, so
// refusing a thousand waiters at once costs no promise of the bulkhead's own per waiter.
import { PoolExhaustedError } from './resilience-errors';

export interface BulkheadOptions {
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  readonly queueTimeoutMs: number;
}

export interface BulkheadStats {
  readonly inFlight: number;
  readonly queued: number;
  readonly peakInFlight: number;
  readonly peakQueued: number;
  readonly rejectedQueueFull: number;
  readonly rejectedQueueTimeout: number;
}

/** Told once whether it got a slot. Either may be called synchronously from wait(). */
export interface SlotWaiter {
  /** The slot is this waiter's now (it must release() it when done). */
  granted(): void;
  /** No slot: queue full, queue timeout, the caller's abort, or rejectWaiting(). */
  refused(err: unknown): void;
  /**
   * What rejectWaiting() calls instead of refused(), when given: a promise's own reject, say, so
   * that refusing a thousand waiters runs none of their owner's code per waiter.
   */
  readonly dropped?: (err: Error) => void;
  /** What rejectWaiting() counts the waiter under. */
  readonly tag?: string;
}

/** Waiters refused together, counted by tag in runs of one tag (queue order). */
export interface RefusedRun {
  readonly tag: string | undefined;
  n: number;
}

interface Waiter {
  readonly slot: SlotWaiter;
  /** Epoch milliseconds past which it gets queue-timeout. */
  deadline: number;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  done: boolean;
}

export class Bulkhead {
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  readonly queueTimeoutMs: number;
  private running = 0;
  private waiting = 0;
  private queue: Waiter[] = [];
  private head = 0;
  private peakRunning = 0;
  private peakWaiting = 0;
  private rejectedFull = 0;
  private rejectedTimeout = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(opts: BulkheadOptions) {
    if (!Number.isInteger(opts.maxConcurrent) || opts.maxConcurrent < 1) {
      throw new RangeError(`maxConcurrent must be a positive integer, got ${opts.maxConcurrent}`);
    }
    if (!Number.isInteger(opts.maxQueue) || opts.maxQueue < 0)
      throw new RangeError(`maxQueue must be an integer ≥ 0, got ${opts.maxQueue}`);
    if (!(opts.queueTimeoutMs > 0))
      throw new RangeError(`queueTimeoutMs must be > 0, got ${opts.queueTimeoutMs}`);
    this.maxConcurrent = opts.maxConcurrent;
    this.maxQueue = opts.maxQueue;
    this.queueTimeoutMs = opts.queueTimeoutMs;
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting;
  }

  /** In flight / max, 0..1. */
  get utilization(): number {
    return this.running / this.maxConcurrent;
  }

  /** Takes a slot if one is free now (the fast path: no promise, no timer). */
  tryAcquire(): boolean {
    if (this.running >= this.maxConcurrent || this.waiting > 0) return false;
    this.running += 1;
    if (this.running > this.peakRunning) this.peakRunning = this.running;
    return true;
  }

  /**
   * Waits for a slot.
   * @throws PoolExhaustedError 'queue-full' at once, or 'queue-timeout' after queueTimeoutMs.
   * @throws the signal's reason when the caller aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((granted, refused) => this.wait({ granted, refused }, signal));
  }

  /**
   * Waits for a slot and tells `slot` the outcome: granted() with the slot, or refused() with
   * PoolExhaustedError ('queue-full' at once, 'queue-timeout' after queueTimeoutMs), the signal's
   * reason when the caller aborts, or the error given to rejectWaiting().
   */
  wait(slot: SlotWaiter, signal?: AbortSignal): void {
    if (this.tryAcquire()) return slot.granted();
    if (signal?.aborted) return slot.refused(abortReason(signal));
    if (this.waiting >= this.maxQueue) {
      this.rejectedFull += 1;
      return slot.refused(
        new PoolExhaustedError(
          'queue-full',
          `pool is full: ${this.running} in flight, ${this.waiting} waiting (max ${this.maxQueue})`,
        ),
      );
    }
    const w: Waiter = {
      slot,
      deadline: Date.now() + this.queueTimeoutMs,
      signal,
      onAbort: undefined,
      done: false,
    };
    if (signal) {
      w.onAbort = () => this.leave(w, abortReason(signal));
      signal.addEventListener('abort', w.onAbort, { once: true });
    }
    this.queue.push(w);
    this.waiting += 1;
    if (this.waiting > this.peakWaiting) this.peakWaiting = this.waiting;
    this.timer ??= this.arm(this.queueTimeoutMs);
  }

  /** Gives a slot back: to the next waiter if there is one. */
  release(): void {
    while (this.head < this.queue.length) {
      const w = this.queue[this.head]!;
      this.queue[this.head++] = undefined as unknown as Waiter;
      this.compact();
      if (w.done) continue;
      this.settle(w);
      w.slot.granted();
      return;
    }
    if (this.running > 0) this.running -= 1;
  }

  /**
   * Rejects every waiting caller at once with `err` (their dependency is known to be down: there
   * is no point in waiting for a slot), each by its `dropped` if it has one, else `refused`.
   * Returns how many were rejected, by tag.
   */
  rejectWaiting(err: Error): RefusedRun[] {
    // One tight pass (a breaker opening can refuse a thousand waiters in one task): the queue is
    // detached first, so a waiter that queues again from its callback joins a fresh queue.
    const queue = this.queue;
    const head = this.head;
    this.queue = [];
    this.head = 0;
    this.disarm();
    const runs: RefusedRun[] = [];
    let run: RefusedRun | undefined;
    for (let i = head; i < queue.length; i++) {
      const w = queue[i]!;
      if (w.done) continue;
      w.done = true;
      this.waiting -= 1;
      if (w.onAbort) w.signal!.removeEventListener('abort', w.onAbort);
      const slot = w.slot;
      if (run !== undefined && run.tag === slot.tag) run.n += 1;
      else runs.push((run = { tag: slot.tag, n: 1 }));
      try {
        if (slot.dropped) slot.dropped(err);
        else slot.refused(err);
      } catch {
        // One waiter's failing callback must not keep the others waiting.
      }
    }
    return runs;
  }

  stats(): BulkheadStats {
    return {
      inFlight: this.running,
      queued: this.waiting,
      peakInFlight: this.peakRunning,
      peakQueued: this.peakWaiting,
      rejectedQueueFull: this.rejectedFull,
      rejectedQueueTimeout: this.rejectedTimeout,
    };
  }

  private leave(w: Waiter, err: unknown): void {
    if (w.done) return;
    this.settle(w);
    try {
      w.slot.refused(err);
    } catch {
      // As in rejectWaiting: the queue goes on (this runs from the timer or an abort).
    }
  }

  private settle(w: Waiter): void {
    w.done = true;
    this.waiting -= 1;
    if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
    if (this.waiting === 0) this.disarm();
  }

  private arm(ms: number): ReturnType<typeof setTimeout> {
    const t = setTimeout(() => this.expire(), Math.max(1, ms));
    t.unref?.();
    return t;
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Times out every waiter whose deadline passed, oldest first; re-arms for the next one. */
  private expire(): void {
    this.timer = undefined;
    const now = Date.now();
    for (let i = this.head; i < this.queue.length; i++) {
      const w = this.queue[i]!;
      if (w.done) continue;
      if (w.deadline > now) {
        this.timer = this.arm(w.deadline - now);
        return;
      }
      this.rejectedTimeout += 1;
      this.leave(
        w,
        new PoolExhaustedError(
          'queue-timeout',
          `no pool slot freed within ${this.queueTimeoutMs} ms`,
        ),
      );
    }
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}
