'use client';
// Database connections from pg_stat_activity against max_connections (the latest report).
import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartCard, axisProps, tooltipStyle } from './chart-card';

export interface ConnectionReport {
  readonly total: number;
  readonly active: number;
  readonly idle: number;
  readonly idle_in_transaction: number;
  readonly waiting_on_locks: number;
  readonly max_connections: number;
}

export const CONNECTION_BARS = [
  { key: 'active', label: 'active', color: 'var(--chart-1)' },
  { key: 'idle', label: 'idle', color: 'var(--chart-4)' },
  { key: 'idle_in_transaction', label: 'idle in tx', color: 'var(--warn)' },
  { key: 'waiting_on_locks', label: 'waiting', color: 'var(--fail)' },
] as const;

export function ConnectionsChart({
  report,
  error,
  testId,
}: {
  report: ConnectionReport | undefined;
  error?: string | undefined;
  testId?: string;
}) {
  const rows = report
    ? CONNECTION_BARS.map((b) => ({ name: b.label, value: report[b.key], color: b.color }))
    : [];
  return (
    <ChartCard
      title="Database connections"
      testId={testId}
      points={rows.length}
      summary={
        report
          ? `${report.total} of ${report.max_connections} · ${report.active} active · ${report.idle_in_transaction} idle in tx · ${report.waiting_on_locks} waiting`
          : 'no report'
      }
      empty={report ? undefined : (error ?? 'Waiting for the first connection report')}
    >
      <ResponsiveContainer>
        <BarChart data={rows} layout="vertical" margin={{ top: 5, right: 20, bottom: 0, left: 10 }}>
          <CartesianGrid stroke="var(--grid)" horizontal={false} />
          <XAxis
            type="number"
            domain={[0, Math.max(report?.max_connections ?? 0, 1)]}
            allowDecimals={false}
            {...axisProps}
          />
          <YAxis type="category" dataKey="name" width={80} {...axisProps} />
          <Tooltip {...tooltipStyle} />
          {report && (
            <ReferenceLine
              x={report.max_connections}
              stroke="var(--fail)"
              strokeDasharray="4 4"
              label={{ value: 'max', fill: 'var(--fail)', fontSize: 10 }}
            />
          )}
          <Bar dataKey="value" name="connections" fill="var(--chart-1)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
