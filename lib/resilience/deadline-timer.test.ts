import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineTimer, type DeadlineEntry } from './deadline-timer';

function entry(deadline: number, fired: string[], name: string): DeadlineEntry {
  return { deadline, onDeadline: () => fired.push(name) };
}

describe('DeadlineTimer', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('fires each entry once, within one resolution of its deadline, and skips cancelled ones', () => {
    const timer = new DeadlineTimer({ resolutionMs: 10 });
    const fired: string[] = [];
    const a = entry(Date.now() + 50, fired, 'a');
    const b = entry(Date.now() + 50, fired, 'b');
    const c = entry(Date.now() + 200, fired, 'c');
    timer.schedule(a);
    timer.schedule(b);
    timer.schedule(c);
    timer.cancel(b);
    expect(timer.pending).toBe(2);
    vi.advanceTimersByTime(49);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(11);
    expect(fired).toEqual(['a']);
    expect(a.expired).toBe(true);
    vi.advanceTimersByTime(200);
    expect(fired).toEqual(['a', 'c']);
    expect(timer.pending).toBe(0);
  });

  it('uses one interval however many entries, and stops it when idle', () => {
    const timer = new DeadlineTimer({ resolutionMs: 5 });
    const fired: string[] = [];
    const entries = Array.from({ length: 1000 }, (_, i) =>
      entry(Date.now() + 100, fired, String(i)),
    );
    for (const e of entries) timer.schedule(e);
    expect(vi.getTimerCount()).toBe(1);
    for (const e of entries) timer.cancel(e);
    vi.advanceTimersByTime(10);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(200);
    expect(fired).toEqual([]);
  });

  it('fires an entry whose deadline already passed on the next tick', () => {
    const timer = new DeadlineTimer({ resolutionMs: 5 });
    const fired: string[] = [];
    timer.schedule(entry(Date.now() - 100, fired, 'late'));
    vi.advanceTimersByTime(5);
    expect(fired).toEqual(['late']);
  });

  it('cancel after firing changes nothing', () => {
    const timer = new DeadlineTimer({ resolutionMs: 5 });
    const fired: string[] = [];
    const e = entry(Date.now() + 5, fired, 'e');
    timer.schedule(e);
    vi.advanceTimersByTime(10);
    timer.cancel(e);
    expect(timer.pending).toBe(0);
  });
});
