import { describe, expect, it } from 'vitest';
import { CacheMetrics } from './cache-metrics';

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('CacheMetrics', () => {
  it('counts lifetime and recent figures and their hit rates', () => {
    const clock = fakeClock();
    const m = new CacheMetrics({ clock: clock.now });
    expect(m.counters().hitRate).toBe(0);
    m.count('hits', 3);
    m.count('misses');
    m.count('sets');
    m.count('bypasses', 2);
    m.command(1);
    m.command(3);
    expect(m.counters()).toMatchObject({ hits: 3, misses: 1, hitRate: 0.75, sets: 1, bypasses: 2 });
    expect(m.recent(60_000)).toMatchObject({ hits: 3, misses: 1, lookups: 4, hitRate: 0.75 });
    expect(m.recent(60_000).latency.count).toBe(2);
    expect(m.latencySummary().count).toBe(2);

    // Two minutes later only the new lookups are recent; lifetime keeps everything.
    clock.advance(120_000);
    m.count('misses', 4);
    expect(m.recent(60_000)).toMatchObject({ hits: 0, misses: 4, lookups: 4, hitRate: 0 });
    expect(m.counters()).toMatchObject({ hits: 3, misses: 5, hitRate: 3 / 8 });
  });

  it('keeps errors by kind and the last one, redacted, with its time', () => {
    const clock = fakeClock();
    const m = new CacheMetrics({ clock: clock.now });
    m.error('timeout', 'Command timed out');
    clock.advance(10);
    m.error(
      'connection',
      'connect ECONNREFUSED 127.0.0.1:6379 via redis://:pw@h:1',
      'ECONNREFUSED',
    );
    expect(m.counters()).toMatchObject({
      errors: 2,
      errorsByKind: { timeout: 1, connection: 1, other: 0 },
    });
    expect(m.lastError).toEqual({
      kind: 'connection',
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED [host] via redis://[redacted]',
      at: clock.now(),
    });
  });

  it('follows the connection and counts each loss once, however many attempts follow', () => {
    const m = new CacheMetrics({ clock: fakeClock().now });
    expect(m.status).toBe('connecting');
    m.setStatus('ready');
    m.setStatus('reconnecting');
    m.setStatus('reconnecting');
    m.setStatus('connecting');
    m.setStatus('reconnecting');
    expect(m.reconnects).toBe(2);
    m.setStatus('ready');
    expect(m.status).toBe('ready');
    expect(m.history(5_000).at(-1)?.gauges.connected).toBe(1);
  });

  it('keeps the history in fixed 5 s buckets, zero-filled', () => {
    const clock = fakeClock(0);
    const m = new CacheMetrics({ clock: clock.now });
    m.count('hits');
    clock.advance(5_000);
    m.count('misses', 2);
    clock.advance(5_000);
    const points = m.history(15_000);
    expect(points.map((p) => p.t)).toEqual([0, 5_000, 10_000]);
    expect(points.map((p) => [p.counters.hits, p.counters.misses])).toEqual([
      [1, 0],
      [0, 2],
      [0, 0],
    ]);
    // An hour of buckets at most, however long the process runs.
    clock.advance(10 * 3_600_000);
    expect(m.history(24 * 3_600_000)).toHaveLength(720);
  });

  it('refuses bad counts and bad series shapes', () => {
    const m = new CacheMetrics();
    expect(() => m.count('hits', -1)).toThrow(RangeError);
    expect(() => m.count('hits', 1.5)).toThrow(RangeError);
    expect(() => new CacheMetrics({ bucketMs: 0 })).toThrow(RangeError);
  });
});
