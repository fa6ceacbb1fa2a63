'use client';
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
import { formatRate } from '../dashboard/format';
import { ChartCard, axisProps, timeAxis, tooltipStyle } from './chart-card';
import { firstDataAt, type DbChartRow } from './chart-rows';

/**
 * Drawn in this order: counts as bars on the right axis, rates as lines on the left (so the lines
 * stay on top and the legend lists the bars first).
 */
export const THROUGHPUT_SERIES = [
  { key: 'retries', name: 'retries', color: 'var(--chart-2)', mark: 'bar', axis: 'n' },
  {
    key: 'rejectedBreaker',
    name: 'rejected (breaker)',
    color: 'var(--chart-3)',
    mark: 'bar',
    axis: 'n',
  },
  { key: 'rejectedPool', name: 'rejected (pool)', color: 'var(--chart-5)', mark: 'bar', axis: 'n' },
  { key: 'callsPerSec', name: 'calls/s', color: 'var(--chart-1)', mark: 'line', axis: 'rate' },
  { key: 'failuresPerSec', name: 'failures/s', color: 'var(--fail)', mark: 'line', axis: 'rate' },
] as const satisfies ReadonlyArray<{
  key: keyof DbChartRow;
  name: string;
  color: string;
  mark: 'bar' | 'line';
  axis: 'n' | 'rate';
}>;

export function ThroughputChart({ rows, testId }: { rows: DbChartRow[]; testId?: string }) {
  const calls = rows.reduce((n, r) => n + r.callsPerSec, 0);
  const avg = rows.length ? calls / rows.length : 0;
  const failures = rows.reduce((n, r) => n + r.failuresPerSec, 0);
  const errorRate = calls === 0 ? 0 : (failures / calls) * 100;
  const retries = rows.reduce((n, r) => n + r.retries, 0);
  const rejected = rows.reduce((n, r) => n + r.rejectedBreaker + r.rejectedPool, 0);
  const time = timeAxis(rows);
  return (
    <ChartCard
      title="Throughput and errors"
      testId={testId}
      firstAt={firstDataAt(rows, (r) => r.callsPerSec > 0)}
      points={rows.filter((r) => r.callsPerSec > 0).length}
      summary={`avg ${formatRate(avg)} · errors ${errorRate.toFixed(1)}% · ${retries} retries · ${rejected} rejected`}
      empty={rows.length === 0 ? 'No history yet' : undefined}
    >
      <ResponsiveContainer>
        <ComposedChart data={rows} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis {...time.x} />
          <YAxis yAxisId="rate" {...axisProps} />
          <YAxis yAxisId="n" orientation="right" allowDecimals={false} {...axisProps} />
          <Tooltip labelFormatter={time.label} {...tooltipStyle} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {THROUGHPUT_SERIES.map((s) =>
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
                dot={false}
                isAnimationActive={false}
              />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
