// The data layer's metrics against the real stack, collected from the SDK on demand: the
// operation duration and the pool under their standard names (checked against the published
// conventions), pool wait timeouts, the breaker's state. Transitions: db-tracing.int.test.ts.
import type { Attributes } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { testExecutor } from '../db/test-support';
import {
  metricPoints as points,
  traceExecutor,
  unknownNames,
  type InMemoryTelemetry,
} from './test-support';

// The attribute names the semantic conventions (v1.44.0) define for each metric, from
// https://github.com/open-telemetry/semantic-conventions/blob/v1.44.0/docs/db/database-metrics.md
const DB_METRICS: Record<string, readonly string[]> = {
  'db.client.operation.duration': [
    'db.system.name',
    'db.collection.name',
    'db.namespace',
    'db.operation.name',
    'db.response.status_code',
    'error.type',
    'server.port',
    'db.query.summary',
    'db.stored_procedure.name',
    'network.peer.address',
    'network.peer.port',
    'server.address',
    'db.query.text',
  ],
  'db.client.connection.count': ['db.client.connection.pool.name', 'db.client.connection.state'],
  'db.client.connection.max': ['db.client.connection.pool.name'],
  'db.client.connection.pending_requests': ['db.client.connection.pool.name'],
  'db.client.connection.timeouts': ['db.client.connection.pool.name'],
};

let telemetry: InMemoryTelemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

describe('DbInstruments', () => {
  it('metrics: the operation duration and the pool under their standard names', async () => {
    const ex = testExecutor('service', { poolSize: 1, queueSize: 5, queueTimeoutMs: 50 });
    const otel = (telemetry = traceExecutor(ex));
    await ex.run((db) => db.rpc('health_ping', undefined, { get: true }));
    let release!: () => void;
    const holder = ex.run(() => new Promise<void>((r) => (release = r)));
    const waiter = ex.run((db) => db.rpc('health_ping', undefined, { get: true }));
    const busy = await otel.metrics();
    await expect(waiter).rejects.toMatchObject({ code: 'POOL_EXHAUSTED' });
    release();
    await holder;
    const after = await otel.metrics();

    const pool = { 'db.client.connection.pool.name': 'service' };
    expect(points(busy, 'db.client.connection.count').map((p) => [p.attributes, p.value])).toEqual([
      [{ ...pool, 'db.client.connection.state': 'used' }, 1],
      [{ ...pool, 'db.client.connection.state': 'idle' }, 0],
    ]);
    expect(points(busy, 'db.client.connection.max')[0]?.value).toBe(1);
    expect(points(busy, 'db.client.connection.pending_requests')[0]?.value).toBe(1);
    expect(points(after, 'db.client.connection.pending_requests')[0]?.value).toBe(0);
    expect(points(after, 'db.client.connection.timeouts').map((p) => p.value)).toEqual([1]);
    const waited = (await otel.spans()).find(
      (s) => s.attributes['supabase_resilience.rejected_by'] === 'pool',
    )!;
    expect(
      waited.events.map((e) => [e.name, e.attributes?.['supabase_resilience.pool.reason']]),
    ).toEqual([['supabase_resilience.pool.rejected', 'queue-timeout']]);
    expect(
      points(after, 'supabase_resilience.breaker.state').find((p) => p.value === 1)?.attributes,
    ).toEqual({ ...pool, 'supabase_resilience.breaker.state': 'closed' });

    const durations = points(after, 'db.client.operation.duration') as {
      attributes: Attributes;
      value: { count: number; buckets: { boundaries: number[] } };
    }[];
    const ping = durations.find(
      (p) =>
        p.attributes['db.stored_procedure.name'] === 'health_ping' && !p.attributes['error.type'],
    );
    expect(ping?.value.count).toBe(1);
    expect(ping?.value.buckets.boundaries).toEqual([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]);
    expect(durations.some((p) => p.attributes['error.type'] === 'POOL_EXHAUSTED')).toBe(true);

    for (const [name, allowed] of Object.entries(DB_METRICS)) {
      const found = points(after, name);
      expect(found.length, name).toBeGreaterThan(0);
      for (const p of found) expect(unknownNames(p.attributes, allowed), name).toEqual([]);
    }
  });
});
