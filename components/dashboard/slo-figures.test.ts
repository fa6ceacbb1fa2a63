import { describe, expect, it } from 'vitest';
import type { SloFigures, SloView } from '@/lib/health';
import {
  budgetCoverage,
  budgetTone,
  burnLevel,
  formatBudgetLeft,
  formatBurn,
  formatObjective,
  sloPanelRows,
} from './slo-figures';

const budget = (b: Partial<SloFigures['budget']>): SloFigures['budget'] => ({
  left: 1,
  events: 0,
  bad: 0,
  since: null,
  coveredDays: 0,
  partial: true,
  ...b,
});

const figures = (objective: number): SloFigures => ({
  objective,
  budget: budget({}),
  burnRates: { '5m': 0, '30m': 0, '1h': 0, '6h': 0, '3d': 0 },
});

describe('burn rates', () => {
  it('are levelled as the multi-window alerts page: 14.4×, 6×, 1×', () => {
    expect(burnLevel(0)).toBe('ok');
    expect(burnLevel(0.99)).toBe('ok');
    expect(burnLevel(1)).toBe('spending');
    expect(burnLevel(6)).toBe('fast');
    expect(burnLevel(14.39)).toBe('fast');
    expect(burnLevel(14.4)).toBe('page');
  });
  it('are written as multiples', () => {
    expect(formatBurn(0)).toBe('0.00×');
    expect(formatBurn(0.4219)).toBe('0.42×');
    expect(formatBurn(14.4)).toBe('14.4×');
    expect(formatBurn(Number.NaN)).toBe('—');
  });
});

describe('the error budget', () => {
  it('left, or overspent', () => {
    expect(formatBudgetLeft(1)).toBe('100.0% left');
    expect(formatBudgetLeft(0.931)).toBe('93.1% left');
    expect(formatBudgetLeft(-0.2)).toBe('overspent by 20.0%');
    expect(budgetTone(0.8)).toBe('pass');
    expect(budgetTone(0.3)).toBe('warn');
    expect(budgetTone(0)).toBe('fail');
  });
  it('says it is partial, and over how long, until the history covers the period', () => {
    expect(budgetCoverage(budget({ coveredDays: 1, since: '2026-11-23' }), 30)).toBe(
      'partial: over 1 day of 30 (since 2026-11-23)',
    );
    expect(budgetCoverage(budget({ coveredDays: 12, since: '2026-11-12' }), 30)).toBe(
      'partial: over 12 days of 30 (since 2026-11-12)',
    );
    expect(budgetCoverage(budget({}), 30)).toBe('partial: no history yet');
    expect(
      budgetCoverage(budget({ coveredDays: 30, since: '2026-10-25', partial: false }), 30),
    ).toBe('over 30 days');
  });
});

describe('sloPanelRows', () => {
  it('lists availability then latency, titled with their objectives', () => {
    const view: SloView = {
      time: '2026-11-23T07:00:00.000Z',
      periodDays: 30,
      available: true,
      availability: figures(0.999),
      latency: { ...figures(0.99), thresholdMs: 300 },
    };
    expect(sloPanelRows(view).map((r) => r.title)).toEqual([
      'Availability 99.9%',
      'Latency: 99% under 300 ms',
    ]);
    expect(formatObjective(0.9995)).toBe('99.95%');
    expect(
      sloPanelRows({ ...view, available: false, availability: undefined, latency: undefined }),
    ).toEqual([]);
  });
});
