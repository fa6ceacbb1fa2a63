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
import { ChartCard, axisProps, timeAxis, tooltipStyle } from './chart-card';
import { firstDataAt, type DbChartRow } from './chart-rows';

export const UTILIZATION_CHART = {
  title: 'Pool utilization',
  /** Utilization in percent on the left axis, the queue length on the right. */
  series: [
    { key: 'utilization', name: 'utilization %', color: 'var(--chart-1)', axis: 'pct' },
    { key: 'queued', name: 'queued', color: 'var(--chart-5)', axis: 'n' },
  ],
} as const satisfies {
  title: string;
  series: ReadonlyArray<{ key: keyof DbChartRow; name: string; color: string; axis: string }>;
};

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
  const time = timeAxis(rows);
  return (
    <ChartCard
      title={UTILIZATION_CHART.title}
      testId={testId}
      firstAt={firstDataAt(rows, (r) => r.inFlight > 0 || r.queued > 0)}
      points={rows.filter((r) => r.inFlight > 0 || r.queued > 0).length}
      summary={`now ${last?.utilization ?? 0}% of ${max} · peak ${peak}% · warn ${warn * 100}% · fail ${fail * 100}%`}
      empty={rows.length === 0 ? 'No history yet: the first bucket is still filling' : undefined}
    >
      <ResponsiveContainer>
        <LineChart data={rows} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis {...time.x} />
          <YAxis yAxisId="pct" domain={[0, 100]} unit="%" {...axisProps} />
          <YAxis yAxisId="n" orientation="right" allowDecimals={false} {...axisProps} />
          <Tooltip labelFormatter={time.label} {...tooltipStyle} />
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
          {UTILIZATION_CHART.series.map((s) => (
            <Line
              key={s.key}
              yAxisId={s.axis}
              type="stepAfter"
              dataKey={s.key}
              name={s.name}
              stroke={s.color}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
