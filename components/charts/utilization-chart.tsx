'use client';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatClock } from '../dashboard/format';
import { ChartCard, axisProps, tooltipStyle } from './chart-card';
import type { DbChartRow } from './chart-rows';

export const UTILIZATION_CHART = {
  title: 'Pool utilization',
  series: [
    { key: 'utilization', name: 'utilization %', color: 'var(--chart-1)' },
    { key: 'queued', name: 'queued', color: 'var(--chart-5)' },
  ],
} as const;

export function UtilizationChart({
  rows,
  max,
  warn,
  fail,
  testId,
}: {
  rows: DbChartRow[];
  max: number;
  warn: number;
  fail: number;
  testId?: string;
}) {
  const peak = rows.reduce((m, r) => Math.max(m, r.utilization), 0);
  const last = rows.at(-1);
  return (
    <ChartCard
      title={UTILIZATION_CHART.title}
      testId={testId}
      points={rows.filter((r) => r.inFlight > 0 || r.queued > 0).length}
      summary={`now ${last?.utilization ?? 0}% of ${max} · peak ${peak}% · warn ${warn * 100}% · fail ${fail * 100}%`}
      empty={
        rows.length === 0 ? 'No history yet: the first 5 s bucket is still filling' : undefined
      }
    >
      <ResponsiveContainer>
        <LineChart data={rows} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="t" tickFormatter={formatClock} {...axisProps} minTickGap={40} />
          <YAxis yAxisId="pct" domain={[0, 100]} unit="%" {...axisProps} />
          <YAxis yAxisId="n" orientation="right" allowDecimals={false} {...axisProps} />
          <Tooltip labelFormatter={(t) => formatClock(Number(t))} {...tooltipStyle} />
          <ReferenceLine
            yAxisId="pct"
            y={warn * 100}
            stroke="var(--warn)"
            strokeDasharray="4 4"
            label={{ value: 'warn', fill: 'var(--warn)', fontSize: 10 }}
          />
          <ReferenceLine
            yAxisId="pct"
            y={fail * 100}
            stroke="var(--fail)"
            strokeDasharray="4 4"
            label={{ value: 'fail', fill: 'var(--fail)', fontSize: 10 }}
          />
          <Line
            yAxisId="pct"
            type="stepAfter"
            dataKey="utilization"
            name="utilization %"
            stroke={UTILIZATION_CHART.series[0].color}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="n"
            type="stepAfter"
            dataKey="queued"
            name="queued"
            stroke={UTILIZATION_CHART.series[1].color}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
