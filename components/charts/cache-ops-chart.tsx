'use client';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartCard, axisProps, timeAxis, tooltipStyle } from './chart-card';
import { firstDataAt, type CacheChartRow } from './chart-rows';

export const CACHE_OPS = [
  { key: 'hits', name: 'hits', color: 'var(--chart-4)' },
  { key: 'misses', name: 'misses', color: 'var(--chart-1)' },
  { key: 'bypasses', name: 'bypasses', color: 'var(--warn)' },
  { key: 'errors', name: 'errors', color: 'var(--fail)' },
] as const;

export function CacheOpsChart({ rows, testId }: { rows: CacheChartRow[]; testId?: string }) {
  const sum = (k: (typeof CACHE_OPS)[number]['key']) => rows.reduce((n, r) => n + r[k], 0);
  const time = timeAxis(rows);
  return (
    <ChartCard
      title="Hits, misses and bypasses"
      testId={testId}
      firstAt={firstDataAt(rows, (r) => r.hits + r.misses + r.bypasses > 0)}
      points={rows.filter((r) => r.hits + r.misses + r.bypasses > 0).length}
      summary={CACHE_OPS.map((o) => `${sum(o.key)} ${o.name}`).join(' · ')}
      empty={rows.length === 0 ? 'No history yet' : undefined}
    >
      <ResponsiveContainer>
        <BarChart data={rows} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis {...time.x} />
          <YAxis allowDecimals={false} {...axisProps} />
          <Tooltip labelFormatter={time.label} {...tooltipStyle} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {CACHE_OPS.map((o) => (
            <Bar
              key={o.key}
              dataKey={o.key}
              name={o.name}
              stackId="ops"
              fill={o.color}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
