'use client';
// One operation's calls and errors over time, as counts per bucket on one axis (most operations
// are rarer than one call a second): calls as a line with a dot wherever a bucket stands alone
// between empty ones, failures and refusals as bars; the rate and error % are in the headline.
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatPct, formatRate } from '../dashboard/format';
import { ChartCard, axisProps, loneDot, timeAxis, tooltipStyle } from './chart-card';
import { firstDataAt, type OperationChartRow } from './chart-rows';

export const OPERATION_ERROR_SERIES = [
  { key: 'failures', name: 'failures', color: 'var(--fail)', mark: 'bar' },
  { key: 'rejected', name: 'refused', color: 'var(--chart-5)', mark: 'bar' },
  { key: 'calls', name: 'calls', color: 'var(--chart-1)', mark: 'line' },
] as const satisfies ReadonlyArray<{
  key: keyof OperationChartRow;
  name: string;
  color: string;
  mark: 'bar' | 'line';
}>;

export function OperationErrorsChart({
  rows,
  testId,
  empty,
}: {
  rows: readonly OperationChartRow[];
  testId?: string;
  /** Why there is nothing to draw, when there is not. */
  empty?: string | undefined;
}) {
  const withCalls = rows.filter((r) => r.callsPerSec > 0);
  const failures = rows.reduce((n, r) => n + r.failures, 0);
  const rejected = rows.reduce((n, r) => n + r.rejected, 0);
  const avg = rows.length ? rows.reduce((n, r) => n + r.callsPerSec, 0) / rows.length : 0;
  const finished = rows.reduce((n, r) => n + (r.errorRate === null ? 0 : r.finished), 0);
  const time = timeAxis(rows);
  // Buckets without calls are gaps, not zeros: the line shows when the operation ran.
  const data = rows.map((r) => ({ ...r, calls: r.calls > 0 ? r.calls : null }));
  return (
    <ChartCard
      title="Calls and errors per bucket"
      testId={testId}
      points={withCalls.length}
      firstAt={firstDataAt(rows, (r) => r.callsPerSec > 0)}
      summary={`avg ${formatRate(avg)} · ${failures} failed (${formatPct(finished ? failures / finished : null)}) · ${rejected} refused`}
      empty={
        empty ?? (withCalls.length === 0 ? 'No calls of this operation in the window' : undefined)
      }
    >
      <ResponsiveContainer>
        <ComposedChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis {...time.x} />
          <YAxis allowDecimals={false} {...axisProps} />
          <Tooltip labelFormatter={time.label} {...tooltipStyle} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {OPERATION_ERROR_SERIES.map((s) =>
            s.mark === 'bar' ? (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.name}
                fill={s.color}
                isAnimationActive={false}
              />
            ) : (
              <Line
                key={s.key}
                type="monotone"
                dataKey={s.key}
                name={s.name}
                stroke={s.color}
                dot={loneDot(data, s.key, s.color)}
                connectNulls={false}
                isAnimationActive={false}
              />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
