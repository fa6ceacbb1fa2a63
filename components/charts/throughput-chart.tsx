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
import { formatClock, formatRate } from '../dashboard/format';
import { ChartCard, axisProps, tooltipStyle } from './chart-card';
import type { DbChartRow } from './chart-rows';

export const THROUGHPUT_SERIES = {
  calls: { name: 'calls/s', color: 'var(--chart-1)' },
  failures: { name: 'failures/s', color: 'var(--fail)' },
  retries: { name: 'retries', color: 'var(--chart-2)' },
  breaker: { name: 'rejected (breaker)', color: 'var(--chart-3)' },
  pool: { name: 'rejected (pool)', color: 'var(--chart-5)' },
} as const;

export function ThroughputChart({ rows, testId }: { rows: DbChartRow[]; testId?: string }) {
  const calls = rows.reduce((n, r) => n + r.callsPerSec, 0);
  const avg = rows.length ? calls / rows.length : 0;
  const failures = rows.reduce((n, r) => n + r.failuresPerSec, 0);
  const errorRate = calls === 0 ? 0 : (failures / calls) * 100;
  const retries = rows.reduce((n, r) => n + r.retries, 0);
  const rejected = rows.reduce((n, r) => n + r.rejectedBreaker + r.rejectedPool, 0);
  return (
    <ChartCard
      title="Throughput and errors"
      testId={testId}
      points={rows.filter((r) => r.callsPerSec > 0).length}
      summary={`avg ${formatRate(avg)} · errors ${errorRate.toFixed(1)}% · ${retries} retries · ${rejected} rejected`}
      empty={rows.length === 0 ? 'No history yet' : undefined}
    >
      <ResponsiveContainer>
        <ComposedChart data={rows} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="t" tickFormatter={formatClock} {...axisProps} minTickGap={40} />
          <YAxis yAxisId="rate" {...axisProps} />
          <YAxis yAxisId="n" orientation="right" allowDecimals={false} {...axisProps} />
          <Tooltip labelFormatter={(t) => formatClock(Number(t))} {...tooltipStyle} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Bar
            yAxisId="n"
            dataKey="retries"
            name={THROUGHPUT_SERIES.retries.name}
            fill={THROUGHPUT_SERIES.retries.color}
            isAnimationActive={false}
          />
          <Bar
            yAxisId="n"
            dataKey="rejectedBreaker"
            name={THROUGHPUT_SERIES.breaker.name}
            fill={THROUGHPUT_SERIES.breaker.color}
            isAnimationActive={false}
          />
          <Bar
            yAxisId="n"
            dataKey="rejectedPool"
            name={THROUGHPUT_SERIES.pool.name}
            fill={THROUGHPUT_SERIES.pool.color}
            isAnimationActive={false}
          />
          <Line
            yAxisId="rate"
            type="monotone"
            dataKey="callsPerSec"
            name={THROUGHPUT_SERIES.calls.name}
            stroke={THROUGHPUT_SERIES.calls.color}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="rate"
            type="monotone"
            dataKey="failuresPerSec"
            name={THROUGHPUT_SERIES.failures.name}
            stroke={THROUGHPUT_SERIES.failures.color}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
