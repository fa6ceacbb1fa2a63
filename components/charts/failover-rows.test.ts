import { describe, expect, it } from 'vitest';
import { failoverBands, type FailoverTransitionRow } from './failover-rows';

const t = (
  kind: 'service' | 'anon',
  at: number,
  to: 'primary' | 'failover',
): FailoverTransitionRow => ({
  kind,
  at,
  to,
  from: to === 'failover' ? 'primary' : 'failover',
  reason: 'r',
});
const primary = { service: 'primary', anon: 'primary' } as const;

describe('failoverBands', () => {
  it('one primary band when nothing moved', () => {
    expect(failoverBands([], primary, 0, 100)).toEqual([{ from: 0, to: 100, state: 'primary' }]);
  });

  it('a failover spell in the window', () => {
    expect(
      failoverBands([t('service', 20, 'failover'), t('service', 60, 'primary')], primary, 0, 100),
    ).toEqual([
      { from: 0, to: 20, state: 'primary' },
      { from: 20, to: 60, state: 'failover' },
      { from: 60, to: 100, state: 'primary' },
    ]);
  });

  it('overlapping spells of both kinds make one failover band', () => {
    const ts = [
      t('service', 10, 'failover'),
      t('anon', 30, 'failover'),
      t('service', 50, 'primary'),
      t('anon', 70, 'primary'),
    ];
    expect(failoverBands(ts, primary, 0, 100)).toEqual([
      { from: 0, to: 10, state: 'primary' },
      { from: 10, to: 70, state: 'failover' },
      { from: 70, to: 100, state: 'primary' },
    ]);
  });

  it('a spell that began before the window starts it in failover; older transitions are ignored', () => {
    expect(
      failoverBands([t('service', -50, 'failover'), t('service', 40, 'primary')], primary, 0, 100),
    ).toEqual([
      { from: 0, to: 40, state: 'failover' },
      { from: 40, to: 100, state: 'primary' },
    ]);
    expect(failoverBands([], { service: 'failover', anon: 'primary' }, 0, 100)).toEqual([
      { from: 0, to: 100, state: 'failover' },
    ]);
  });
});
