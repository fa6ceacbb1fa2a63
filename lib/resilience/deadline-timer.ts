// Deadlines for many concurrent operations on one unref'd interval, so the fast path of a call
// creates no timer of its own: schedule and cancel are O(1) (a hashed wheel keyed by tick, with
// lazy cancellation). An entry fires at most `resolutionMs` late.

export interface DeadlineEntry {
  /** Epoch milliseconds (same clock as the timer's). */
  deadline: number;
  expired?: boolean;
  cancelled?: boolean;
  /** The timer's bookkeeping: where the entry sits, so cancel can drop it at once. */
  slot?: DeadlineEntry[] | undefined;
  slotIndex?: number;
  onDeadline(): void;
}

export interface DeadlineTimerOptions {
  readonly resolutionMs?: number;
  readonly clock?: () => number;
}

export class DeadlineTimer {
  readonly resolutionMs: number;
  private readonly clock: () => number;
  private readonly wheel = new Map<number, DeadlineEntry[]>();
  private handle: ReturnType<typeof setInterval> | undefined;
  private lastTick = 0;
  private live = 0;

  constructor(opts: DeadlineTimerOptions = {}) {
    const resolutionMs = opts.resolutionMs ?? 10;
    if (!Number.isInteger(resolutionMs) || resolutionMs < 1) {
      throw new RangeError(`resolutionMs must be a positive integer, got ${resolutionMs}`);
    }
    this.resolutionMs = resolutionMs;
    this.clock = opts.clock ?? Date.now;
  }

  /** Entries scheduled and neither fired nor cancelled. */
  get pending(): number {
    return this.live;
  }

  schedule(entry: DeadlineEntry): void {
    entry.expired = false;
    entry.cancelled = false;
    const tick = Math.ceil(entry.deadline / this.resolutionMs);
    if (this.handle === undefined) {
      this.lastTick = Math.floor(this.clock() / this.resolutionMs);
      this.handle = setInterval(() => this.tick(), this.resolutionMs);
      this.handle.unref?.();
    }
    const due = tick <= this.lastTick ? this.lastTick + 1 : tick;
    let slot = this.wheel.get(due);
    if (!slot) this.wheel.set(due, (slot = []));
    entry.slot = slot;
    entry.slotIndex = slot.length;
    slot.push(entry);
    this.live += 1;
  }

  /** Drops the entry from its slot (swap with the last), so nothing keeps it alive. */
  cancel(entry: DeadlineEntry): void {
    if (entry.cancelled || entry.expired) return;
    entry.cancelled = true;
    this.live -= 1;
    const slot = entry.slot;
    if (slot) {
      const last = slot.pop()!;
      if (last !== entry) {
        const i = entry.slotIndex!;
        slot[i] = last;
        last.slotIndex = i;
      }
      entry.slot = undefined;
    }
  }

  /** Fires every entry due by now; called by the interval (and by tests driving a fake clock). */
  tick(): void {
    const now = Math.floor(this.clock() / this.resolutionMs);
    for (let t = this.lastTick + 1; t <= now; t++) {
      const slot = this.wheel.get(t);
      if (!slot) continue;
      this.wheel.delete(t);
      for (const entry of slot) {
        if (entry.cancelled || entry.expired) continue;
        entry.expired = true;
        entry.slot = undefined;
        this.live -= 1;
        try {
          entry.onDeadline();
        } catch {
          // A failing callback must not stop the others from firing.
        }
      }
    }
    if (now > this.lastTick) this.lastTick = now;
    if (this.live === 0) this.stop();
  }

  /** Stops the interval and forgets every entry (all are cancelled or fired once live is 0). */
  stop(): void {
    if (this.handle !== undefined) clearInterval(this.handle);
    this.handle = undefined;
    this.wheel.clear();
    this.live = 0;
  }
}
