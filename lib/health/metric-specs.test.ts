import { describe, expect, it } from 'vitest';
import type { DbKindSnapshot } from '../db';
import { checkSpecs } from './metric-spec';
import { METRIC_SPECS, notClosedSeconds } from './metric-specs';

type Breaker = DbKindSnapshot['breaker'];
const kind = (breaker: Pick<Breaker, 'state' | 'transitions'>) =>
  ({ breaker }) as unknown as DbKindSnapshot;

describe('METRIC_SPECS', () => {
  it('passes the naming rules', () => {
    expect(() => checkSpecs(METRIC_SPECS)).not.toThrow();
  });

  it('declares the names monitoring/ relies on', () => {
    expect(METRIC_SPECS.map((s) => `${s.type} ${s.name}`)).toEqual(
      expect.arrayContaining([
        'counter db_calls_total',
        'histogram db_call_duration_seconds',
        'counter db_rejections_total',
        'gauge db_pool_utilization_ratio',
        'gauge db_breaker_state',
        'gauge db_breaker_not_closed_seconds',
        'counter cache_lookups_total',
        'histogram cache_command_duration_seconds',
        'gauge redis_up',
        'gauge health_ready',
      ]),
    );
  });
});

describe('notClosedSeconds', () => {
  it('is 0 while closed', () => {
    expect(
      notClosedSeconds(kind({ state: { name: 'closed', since: 0 }, transitions: [] }), 9e3),
    ).toBe(0);
  });

  it('counts open → half-open → open as one spell from when it left closed', () => {
    const transitions = [
      { from: 'closed', to: 'open', at: 1_000, reason: 'x' },
      { from: 'open', to: 'half-open', at: 6_000, reason: 'x' },
      { from: 'half-open', to: 'open', at: 6_100, reason: 'x' },
    ] as const;
    const state = { name: 'open', since: 6_100, reason: 'x', halfOpenAt: 11_100 } as const;
    expect(notClosedSeconds(kind({ state, transitions }), 21_000)).toBe(20);
  });

  it('falls back to the oldest transition when the opening fell off the bounded log', () => {
    const transitions = [
      { from: 'open', to: 'half-open', at: 4_000, reason: 'x' },
      { from: 'half-open', to: 'open', at: 4_100, reason: 'x' },
    ] as const;
    const state = { name: 'open', since: 4_100, reason: 'x', halfOpenAt: 9_100 } as const;
    expect(notClosedSeconds(kind({ state, transitions }), 10_000)).toBe(6);
  });
});
