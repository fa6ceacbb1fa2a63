'use client';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMs } from '../dashboard/format';
import { ChartCard, axisProps, loneDot, timeAxis, tooltipStyle } from './chart-card';

export const LATENCY_SERIES = [
  { key: 'p50', name: 'p50', color: 'var(--chart-4)' },
  { key: 'p95', name: 'p95', color: 'var(--chart-1)' },
  { key: 'p99', name: 'p99', color: 'var(--chart-3)' },
] as const;

interface Row {
  readonly t: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

export function LatencyChart({
  rows,
  title = 'Latency percentiles',
  warnMs,
  failMs,
  testId,
  empty,
}: {
  rows: readonly Row[];
  title?: string;
  warnMs?: number;
  failMs?: number;
  testId?: string;
  /** Why there is nothing to draw, in place of the default "no calls" explanation. */
  empty?: string | undefined;
}) {
  const withData = rows.filter((r) => r.p50 !== null);
  const last = withData.at(-1);
  const time = timeAxis(rows);
  return (
    <ChartCard
      title={title}
      testId={testId}
      firstAt={withData[0]?.t}
      points={withData.length}
      summary={
        last
          ? `latest p50 ${formatMs(last.p50)} · p95 ${formatMs(last.p95)} · p99 ${formatMs(last.p99)}`
          : 'no calls in the window'
      }
      empty={
        empty ??
        (withData.length === 0 ? 'No calls in this window, so no latency to show' : undefined)
      }
    >
      <ResponsiveContainer>
        <LineChart data={[...rows]} margin={{ top: 5, right: 10, bottom: 0, left: -10 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis {...time.x} />
          <YAxis unit=" ms" {...axisProps} width={70} />
          <Tooltip
            labelFormatter={time.label}
            formatter={(v) => formatMs(Number(v))}
            {...tooltipStyle}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {warnMs !== undefined && (
            <ReferenceLine y={warnMs} stroke="var(--warn)" strokeDasharray="4 4" />
          )}
          {failMs !== undefined && (
            <ReferenceLine y={failMs} stroke="var(--fail)" strokeDasharray="4 4" />
          )}
          {LATENCY_SERIES.map((s) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.name}
              stroke={s.color}
              dot={loneDot(rows, s.key, s.color)}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
