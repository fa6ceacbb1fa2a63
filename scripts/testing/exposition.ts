// Test helpers for the Prometheus text format: parse an exposition into samples, pick a
// histogram's cumulative buckets, and compute a quantile from them exactly as Prometheus's
// histogram_quantile() does (linear interpolation inside the bucket that holds the rank).

export interface ExposedSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exposition {
  readonly samples: readonly ExposedSample[];
  /** `# TYPE` per metric family. */
  readonly types: Readonly<Record<string, string>>;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** @throws Error on a line that is neither a comment nor a sample. */
export function parseExposition(text: string): Exposition {
  const samples: ExposedSample[] = [];
  const types: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types[type[1]!] = type[2]!;
    if (line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    samples.push({ name: m[1]!, labels, value: Number(m[3]!.replace('+Inf', 'Infinity')) });
  }
  return { samples, types };
}

/** One cumulative bucket: values ≤ `le` (seconds; Infinity for +Inf). */
export interface Bucket {
  readonly le: number;
  readonly count: number;
}

/**
 * `name`'s buckets summed over every series whose labels include `match` (a `sum by (le)`).
 * @throws Error when there is no such series.
 */
export function summedBuckets(
  exp: Exposition,
  name: string,
  match: Readonly<Record<string, string>> = {},
): Bucket[] {
  const byLe = new Map<number, number>();
  for (const s of exp.samples) {
    if (s.name !== `${name}_bucket`) continue;
    if (!Object.entries(match).every(([k, v]) => s.labels[k] === v)) continue;
    const le = Number(s.labels.le!.replace('+Inf', 'Infinity'));
    byLe.set(le, (byLe.get(le) ?? 0) + s.value);
  }
  if (byLe.size === 0)
    throw new Error(`no ${name}_bucket series matching ${JSON.stringify(match)}`);
  return [...byLe].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/** Bucket by bucket difference `after − before` (counts since `before`). */
export function bucketDelta(after: readonly Bucket[], before: readonly Bucket[]): Bucket[] {
  return after.map((b, i) => ({ le: b.le, count: b.count - (before[i]?.count ?? 0) }));
}

/** Where a quantile falls: Prometheus's interpolated value and the bucket it lies in. */
export interface QuantileEstimate {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * histogram_quantile(q, buckets) as Prometheus computes it; NaN when there are no observations.
 * A rank in the +Inf bucket gives the highest finite bound.
 */
export function histogramQuantile(q: number, buckets: readonly Bucket[]): QuantileEstimate {
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return { value: Number.NaN, lower: Number.NaN, upper: Number.NaN };
  let rank = q * total;
  const b = buckets.findIndex((x) => x.count >= rank);
  if (b === buckets.length - 1) {
    const top = buckets[buckets.length - 2]?.le ?? Number.NaN;
    return { value: top, lower: top, upper: Infinity };
  }
  const lower = b === 0 ? 0 : buckets[b - 1]!.le;
  const upper = buckets[b]!.le;
  let count = buckets[b]!.count;
  if (b > 0) {
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return { value: lower + (upper - lower) * (rank / count), lower, upper };
}
