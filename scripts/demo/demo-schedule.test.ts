// The demo's mix over simulated minutes (a seeded random source, no server).
import { describe, expect, it } from 'vitest';
import {
  DEMO_MIX,
  LIST_LIMITS,
  OVERVIEW_LIMITS,
  demoTick,
  type DemoRequest,
} from './demo-schedule.ts';

/** mulberry32: a small seeded generator, so each run sees the same sequence. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const perSecond = 8;
const users = 8;

function simulate(seconds: number, seed = 1): Array<{ tick: number; reqs: DemoRequest[] }> {
  const random = seeded(seed);
  return Array.from({ length: seconds * perSecond }, (_, tick) => ({
    tick,
    reqs: demoTick(tick, { perSecond, users, random }),
  }));
}

const count = (ticks: ReturnType<typeof simulate>, kind: DemoRequest['kind']) =>
  ticks.flatMap((t) => t.reqs).filter((r) => r.kind === kind).length;

describe('demoTick', () => {
  it('climbs to its full rate over the first 30 s', () => {
    const ticks = simulate(60);
    const sent = (fromS: number, toS: number) =>
      ticks.slice(fromS * perSecond, toS * perSecond).filter((t) => t.reqs.length > 0).length;
    expect(sent(0, 10)).toBeLessThan(0.3 * 10 * perSecond);
    expect(sent(10, 20)).toBeGreaterThan(sent(0, 10));
    expect(sent(20, 30)).toBeGreaterThan(sent(10, 20));
    expect(sent(30, 60)).toBe(30 * perSecond);
  });

  it('then sends one request a tick from the mix, mostly cached reads', () => {
    const ticks = simulate(600).slice(DEMO_MIX.rampS * perSecond);
    const all = ticks.flatMap((t) => t.reqs);
    expect(ticks.every((t) => t.reqs.length >= 1)).toBe(true);
    const share = (kind: DemoRequest['kind']) => count(ticks, kind) / ticks.length;
    expect(share('list')).toBeGreaterThan(0.8);
    expect(share('overview')).toBeGreaterThan(0.09);
    // Writes, bursts included, stay rare: each one costs the writer's cached lists.
    expect(share('create')).toBeLessThan(0.1);
    for (const r of all) {
      if (r.kind === 'list') {
        expect(LIST_LIMITS).toContain(r.limit);
        expect(r.user).toBeGreaterThanOrEqual(0);
        expect(r.user).toBeLessThan(users);
      }
      if (r.kind === 'overview') expect(OVERVIEW_LIMITS).toContain(r.limit);
    }
  });

  it('a slow query within the first minute, then one every 40 s, each above any slow threshold', () => {
    // Not at once: the first seconds' calls are few (and the slowest, cold), and one slow call
    // among them would be their p95.
    const ticks = simulate(140);
    const slow = ticks.filter((t) => t.reqs.some((r) => r.kind === 'slow-query'));
    expect(slow.map((t) => t.tick / perSecond)).toEqual([50, 90, 130]);
    for (const r of slow.flatMap((t) => t.reqs))
      if (r.kind === 'slow-query') {
        expect(r.ms).toBeGreaterThanOrEqual(DEMO_MIX.slowQuery.minMs);
        expect(r.ms).toBeLessThanOrEqual(DEMO_MIX.slowQuery.maxMs);
      }
  });

  it('bursts of writes by different users at once', () => {
    const bursts = simulate(60).filter((t) => t.reqs.filter((r) => r.kind === 'create').length > 1);
    expect(bursts.map((t) => t.tick / perSecond)).toEqual([32, 52]);
    for (const b of bursts) {
      const writers = b.reqs.flatMap((r) => (r.kind === 'create' ? [r.user] : []));
      expect(new Set(writers.slice(-DEMO_MIX.burst.size)).size).toBe(DEMO_MIX.burst.size);
    }
  });

  it('one caller error every 3 minutes, the first within 2 minutes', () => {
    const ticks = simulate(600);
    const errors = ticks.filter((t) => t.reqs.some((r) => r.kind === 'foreign-key-write'));
    expect(errors.map((t) => t.tick / perSecond)).toEqual([100, 280, 460]);
  });

  it('refuses options it cannot schedule', () => {
    const random = seeded(2);
    expect(() => demoTick(0, { perSecond: 0, users, random })).toThrow(RangeError);
    expect(() => demoTick(0, { perSecond, users: 1, random })).toThrow(RangeError);
  });
});
