'use client';
// Where replica-ok reads went over the window: bands of primary and failover (to replicas), each
// activation and return listed with its reason.
import { formatClock } from '../dashboard/format';
import { BandStrip } from './band-strip';
import { failoverBands, type FailoverTransitionRow, type ReadTarget } from './failover-rows';

const COLOR: Record<ReadTarget, string> = { primary: 'var(--ok)', failover: 'var(--warn)' };

export function FailoverTimeline({
  transitions,
  current,
  start,
  end,
  testId,
}: {
  transitions: readonly FailoverTransitionRow[];
  current: Readonly<Record<'service' | 'anon', ReadTarget>>;
  start: number;
  end: number;
  testId?: string;
}) {
  const bands = failoverBands(transitions, current, start, end);
  const shown = transitions.filter((t) => t.at >= start && t.at <= end);
  const activations = shown.filter((t) => t.to === 'failover').length;
  return (
    <figure data-testid={testId} className="rounded-lg border border-line bg-panel p-3">
      <figcaption className="mb-2 flex items-baseline justify-between text-sm">
        <span className="font-semibold">Failover timeline</span>
        <span className="text-xs text-muted" data-testid="failover-activations-window">
          {activations} activation(s) in the window
        </span>
      </figcaption>
      <BandStrip
        bands={bands}
        start={start}
        end={end}
        color={COLOR}
        describe={(s) => (s === 'failover' ? 'reads on replicas' : 'reads on primary')}
      />
      {shown.length > 0 && (
        <ol className="mt-2 space-y-0.5 text-xs">
          {shown
            .slice(-6)
            .reverse()
            .map((t) => (
              <li key={`${t.at}-${t.kind}-${t.to}`}>
                <time dateTime={new Date(t.at).toISOString()}>{formatClock(t.at)}</time> {t.kind}{' '}
                {t.from} → <strong>{t.to}</strong>: {t.reason}
              </li>
            ))}
        </ol>
      )}
    </figure>
  );
}
