// The SLO panel's figures in words: the error budget left over the period (or how much it is
// overspent), whether the fleet's history covers the whole period yet, and each burn rate with
// the level the multi-window alerts page at (monitoring/prometheus/slo.yml). Pure.
import type { SloFigures, SloView } from '@/lib/health';

/** The burn-rate windows in the order the panel lists them (the API's keys). */
export const BURN_WINDOWS = ['5m', '30m', '1h', '6h', '3d'] as const;
export type SloBurnWindow = (typeof BURN_WINDOWS)[number];

/**
 * The multi-window pairs of a 30-day budget: 14.4× (1 h with 5 min) pages, 6× (6 h with 30 min)
 * pages, 1× (3 d with 6 h) is a ticket. Any window at or above 1× spends faster than the budget
 * allows.
 */
export const BURN_LEVELS = { page: 14.4, fast: 6, steady: 1 } as const;

export type BurnLevel = 'ok' | 'spending' | 'fast' | 'page';

export function burnLevel(rate: number): BurnLevel {
  if (rate >= BURN_LEVELS.page) return 'page';
  if (rate >= BURN_LEVELS.fast) return 'fast';
  if (rate >= BURN_LEVELS.steady) return 'spending';
  return 'ok';
}

/** A burn rate as the alerts name them: "0.42×", "14.4×". */
export function formatBurn(rate: number): string {
  if (!Number.isFinite(rate)) return '—';
  return `${rate >= 10 ? rate.toFixed(1) : rate.toFixed(2)}×`;
}

/** The budget left as a percentage of the budget: "93.1% left", "overspent by 20.0%". */
export function formatBudgetLeft(left: number): string {
  if (!Number.isFinite(left)) return '—';
  return left >= 0
    ? `${(left * 100).toFixed(1)}% left`
    : `overspent by ${(-left * 100).toFixed(1)}%`;
}

/** The objective as a percentage: 0.999 → "99.9%". */
export function formatObjective(objective: number): string {
  return `${Number((objective * 100).toFixed(3))}%`;
}

/**
 * What the budget is measured over: the whole period, or (partial) the days the fleet's
 * history in Redis covers so far, counted from the first one.
 */
export function budgetCoverage(budget: SloFigures['budget'], periodDays: number): string {
  if (!budget.partial) return `over ${periodDays} days`;
  if (budget.coveredDays === 0 || budget.since === null) return 'partial: no history yet';
  const days = `${budget.coveredDays} day${budget.coveredDays === 1 ? '' : 's'}`;
  return `partial: over ${days} of ${periodDays} (since ${budget.since})`;
}

export type BudgetTone = 'pass' | 'warn' | 'fail';

/** Half the budget gone is worth a look; all of it gone breaks the objective. */
export function budgetTone(left: number): BudgetTone {
  if (left <= 0) return 'fail';
  if (left < 0.5) return 'warn';
  return 'pass';
}

export interface SloPanelRow {
  readonly id: 'availability' | 'latency';
  readonly title: string;
  readonly figures: SloFigures;
}

/** The SLOs the answer carries, in the panel's order, with their titles. */
export function sloPanelRows(view: SloView): SloPanelRow[] {
  const rows: SloPanelRow[] = [];
  if (view.availability)
    rows.push({
      id: 'availability',
      title: `Availability ${formatObjective(view.availability.objective)}`,
      figures: view.availability,
    });
  if (view.latency)
    rows.push({
      id: 'latency',
      title: `Latency: ${formatObjective(view.latency.objective)} under ${view.latency.thresholdMs} ms`,
      figures: view.latency,
    });
  return rows;
}
