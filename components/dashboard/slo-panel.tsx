'use client';
// The data layer's SLOs beside the status banner: for availability and latency, the error budget
// left over 30 days (partial, and over how long, until the fleet's history covers them) and the
// current burn rates, levelled as the multi-window alerts page. Figures for the whole fleet.
import {
  BURN_WINDOWS,
  budgetCoverage,
  budgetTone,
  burnLevel,
  formatBudgetLeft,
  formatBurn,
  sloPanelRows,
  type BurnLevel,
  type SloPanelRow,
} from './slo-figures';
import { formatCount } from './format';
import { StatusPill } from './status';
import { useSlo } from './use-health';

const BURN_STYLE: Record<BurnLevel, string> = {
  ok: 'text-ok',
  spending: 'text-warn',
  fast: 'text-warn font-semibold',
  page: 'text-fail font-semibold',
};

function SloRow({ row, periodDays }: { row: SloPanelRow; periodDays: number }) {
  const { budget, burnRates } = row.figures;
  return (
    <div data-testid={`slo-${row.id}`} className="space-y-1">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-sm font-semibold">{row.title}</h3>
        <StatusPill status={budgetTone(budget.left)}>
          <span data-testid={`slo-${row.id}-budget`} data-value={budget.left}>
            {formatBudgetLeft(budget.left)}
          </span>
        </StatusPill>
      </div>
      <p
        className={`text-xs ${budget.partial ? 'text-warn' : 'text-muted'}`}
        data-testid={`slo-${row.id}-coverage`}
        data-partial={budget.partial}
        data-covered-days={budget.coveredDays}
      >
        error budget {budgetCoverage(budget, periodDays)} · {formatCount(budget.bad)} bad of{' '}
        {formatCount(budget.events)}
      </p>
      <dl className="grid grid-cols-5 gap-1 text-center">
        {BURN_WINDOWS.map((w) => {
          const rate = burnRates[w];
          return (
            <div key={w} className="rounded border border-line px-1 py-0.5">
              <dt className="text-[10px] text-muted">burn {w}</dt>
              <dd
                className={`text-sm tabular-nums ${BURN_STYLE[burnLevel(rate)]}`}
                data-testid={`slo-${row.id}-burn-${w}`}
                data-value={rate}
              >
                {formatBurn(rate)}
              </dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}

export function SloPanel() {
  const { data, error } = useSlo();
  const rows = data ? sloPanelRows(data) : [];
  return (
    <section
      aria-labelledby="h-slo"
      data-testid="slo-panel"
      data-available={data ? String(data.available) : undefined}
      className="space-y-3 rounded-lg border border-line bg-panel p-4"
    >
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="h-slo" className="font-semibold">
          SLOs · fleet
        </h2>
        <span className="text-xs text-muted">
          burn 1× spends the budget in exactly {data?.periodDays ?? 30} days; the alerts page at
          14.4× (1 h) and 6× (6 h)
        </span>
      </header>
      {!data ? (
        <p className="text-sm text-muted">{error ? `No data: ${error.message}` : 'Loading…'}</p>
      ) : !data.available ? (
        <p className="text-sm text-warn" data-testid="slo-unavailable">
          The SLOs come from the fleet&apos;s history in Redis, which cannot be read
          {data.reason ? ` (${data.reason})` : ''}.
        </p>
      ) : (
        rows.map((row) => <SloRow key={row.id} row={row} periodDays={data.periodDays} />)
      )}
    </section>
  );
}
