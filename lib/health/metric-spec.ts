// A metric as one declarative spec (prom-client's shape: name, help, type, labelNames `as const`)
// plus how to read its values at scrape time, and the one function that turns a table of specs
// into prom-client metrics on a Registry, refusing a bad spec before anything is registered.
import 'server-only';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BucketSnapshot } from '../metrics';

/** Every declared label set on every sample: no sample can leave a label out. */
export type LabelSet<L extends string> = Readonly<Record<L, string>>;

export interface Sample<L extends string> {
  readonly labels: LabelSet<L>;
  readonly value: number;
}

export interface BucketSample<L extends string> {
  readonly labels: LabelSet<L>;
  readonly buckets: BucketSnapshot;
}

interface SpecBase<L extends string> {
  /** snake_case with its unit suffix; counters end in `_total`. */
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
}

/** A lifetime count kept by the app, read at scrape time (never goes down while the process lives). */
export interface CounterSpec<S, L extends string = string> extends SpecBase<L> {
  readonly type: 'counter';
  readonly read: (sources: S) => readonly Sample<L>[];
}

export interface GaugeSpec<S, L extends string = string> extends SpecBase<L> {
  readonly type: 'gauge';
  readonly read: (sources: S) => readonly Sample<L>[] | Promise<readonly Sample<L>[]>;
}

/** `le` buckets counted by the app (lib/metrics BucketCounts) in milliseconds, exposed in seconds. */
export interface HistogramSpec<S, L extends string = string> extends SpecBase<L> {
  readonly type: 'histogram';
  readonly boundsMs: readonly number[];
  readonly read: (sources: S) => readonly BucketSample<L>[];
}

export type MetricSpec<S, L extends string = string> =
  CounterSpec<S, L> | GaugeSpec<S, L> | HistogramSpec<S, L>;

/**
 * A declarer for specs that read from `S`: each spec's label names become a literal type, so its
 * `read` must give every declared label (adding a label is one line in the table, and the
 * compiler then points at the reads that must fill it).
 */
export function specsReading<S>() {
  return <const L extends string>(spec: MetricSpec<S, L>): MetricSpec<S> => spec;
}

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const RESERVED_LABELS = new Set(['le', 'quantile', 'job', 'instance']);

/**
 * Checks a table of specs against the naming rules Prometheus documents.
 * @throws RangeError naming the first bad spec and what is wrong with it.
 */
export function checkSpecs(specs: readonly MetricSpec<never>[]): void {
  const taken = new Set<string>();
  for (const spec of specs) {
    const bad = (why: string) => new RangeError(`metric spec ${spec.name || '(no name)'}: ${why}`);
    if (!SNAKE.test(spec.name)) throw bad('the name must be snake_case (a-z, 0-9, _)');
    if (spec.type === 'counter' && !spec.name.endsWith('_total'))
      throw bad('a counter name must end in _total');
    if (spec.type !== 'counter' && spec.name.endsWith('_total'))
      throw bad('only counters end in _total');
    if (spec.type === 'histogram' && !spec.name.endsWith('_seconds'))
      throw bad('a latency histogram is in seconds and its name ends in _seconds');
    if (/_(ms|milliseconds|percent)(_|$)/.test(spec.name))
      throw bad('use base units (seconds, bytes, ratios from 0 to 1)');
    if (spec.help.trim() === '') throw bad('help must say what the metric counts');
    const labels = new Set<string>();
    for (const label of spec.labelNames) {
      if (!SNAKE.test(label)) throw bad(`label ${label} must be snake_case`);
      if (RESERVED_LABELS.has(label)) throw bad(`label ${label} is reserved`);
      if (labels.has(label)) throw bad(`label ${label} is declared twice`);
      labels.add(label);
    }
    const names =
      spec.type === 'histogram'
        ? [spec.name, `${spec.name}_bucket`, `${spec.name}_sum`, `${spec.name}_count`]
        : [spec.name];
    for (const n of names) {
      if (taken.has(n)) throw bad(`${n} is declared twice`);
      taken.add(n);
    }
  }
}

/** A histogram whose buckets are counted elsewhere and formatted by prom-client at scrape time. */
class ScrapedHistogram<S> extends Histogram<string> {
  private readonly spec: HistogramSpec<S>;
  private readonly sources: S;

  constructor(spec: HistogramSpec<S>, sources: S, registry: Registry) {
    super({
      name: spec.name,
      help: spec.help,
      labelNames: spec.labelNames,
      buckets: spec.boundsMs.map((ms) => ms / 1000),
      registers: [registry],
    });
    this.spec = spec;
    this.sources = sources;
  }

  /**
   * What prom-client's Registry formats: it calls this method when a metric has it (histograms
   * do, though prom-client's types do not declare it), else get().
   */
  async getForPromString() {
    const { spec } = this;
    const le = spec.boundsMs.map((ms) => String(ms / 1000));
    const values = spec.read(this.sources).flatMap(({ labels, buckets }) => {
      if (buckets.boundsMs.join() !== spec.boundsMs.join())
        throw new RangeError(`${spec.name}: the recorded buckets do not match the declared bounds`);
      return [
        ...buckets.cumulative.map((value, i) => ({
          metricName: `${spec.name}_bucket`,
          labels: { ...labels, le: le[i] ?? '+Inf' },
          value,
        })),
        { metricName: `${spec.name}_sum`, labels, value: buckets.sumMs / 1000 },
        { metricName: `${spec.name}_count`, labels, value: buckets.count },
      ];
    });
    return { name: spec.name, help: spec.help, type: 'histogram', values, aggregator: 'sum' };
  }

  override async get() {
    // prom-client declares `type` as a numeric enum; at run time it is the string Prometheus prints.
    return (await this.getForPromString()) as unknown as Awaited<ReturnType<Histogram['get']>>;
  }
}

/**
 * Registers one prom-client metric per spec on `registry`; each reads its values from `sources`
 * when scraped.
 * @throws RangeError for a bad spec (checkSpecs), before registering anything.
 * @throws Error from prom-client for a name or label it refuses.
 */
export function registerSpecs<S>(
  specs: readonly MetricSpec<S>[],
  sources: S,
  registry: Registry,
): void {
  checkSpecs(specs);
  for (const spec of specs) {
    const common = { name: spec.name, help: spec.help, labelNames: spec.labelNames };
    switch (spec.type) {
      case 'counter':
        new Counter({
          ...common,
          registers: [registry],
          collect() {
            // The app keeps the lifetime total; the counter is set to it for this scrape.
            this.reset();
            for (const s of spec.read(sources)) this.inc(s.labels, s.value);
          },
        });
        break;
      case 'gauge':
        new Gauge({
          ...common,
          registers: [registry],
          async collect() {
            const samples = await spec.read(sources);
            this.reset(); // label sets that vanished (e.g. Redis unreachable) are not repeated
            for (const s of samples) this.set(s.labels, s.value);
          },
        });
        break;
      case 'histogram':
        new ScrapedHistogram(spec, sources, registry);
        break;
      default:
        spec satisfies never;
    }
  }
}
