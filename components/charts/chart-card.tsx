'use client';
// The frame every chart sits in: a title, a fixed height (no layout jump while loading), an
// empty state that says why, and a text alternative with the headline numbers.
import type { ReactNode } from 'react';

export const CHART_HEIGHT = 200;

export function ChartCard({
  title,
  summary,
  empty,
  testId,
  points,
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
  children: ReactNode;
}) {
  return (
    <figure
      data-testid={testId}
      data-points={points}
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
