// A fixed-capacity ring of the latest entries (slow calls, transitions): constant memory.

export class BoundedLog<T> {
  readonly capacity: number;
  private readonly ring: (T | undefined)[];
  private next = 0;
  private length = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.ring = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.ring[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    if (this.length < this.capacity) this.length += 1;
  }

  /** Newest first. */
  items(): T[] {
    const out: T[] = [];
    for (let i = 1; i <= this.length; i++) {
      out.push(this.ring[(this.next - i + this.capacity) % this.capacity]!);
    }
    return out;
  }

  /** Oldest first. */
  chronological(): T[] {
    return this.items().reverse();
  }

  get size(): number {
    return this.length;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.length = 0;
  }
}
