'use client';
// A state over a window as coloured bands, with the window's edges below: the strip both the
// breaker and the failover timelines draw.
import { formatClock, formatWindowEdge } from '../dashboard/format';

export interface Band<S extends string> {
  readonly state: S;
  readonly from: number;
  readonly to: number;
}

export function BandStrip<S extends string>({
  bands,
  start,
  end,
  color,
  describe = (s) => s,
}: {
  bands: readonly Band<S>[];
  start: number;
  end: number;
  color: Readonly<Record<S, string>>;
  /** How a state reads in the strip's text alternative. */
  describe?: (state: S) => string;
}) {
  const span = Math.max(1, end - start);
  return (
    <>
      <div
        className="relative flex h-6 w-full overflow-hidden rounded"
        role="img"
        aria-label={bands
          .map((b) => `${describe(b.state)} from ${formatClock(b.from)} to ${formatClock(b.to)}`)
          .join('; ')}
      >
        {bands.map((b) => (
          <div
            key={`${b.from}-${b.state}`}
            data-band={b.state}
            title={`${b.state}: ${formatClock(b.from)} – ${formatClock(b.to)}`}
            style={{ width: `${((b.to - b.from) / span) * 100}%`, background: color[b.state] }}
            className="h-full opacity-80"
          />
        ))}
      </div>
      <div className="mt-1 flex justify-between text-[11px] text-muted">
        <span>{formatWindowEdge(start, span)}</span>
        <span>{formatWindowEdge(end, span)}</span>
      </div>
    </>
  );
}
