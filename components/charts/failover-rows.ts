// Pure mapping of the failover switches' transitions to timeline bands: reads on the primary or
// failing over to replicas, over [start, end]. Either client kind failing over counts.

export type ReadTarget = 'primary' | 'failover';

export interface FailoverTransitionRow {
  readonly kind: 'service' | 'anon';
  readonly from: ReadTarget;
  readonly to: ReadTarget;
  readonly at: number;
  readonly reason: string;
}

export interface FailoverBand {
  readonly from: number;
  readonly to: number;
  readonly state: ReadTarget;
}

/**
 * Bands of [start, end]: `failover` while at least one kind's reads go to replicas. Each kind's
 * state before its first transition in the window is where that transition came from, or its
 * current state when it did not move.
 */
export function failoverBands(
  transitions: readonly FailoverTransitionRow[],
  current: Readonly<Record<'service' | 'anon', ReadTarget>>,
  start: number,
  end: number,
): FailoverBand[] {
  const inWindow = transitions
    .filter((t) => t.at >= start && t.at <= end)
    .sort((a, b) => a.at - b.at);
  const state: Record<'service' | 'anon', ReadTarget> = { ...current };
  for (const kind of ['service', 'anon'] as const) {
    const first = inWindow.find((t) => t.kind === kind);
    if (first) state[kind] = first.from;
  }
  const combined = (): ReadTarget =>
    state.service === 'failover' || state.anon === 'failover' ? 'failover' : 'primary';
  const bands: FailoverBand[] = [];
  let from = start;
  let now = combined();
  for (const t of inWindow) {
    state[t.kind] = t.to;
    const next = combined();
    if (next === now) continue;
    if (t.at > from) bands.push({ from, to: t.at, state: now });
    from = t.at;
    now = next;
  }
  if (end > from) bands.push({ from, to: end, state: now });
  return bands;
}
