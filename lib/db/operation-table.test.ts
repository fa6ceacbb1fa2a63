import { describe, expect, it } from 'vitest';
import { OTHER_OPERATION, OperationTable } from './operation-table';

describe('OperationTable', () => {
  it('keeps each operation apart, normalising labels that carry parameters', () => {
    const t = new OperationTable(100);
    t.finished('GET /api/notes/1', 2, 'success');
    t.finished('GET /api/notes/2', 4, 'DB_TIMEOUT');
    t.finished('notes.create', 9, 'success');
    t.retried('notes.create');
    t.rejected('notes.create', 'breaker');
    const byName = Object.fromEntries(t.all().map((o) => [o.name, o]));
    expect(Object.keys(byName)).toEqual(['GET /api/notes/:n', 'notes.create']);
    expect(byName['GET /api/notes/:n']!.counts).toMatchObject({
      calls: 2,
      successes: 1,
      failures: 1,
    });
    expect(Object.fromEntries(byName['GET /api/notes/:n']!.failuresByCode)).toEqual({
      DB_TIMEOUT: 1,
    });
    expect(byName['notes.create']!.counts).toMatchObject({ retries: 1, rejectedBreaker: 1 });
    expect(byName['notes.create']!.latency.count).toBe(1);
  });

  it('10,000 distinct operations: 100 kept, the rest under other, the overflow counted, memory flat', () => {
    const t = new OperationTable(100);
    const letters = (i: number) => i.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)]!);
    // Warm up with the first 100 (the table's own memory), then measure the other 9,900.
    for (let i = 0; i < 100; i++) t.finished(`op ${letters(i)}`, 1, 'success');
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    for (let round = 0; round < 3; round++)
      for (let i = 100; i < 10_000; i++) t.finished(`op ${letters(i)}`, 1, 'success');
    globalThis.gc?.();
    const grown = process.memoryUsage().heapUsed - before;
    const all = t.all();
    expect(all).toHaveLength(101);
    expect(all.at(-1)!.name).toBe(OTHER_OPERATION);
    expect(all.at(-1)!.counts.calls).toBe(3 * 9_900);
    expect(t.overflowCalls).toBe(3 * 9_900);
    // The label cache is bounded too: no entry per distinct label beyond 1,000.
    expect(t.labelsRemembered).toBe(1_000);
    expect(grown).toBeLessThan(8 * 1_048_576);
  });

  it('checks its cap', () => {
    expect(() => new OperationTable(0)).toThrow(RangeError);
  });
});
