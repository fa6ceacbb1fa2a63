'use client';
// One operation's calls and errors over time: failures and refusals as bars (counts per bucket,
// right axis), calls/s as a line (left axis) with a dot wherever a value stands alone between
// empty buckets; the error % of the window is in the headline.
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
  { key: 'failures', name: 'failures', color: 'var(--fail)', mark: 'bar', axis: 'n' },
  { key: 'rejected', name: 'refused', color: 'var(--chart-5)', mark: 'bar', axis: 'n' },
  { key: 'callsPerSec', name: 'calls/s', color: 'var(--chart-1)', mark: 'line', axis: 'rate' },
] as const satisfies ReadonlyArray<{
  key: keyof OperationChartRow;
  name: string;
  color: string;
  mark: 'bar' | 'line';
  axis: 'n' | 'rate';
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
  // Zero-call buckets have no error rate: null keeps the line from dropping to 0 between them.
  const data = rows.map((r) => ({ ...r, callsPerSec: r.callsPerSec > 0 ? r.callsPerSec : null }));
  return (
    <ChartCard
      title="Calls and errors"
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
          <YAxis yAxisId="rate" {...axisProps} />
          <YAxis yAxisId="n" orientation="right" allowDecimals={false} {...axisProps} />
          <Tooltip labelFormatter={time.label} {...tooltipStyle} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {OPERATION_ERROR_SERIES.map((s) =>
            s.mark === 'bar' ? (
              <Bar
                key={s.key}
                yAxisId={s.axis}
                dataKey={s.key}
                name={s.name}
                fill={s.color}
                isAnimationActive={false}
              />
            ) : (
              <Line
                key={s.key}
                yAxisId={s.axis}
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
