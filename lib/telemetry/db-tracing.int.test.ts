// OpenTelemetry traces of the data layer against the real stack, with the SDK's in-memory
// exporter: a span per call and per attempt that match what the gateway received, a breaker
// rejection with no attempt, the traceparent of every request naming its attempt span, and every
// attribute name checked against the published conventions. Metrics: db-instruments.int.test.ts.
import { randomUUID } from 'node:crypto';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createUser,
  faults,
  gatewayStats,
  gatewayTraceparents,
  resetGatewayStats,
  sql,
} from '../../scripts/testing/stack';
import type { DbExecutor } from '../db/db-executor';
import { testExecutor } from '../db/test-support';
import {
  OUR_NAME,
  metricPoints,
  traceExecutor,
  unknownNames,
  type InMemoryTelemetry,
} from './test-support';

// Attribute names the semantic conventions (v1.44.0) define for what this layer emits, copied
// from the published tables:
// - database client spans, PostgreSQL:
//   https://github.com/open-telemetry/semantic-conventions/blob/v1.44.0/docs/db/database-spans.md#span-definition
//   https://github.com/open-telemetry/semantic-conventions/blob/v1.44.0/docs/db/postgresql.md#spans
const DB_SPAN_ATTRIBUTES = [
  'db.system.name',
  'db.collection.name',
  'db.namespace',
  'db.operation.name',
  'db.response.status_code',
  'error.type',
  'server.port',
  'db.operation.batch.size',
  'db.query.summary',
  'db.query.text',
  'db.stored_procedure.name',
  'network.peer.address',
  'network.peer.port',
  'server.address',
  'db.response.returned_rows',
];
// - HTTP client spans (one per attempt to send a request):
//   https://github.com/open-telemetry/semantic-conventions/blob/v1.44.0/docs/http/http-spans.md#http-client-span
const HTTP_CLIENT_SPAN_ATTRIBUTES = [
  'http.request.method',
  'server.address',
  'server.port',
  'url.full',
  'error.type',
  'http.request.method_original',
  'http.response.status_code',
  'network.protocol.name',
  'http.request.resend_count',
  'network.peer.address',
  'network.peer.port',
  'network.protocol.version',
  'http.request.body.size',
  'http.request.size',
  'http.response.body.size',
  'http.response.size',
  'network.transport',
  'url.scheme',
  'url.template',
  'user_agent.original',
  'user_agent.synthetic.type',
];

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

let telemetry: InMemoryTelemetry | undefined;
afterEach(async () => {
  try {
    await telemetry?.shutdown();
  } finally {
    telemetry = undefined;
    await faults.start('postgrest');
  }
});

function traced(ex: DbExecutor): InMemoryTelemetry {
  telemetry = traceExecutor(ex);
  return telemetry;
}

const isCall = (s: ReadableSpan) => s.attributes['db.system.name'] === 'postgresql';
const childrenOf = (spans: ReadableSpan[], parent: ReadableSpan) =>
  spans
    .filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);

function checkNames(spans: ReadableSpan[]): void {
  for (const span of spans) {
    const allowed = isCall(span) ? DB_SPAN_ATTRIBUTES : HTTP_CLIENT_SPAN_ATTRIBUTES;
    expect(unknownNames(span.attributes, allowed), span.name).toEqual([]);
    for (const event of span.events) {
      expect(event.name).toMatch(OUR_NAME);
      expect(unknownNames(event.attributes ?? {}, ['error.type']), event.name).toEqual([]);
    }
  }
}

