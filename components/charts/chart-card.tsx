'use client';
// The frame every chart sits in: a title, a fixed height (no layout jump while loading), an
// empty state that says why, and a text alternative with the headline numbers.
import type { ReactNode } from 'react';
import type { DotItemDotProps } from 'recharts';
import { formatBucketLabel, formatBucketTick } from '../dashboard/format';
import { isolatedPoint, rowsBucketMs } from './chart-rows';

export const CHART_HEIGHT = 200;

export function ChartCard({
  title,
  summary,
  empty,
  testId,
  points,
  firstAt,
  children,
}: {
  title: string;
  /** The headline numbers in words: what a screen reader (or a glance) needs. */
  summary: string;
  /** When set, the chart is replaced by this explanation. */
  empty?: string | undefined;
  testId?: string;
  /** How many rows carry data: lets tests see that real points were drawn. */
  points?: number;
  /** When the first row with data starts (epoch ms): lets tests see how far back it draws. */
  firstAt?: number | undefined;
  children: ReactNode;
}) {
  return (
    <figure
      data-testid={testId}
      data-points={points}
      data-first-at={firstAt}
      className="rounded-lg border border-line bg-panel p-3"
    >
      <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <span className="text-sm font-semibold">{title}</span>
        <span className="text-xs text-muted" data-testid={testId ? `${testId}-summary` : undefined}>
          {summary}
        </span>
      </figcaption>
      <div style={{ height: CHART_HEIGHT }} aria-hidden={empty ? undefined : true}>
        {empty ? (
          <p className="flex h-full items-center justify-center text-sm text-muted">{empty}</p>
        ) : (
          children
        )}
      </div>
    </figure>
  );
}

export const axisProps = {
  stroke: 'var(--muted)',
  fontSize: 11,
  tickLine: false,
} as const;

export const tooltipStyle = {
  contentStyle: {
    background: 'var(--panel)',
    border: '1px solid var(--line)',
    borderRadius: 6,
    fontSize: 12,
  },
  labelStyle: { color: 'var(--foreground)' },
} as const;

/**
 * The time axis and tooltip label of a chart over bucket rows: ticks by the minute when the
 * buckets are a minute wide (6 h and 24 h windows), by the second otherwise.
 */
export function timeAxis(rows: readonly { readonly t: number }[]) {
  const bucketMs = rowsBucketMs(rows);
  return {
    x: {
      dataKey: 't',
      tickFormatter: (t: number) => formatBucketTick(t, bucketMs),
      minTickGap: 40,
      ...axisProps,
    },
    label: (t: unknown) => formatBucketLabel(Number(t), bucketMs),
  } as const;
}

/**
 * A line's `dot` for series with gaps: a dot only where a value stands alone between empty
 * buckets, which the line alone would not show.
 */
export function loneDot<R>(rows: readonly R[], key: keyof R & string, color: string) {
  return function LoneDot({ cx, cy, index }: DotItemDotProps) {
    if (cx === undefined || cy === undefined || !isolatedPoint(rows, index, key)) return null;
    return (
      <circle
        key={`lone-${key}-${index}`}
        cx={cx}
        cy={cy}
        r={2.5}
        fill={color}
        data-lone-point={key}
      />
    );
  };
}
