'use client';
// The breaker's state over the window as coloured bands, transitions marked and listed in words
// (with their instance in the fleet's timeline, whose bands follow every instance's transitions).
import { breakerColor, type BreakerName } from '../dashboard/status';
import { formatClock } from '../dashboard/format';
import { BandStrip } from './band-strip';
import { breakerBands } from './chart-rows';

interface Transition {
  readonly from: BreakerName;
  readonly to: BreakerName;
  readonly at: number;
  readonly reason: string;
  /** Which instance's breaker moved (fleet answers name it). */
  readonly instance?: string;
}

export function BreakerTimeline({
  transitions,
  current,
  start,
  end,
  byInstance = false,
  testId,
}: {
  transitions: readonly Transition[];
  current: BreakerName;
  start: number;
  end: number;
  /** Name each transition's instance (the fleet's timeline merges every instance's). */
  byInstance?: boolean;
  testId?: string;
}) {
  const bands = breakerBands(transitions, current, start, end);
  const shown = transitions.filter((t) => t.at >= start && t.at <= end);
  return (
    <figure data-testid={testId} className="rounded-lg border border-line bg-panel p-3">
      <figcaption className="mb-2 flex items-baseline justify-between text-sm">
        <span className="font-semibold">Breaker timeline</span>
        <span className="text-xs text-muted">
          {shown.length === 0 ? `${current} the whole window` : `${shown.length} transition(s)`}
        </span>
      </figcaption>
      <BandStrip bands={bands} start={start} end={end} color={breakerColor} />
      {shown.length > 0 && (
        <ol className="mt-2 space-y-0.5 text-xs">
          {shown
            .slice(-6)
            .reverse()
            .map((t) => (
              <li key={`${t.at}-${t.to}-${t.instance ?? ''}`}>
                <time dateTime={new Date(t.at).toISOString()}>{formatClock(t.at)}</time>
                {byInstance && t.instance && <span className="font-mono"> {t.instance}</span>}{' '}
                {t.from} → <strong>{t.to}</strong>: {t.reason}
              </li>
            ))}
        </ol>
      )}
    </figure>
  );
}
