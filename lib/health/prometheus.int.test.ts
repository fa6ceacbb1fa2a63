// The Prometheus exposition against the real stack: real calls land in the histogram's buckets by
// their duration, outcomes are counted by error code, promtool accepts the output, and no series
// carries a secret or an undeclared label.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { testStack } from '../../scripts/testing/stack';
import {
  bucketDelta,
  parseExposition,
  summedBuckets,
  type Exposition,
} from '../../scripts/testing/exposition';
import { promtool } from '../../scripts/testing/prometheus';

const TOKEN = 'metrics-token-for-tests-0123456789';
process.env.HEALTH_TOKEN = TOKEN;
// One health probe per kind for the whole file: scrapes after the first add no calls of their own.
process.env.HEALTH_PROBE_TTL_MS = '600000';

const { GET: metricsRoute } = await import('../../app/api/health/metrics/route');
const { withServiceClient } = await import('../db');
const { cached, getRedisClient } = await import('../cache');

// The Redis probe follows HEALTH_PROBE_TTL_MS too: let the shared client connect before the
// first scrape, so the one probe of this file meets a ready Redis.
beforeAll(async () => {
  const redis = getRedisClient();
  await vi.waitFor(() => expect(redis.status).toBe('ready'), { timeout: 10_000 });
});
const { METRIC_SPECS } = await import('./metric-specs');

async function scrapeText(): Promise<string> {
  const res = await metricsRoute(
    new Request('http://app.test/api/health/metrics', {
      headers: { authorization: `Bearer ${TOKEN}` },
    }),
  );
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}
const scrape = async () => parseExposition(await scrapeText());

function value(exp: Exposition, name: string, labels: Record<string, string> = {}): number {
  const hits = exp.samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return hits.reduce((n, s) => n + s.value, 0);
}

const ping = () => withServiceClient((db) => db.rpc('health_ping'), { context: 'test.metrics' });

describe('GET /api/health/metrics', () => {
  it('needs the token', async () => {
    const res = await metricsRoute(new Request('http://app.test/api/health/metrics'));
    expect(res.status).toBe(401);
  });

  it('counts every call into the le bucket of its duration, with _sum and _count', async () => {
    await scrape(); // starts the shared health probes; their calls land before the next scrape
    const before = await scrape();
    const durations: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      await ping();
      durations.push((performance.now() - t) / 1000);
    }
    const after = await scrape();
    expect(after.types.db_call_duration_seconds).toBe('histogram');
    const delta = bucketDelta(
      summedBuckets(after, 'db_call_duration_seconds', { kind: 'service' }),
      summedBuckets(before, 'db_call_duration_seconds', { kind: 'service' }),
    );
    expect(delta.at(-1)).toEqual({ le: Infinity, count: durations.length });
    // The wrapper times each call inside the caller's own measurement, so a call the caller saw
    // finish within a bound is in that bucket (or a lower one).
    for (const { le, count } of delta)
      expect(count).toBeGreaterThanOrEqual(durations.filter((d) => d <= le).length);
    for (let i = 1; i < delta.length; i++)
      expect(delta[i]!.count).toBeGreaterThanOrEqual(delta[i - 1]!.count);
    const count = (e: Exposition) =>
      value(e, 'db_call_duration_seconds_count', { kind: 'service' });
    const sum = (e: Exposition) => value(e, 'db_call_duration_seconds_sum', { kind: 'service' });
    expect(count(after) - count(before)).toBe(durations.length);
    const sumDelta = sum(after) - sum(before);
    expect(sumDelta).toBeGreaterThan(0);
    expect(sumDelta).toBeLessThanOrEqual(durations.reduce((a, b) => a + b, 0));
    const calls = (e: Exposition) =>
      value(e, 'db_calls_total', { kind: 'service', outcome: 'success' });
    expect(calls(after) - calls(before)).toBe(durations.length);
  });

  it('counts a failed call under its error code, and the breaker as a state set', async () => {
    const before = await scrape();
    const err = await withServiceClient((db) => db.from('no_such_table' as 'notes').select()).then(
      () => undefined,
      (e: unknown) => e as { code: string },
    );
    expect(err?.code).toMatch(/^DB_/);
    const after = await scrape();
    expect(after.types.db_calls_total).toBe('counter');
    const failed = (e: Exposition) =>
      value(e, 'db_calls_total', { kind: 'service', outcome: err!.code });
    expect(failed(after) - failed(before)).toBe(1);
    for (const kind of ['service', 'anon']) {
      const states = after.samples.filter(
        (s) => s.name === 'db_breaker_state' && s.labels.kind === kind,
      );
      expect(states.map((s) => s.labels.state).sort()).toEqual(['closed', 'half-open', 'open']);
      expect(states.filter((s) => s.value === 1)).toHaveLength(1);
    }
  });

  it('times cache commands in a histogram and counts lookups by result', async () => {
    const before = await scrape();
    const key = `metrics-test:${randomUUID()}`;
    await cached(key, 30, async () => 1); // miss: GET, then SET
    await cached(key, 30, async () => 1); // hit: GET
    const after = await scrape();
    expect(after.types.cache_command_duration_seconds).toBe('histogram');
    const lookups = (e: Exposition, result: string) => value(e, 'cache_lookups_total', { result });
    expect(lookups(after, 'miss') - lookups(before, 'miss')).toBe(1);
    expect(lookups(after, 'hit') - lookups(before, 'hit')).toBe(1);
    const commands =
      value(after, 'cache_command_duration_seconds_count') -
      value(before, 'cache_command_duration_seconds_count');
    expect(commands).toBeGreaterThanOrEqual(3);
    // The PING probe is shared and reused for 2 s: the first one may have met a connecting client.
    await vi.waitFor(async () => expect(value(await scrape(), 'redis_up')).toBe(1), {
      timeout: 10_000,
      interval: 500,
    });
  });

  it('passes promtool check metrics, with process metrics under their standard names', async () => {
    const text = await scrapeText();
    expect(promtool(['check', 'metrics'], text)).toEqual({ code: 0, out: '' });
    const { types } = parseExposition(text);
    expect(types).toMatchObject({
      process_cpu_seconds_total: 'counter',
      process_resident_memory_bytes: 'gauge',
      nodejs_heap_size_used_bytes: 'gauge',
      nodejs_eventloop_lag_p99_seconds: 'gauge',
    });
  });

  it('carries no secret and only the labels its spec declares', async () => {
    const text = await scrapeText();
    const state = testStack();
    for (const secret of [
      state.serviceRoleKey,
      state.anonKey,
      state.jwtSecret,
      state.redisPassword,
      state.authenticatorPassword,
      TOKEN,
    ])
      expect(text).not.toContain(secret);
    const declared = new Map(METRIC_SPECS.map((s) => [s.name, new Set<string>(s.labelNames)]));
    for (const s of parseExposition(text).samples) {
      const family = s.name.replace(/_(bucket|sum|count)$/, '');
      const labels = declared.get(family) ?? declared.get(s.name);
      if (!labels) continue; // prom-client's default metrics
      for (const l of Object.keys(s.labels)) {
        if (l === 'le' && s.name.endsWith('_bucket')) continue;
        expect(labels, `${s.name} label ${l}`).toContain(l);
      }
    }
  });
});
