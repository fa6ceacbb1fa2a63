import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { BucketCounts } from '../metrics';
import { checkSpecs, registerSpecs, specsReading, type MetricSpec } from './metric-spec';

interface Fake {
  calls: number;
  inFlight: Record<string, number>;
  buckets: BucketCounts;
}
const metric = specsReading<Fake>();

function fixture() {
  const fake: Fake = {
    calls: 0,
    inFlight: { a: 1, b: 2 },
    buckets: new BucketCounts([1, 2.5, 300]),
  };
  const specs = [
    metric({
      name: 'x_calls_total',
      help: 'Calls.',
      type: 'counter',
      labelNames: ['kind'] as const,
      read: (f) => [{ labels: { kind: 'a' }, value: f.calls }],
    }),
    metric({
      name: 'x_in_flight',
      help: 'In flight.',
      type: 'gauge',
      labelNames: ['kind'] as const,
      read: async (f) =>
        Object.entries(f.inFlight).map(([kind, value]) => ({ labels: { kind }, value })),
    }),
    metric({
      name: 'x_duration_seconds',
      help: 'Duration.',
      type: 'histogram',
      labelNames: ['kind'] as const,
      boundsMs: [1, 2.5, 300],
      read: (f) => [{ labels: { kind: 'a' }, buckets: f.buckets.snapshot() }],
    }),
  ];
  const registry = new Registry();
  registerSpecs(specs, fake, registry);
  return { fake, registry };
}

describe('registerSpecs', () => {
  it('exposes a histogram read at scrape time as cumulative le buckets in seconds', async () => {
    const { fake, registry } = fixture();
    for (const ms of [0.5, 2, 2.5, 250, 301]) fake.buckets.record(ms);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE x_duration_seconds histogram');
    expect(text).toContain(
      [
        'x_duration_seconds_bucket{kind="a",le="0.001"} 1',
        'x_duration_seconds_bucket{kind="a",le="0.0025"} 3',
        'x_duration_seconds_bucket{kind="a",le="0.3"} 4',
        'x_duration_seconds_bucket{kind="a",le="+Inf"} 5',
        'x_duration_seconds_sum{kind="a"} 0.556',
        'x_duration_seconds_count{kind="a"} 5',
      ].join('\n'),
    );
  });

  it('sets counters to the lifetime total the app keeps, and gauges to their current value', async () => {
    const { fake, registry } = fixture();
    fake.calls = 7;
    expect(await registry.metrics()).toContain('x_calls_total{kind="a"} 7');
    fake.calls = 9;
    fake.inFlight = { a: 3 };
    const text = await registry.metrics();
    expect(text).toContain('# TYPE x_calls_total counter');
    expect(text).toContain('x_calls_total{kind="a"} 9');
    expect(text).toContain('x_in_flight{kind="a"} 3');
    expect(text).not.toContain('x_in_flight{kind="b"}'); // a label set that vanished is not repeated
  });

  it('fails the scrape when the recorded buckets are not the declared ones', async () => {
    const { fake, registry } = fixture();
    fake.buckets = new BucketCounts([1, 2]);
    await expect(registry.metrics()).rejects.toThrow(/do not match the declared bounds/);
  });
});

describe('checkSpecs', () => {
  const base = { help: 'Something.', labelNames: [] as string[], read: () => [] };
  const counter = (name: string, labelNames: string[] = []) =>
    ({ ...base, name, labelNames, type: 'counter' }) as MetricSpec<never>;
  const gauge = (name: string) => ({ ...base, name, type: 'gauge' }) as MetricSpec<never>;
  const histogram = (name: string) =>
    ({ ...base, name, type: 'histogram', boundsMs: [1] }) as MetricSpec<never>;

  it.each([
    [[counter('dbCalls_total')], /snake_case/],
    [[counter('db_calls')], /counter name must end in _total/],
    [[gauge('db_things_total')], /only counters end in _total/],
    [[histogram('db_call_duration')], /ends in _seconds/],
    [[gauge('db_latency_ms')], /base units/],
    [[{ ...counter('db_x_total'), help: ' ' }], /help/],
    [[counter('db_x_total', ['Kind'])], /label Kind must be snake_case/],
    [[counter('db_x_total', ['le'])], /label le is reserved/],
    [[counter('db_x_total', ['kind', 'kind'])], /declared twice/],
    [[counter('db_x_total'), counter('db_x_total')], /db_x_total is declared twice/],
    [
      [histogram('db_x_seconds'), gauge('db_x_seconds_count')],
      /db_x_seconds_count is declared twice/,
    ],
  ])('refuses %j', (specs, why) => {
    expect(() => checkSpecs(specs)).toThrow(why);
    expect(() => registerSpecs(specs, undefined as never, new Registry())).toThrow(RangeError);
  });

  it('refuses a bad table before registering any of it', () => {
    const registry = new Registry();
    expect(() =>
      registerSpecs([gauge('ok_gauge'), gauge('bad_total')], undefined as never, registry),
    ).toThrow();
    expect(registry.getMetricsAsArray()).toHaveLength(0);
  });
});
