// Remembers a pure function's answers for the last distinct keys, forgetting them all at once
// when full: the PostgREST paths and URLs of an app repeat (its queries are code), so most
// requests are answered from memory, and memory stays bounded whatever the traffic.

export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();
  private readonly size: number;

  /** @throws RangeError when `size` is not a positive integer. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`size must be a positive integer, got ${size}`);
    this.size = size;
  }

  /** The answer for `key`, computing it with `compute` the first time. */
  get(key: string, compute: (key: string) => V): V {
    const known = this.entries.get(key);
    if (known !== undefined || this.entries.has(key)) return known as V;
    const value = compute(key);
    if (this.entries.size >= this.size) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}
