'use client';
import {
  Area,
  AreaChart,
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartCard, axisProps, loneDot, timeAxis, tooltipStyle } from './chart-card';
import type { CacheChartRow } from './chart-rows';

export function HitRateChart({
  rows,
  warn,
  testId,
}: {
  rows: CacheChartRow[];
  warn: number;
  testId?: string;
}) {
  const withData = rows.filter((r) => r.hitRate !== null);
  const hits = rows.reduce((n, r) => n + r.hits, 0);
  const lookups = hits + rows.reduce((n, r) => n + r.misses, 0);
  const time = timeAxis(rows);
  return (
    <ChartCard
      title="Cache hit rate"
      testId={testId}
      firstAt={withData[0]?.t}
      points={withData.length}
      summary={
        lookups
          ? `${((hits / lookups) * 100).toFixed(1)}% over ${lookups} lookups · warn below ${warn * 100}%`
          : 'no lookups in the window'
      }
      empty={withData.length === 0 ? 'No cache lookups in this window' : undefined}
    >
      <ResponsiveContainer>
        <AreaChart data={rows} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis {...time.x} />
          <YAxis domain={[0, 100]} unit="%" {...axisProps} />
          <Tooltip
            labelFormatter={time.label}
            formatter={(v) => `${Number(v).toFixed(1)}%`}
            {...tooltipStyle}
          />
          <ReferenceLine y={warn * 100} stroke="var(--warn)" strokeDasharray="4 4" />
          <Area
            type="monotone"
            dataKey="hitRate"
            name="hit rate"
            stroke="var(--chart-4)"
            fill="var(--chart-4)"
            fillOpacity={0.2}
            dot={loneDot(rows, 'hitRate', 'var(--chart-4)')}
            connectNulls={false}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