describe('DbTracing', () => {
  it('a call retried twice: one call span with three attempt children, as the gateway saw them', async () => {
    const ex = testExecutor('service', {
      maxAttempts: 3,
      backoffBaseMs: 5,
      backoffCapMs: 10,
      breakerConsecutiveFailures: 100,
    });
    const otel = traced(ex);
    await faults.stop('postgrest');
    await resetGatewayStats();
    await expect(
      ex.run((db) => db.rpc('health_ping', undefined, { get: true }), { context: 'test.retried' }),
    ).rejects.toMatchObject({ code: 'DB_UNAVAILABLE' });

    const spans = await otel.spans();
    const calls = spans.filter(isCall);
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.name).toBe('EXECUTE health_ping');
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(call.status.code).toBe(SpanStatusCode.ERROR);
    expect(call.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.operation.name': 'EXECUTE',
      'db.stored_procedure.name': 'health_ping',
      'db.namespace': 'public',
      'error.type': 'DB_UNAVAILABLE',
      'supabase_resilience.client.kind': 'service',
      'supabase_resilience.context': 'test.retried',
      'supabase_resilience.attempts': 3,
      'supabase_resilience.breaker.state_at_start': 'closed',
    });

    const attempts = childrenOf(spans, call);
    expect(spans).toHaveLength(4);
    expect(
      attempts.map((a) => [
        a.name,
        a.kind,
        a.attributes['http.request.resend_count'],
        a.attributes['supabase_resilience.attempt.next'],
        typeof a.attributes['supabase_resilience.attempt.backoff_ms'],
      ]),
    ).toEqual([
      ['GET', SpanKind.CLIENT, undefined, 'retry', 'number'],
      ['GET', SpanKind.CLIENT, 1, 'retry', 'number'],
      ['GET', SpanKind.CLIENT, 2, 'attempts-exhausted', 'undefined'],
    ]);

    // What the gateway counted: three requests, each carrying its attempt's span id, each
    // answered with the status its attempt span records.
    expect((await gatewayStats()).total).toBe(3);
    const seen = await gatewayTraceparents();
    expect(
      seen.map((e) => {
        const [, traceId, spanId] = TRACEPARENT.exec(e.traceparent ?? '') ?? [];
        return { traceId, spanId, status: e.status };
      }),
    ).toEqual(
      attempts.map((a) => ({
        traceId: call.spanContext().traceId,
        spanId: a.spanContext().spanId,
        status: a.attributes['http.response.status_code'],
      })),
    );
    expect(attempts.every((a) => a.attributes['error.type'] === '502')).toBe(true);
    checkNames(spans);
  });

  it('a breaker rejection: an error span with no attempt child; the opening is an event of the attempt that caused it', async () => {
    const ex = testExecutor('service', { maxAttempts: 1, breakerConsecutiveFailures: 1 });
    const otel = traced(ex);
    await faults.stop('postgrest');
    await ex.run((db) => db.rpc('health_ping', undefined, { get: true })).catch(() => {});
    const opening = (await otel.spans()).find((s) => !isCall(s))!;
    expect(
      opening.events.map((e) => [e.name, e.attributes?.['supabase_resilience.breaker.to']]),
    ).toEqual([['supabase_resilience.breaker.transition', 'open']]);
    otel.reset();

    await expect(
      ex.run((db) => db.rpc('health_ping', undefined, { get: true })),
    ).rejects.toMatchObject({
      code: 'CIRCUIT_OPEN',
    });
    const spans = await otel.spans();
    expect(spans).toHaveLength(1);
    const [rejected] = spans;
    expect(rejected!.status.code).toBe(SpanStatusCode.ERROR);
    expect(rejected!.attributes).toMatchObject({
      'error.type': 'CIRCUIT_OPEN',
      'supabase_resilience.rejected_by': 'breaker',
      'supabase_resilience.attempts': 0,
      'supabase_resilience.breaker.state_at_start': 'open',
    });
    expect(rejected!.events.map((e) => e.name)).toEqual(['supabase_resilience.breaker.rejected']);
    checkNames(spans);

    const metrics = await otel.metrics();
    const pool = { 'db.client.connection.pool.name': 'service' };
    expect(
      metricPoints(metrics, 'supabase_resilience.breaker.transitions').map((p) => [
        p.attributes,
        p.value,
      ]),
    ).toEqual([
      [
        {
          ...pool,
          'supabase_resilience.breaker.from': 'closed',
          'supabase_resilience.breaker.to': 'open',
        },
        1,
      ],
    ]);
    expect(
      metricPoints(metrics, 'supabase_resilience.breaker.state').find((p) => p.value === 1)
        ?.attributes,
    ).toEqual({ ...pool, 'supabase_resilience.breaker.state': 'open' });
  });

  it('every request carries a traceparent naming its attempt span; spans name what they touched', async () => {
    const ex = testExecutor('service');
    const otel = traced(ex);
    const user = await createUser();
    const key = randomUUID();
    await sql(
      `insert into public.notes (user_id, title, idempotency_key) values ('${user.id}', 'first', '${key}')`,
    );
    await resetGatewayStats();
    for (let i = 0; i < 5; i++) {
      await ex.run((db) => db.from('notes').select('id').eq('user_id', user.id).limit(1));
      await ex.run((db) => db.rpc('health_ping', undefined, { get: true }));
      await ex.run((db) =>
        Promise.all([db.from('notes').select('id').limit(1), db.rpc('health_ping')]),
      );
    }
    await expect(
      ex.run((db) =>
        db.from('notes').insert({ user_id: user.id, title: 'dupe', idempotency_key: key }),
      ),
    ).rejects.toMatchObject({ code: 'DB_CONSTRAINT' });

    const spans = await otel.spans();
    const calls = spans.filter(isCall);
    expect(calls).toHaveLength(16);
    const attempts = spans.filter((s) => !isCall(s));
    const attemptIds = new Map(attempts.map((a) => [a.spanContext().spanId, a]));
    const seen = await gatewayTraceparents();
    expect(seen).toHaveLength((await gatewayStats()).total);
    expect(seen).toHaveLength(5 * 4 + 1);
    for (const entry of seen) {
      const match = TRACEPARENT.exec(entry.traceparent ?? '');
      expect(match, `${entry.route}: ${entry.traceparent}`).not.toBeNull();
      const [, traceId, spanId, flags] = match!;
      const attempt = attemptIds.get(spanId!);
      expect(attempt, entry.route).toBeDefined();
      expect(traceId).toBe(attempt!.spanContext().traceId);
      expect(flags).toBe('01');
    }

    const [select] = calls;
    expect(select!.name).toBe('SELECT notes');
    expect(select!.attributes).toMatchObject({
      'db.collection.name': 'notes',
      'db.operation.name': 'SELECT',
      'db.namespace': 'public',
    });
    expect(select!.status.code).toBe(SpanStatusCode.UNSET);
    const [get] = childrenOf(spans, select!);
    expect(get!.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.response.status_code': 200,
    });
    expect(get!.attributes['supabase_resilience.attempt.next']).toBeUndefined();
    // A filter's value is data: redacted; PostgREST's own parameters stay readable.
    expect(get!.attributes['url.full']).toMatch(
      /\/rest\/v1\/notes\?select=id&user_id=REDACTED&limit=1$/,
    );

    const both = calls[2]!;
    expect(both.name).toBe('SELECT notes EXECUTE health_ping');
    expect(both.attributes['db.query.summary']).toBe('SELECT notes EXECUTE health_ping');
    expect(both.attributes['db.collection.name']).toBeUndefined();
    expect(both.attributes['db.operation.name']).toBeUndefined();

    const dupe = calls.at(-1)!;
    expect(dupe.name).toBe('INSERT notes');
    expect(dupe.attributes).toMatchObject({
      'db.response.status_code': '23505',
      'error.type': '23505',
    });
    expect(childrenOf(spans, dupe)[0]!.attributes).toMatchObject({
      'http.response.status_code': 409,
      'error.type': '409',
      'supabase_resilience.attempt.next': 'not-transient',
    });
    checkNames(spans);
  });
});
