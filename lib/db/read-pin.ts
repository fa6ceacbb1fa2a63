// Read-your-writes: a caller that wrote holds a pin, and its replica-ok reads go to the primary
// until a replica could have replayed the write (DB_REPLICA_MAX_LAG_MS plus a probe interval).

export class ReadPin {
  private wroteAt = -Infinity;
  private readonly clock: () => number;

  constructor(clock: () => number = Date.now) {
    this.clock = clock;
  }

  /** Records a write (the data layer calls it for every call made with this pin that may write). */
  wrote(): void {
    this.wroteAt = this.clock();
  }

  /** True while a write made through this pin is younger than `windowMs`. */
  pinned(windowMs: number): boolean {
    return this.clock() - this.wroteAt < windowMs;
  }
}
