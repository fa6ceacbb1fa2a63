// OpenTelemetry end to end: `next start` instances of the built app on the e2e stack. Without
// OpenTelemetry variables no OpenTelemetry SDK module is loaded (only the API, which Next.js's
// own tracer loads) and the data layer has no observer. With OTEL_EXPORTER_OTLP_ENDPOINT pointing
// at an OTLP/HTTP receiver started here, a page load and an API call arrive as spans (decoded
// with the official OTLP protobuf definitions): Next.js's server spans, the data layer's call and
// attempt spans under them, ioredis's; then, through a PostgREST outage, the breaker's opening
// and its rejections; and the database metrics under their standard names.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readState, startService, stopService } from '../scripts/stack/index.ts';
import { startInstance, type AppInstance } from './instances';
import {
  startOtlpReceiver,
  type DecodedMetric,
  type DecodedSpan,
  type OtlpReceiver,
} from './otlp/otlp-receiver';

const ADMIN_TOKEN = 'e2e-telemetry-admin-token-0123456789';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const PROBE = join(process.cwd(), 'e2e', 'otlp', 'module-probe.mjs');
/** The OpenTelemetry API, from node_modules or Next.js's compiled copy: Next.js loads it itself. */
const API_MODULE = /(^|\/)node_modules\/(next\/dist\/compiled\/)?@opentelemetry\/api\//;

function stack() {
  const state = readState(process.env.E2E_STACK!);
  if (!state) throw new Error('the e2e stack is not running');
  return state;
}

interface Probe {
  readonly modules: readonly string[];
  readonly observer: string;
  readonly telemetry: string;
}

/** What the instance has loaded (see otlp/module-probe.mjs). */
async function probe(app: AppInstance, out: string): Promise<Probe> {
  rmSync(out, { force: true });
  process.kill(app.pid, 'SIGUSR2');
  await expect.poll(() => existsSync(out), { timeout: 10_000 }).toBe(true);
  return JSON.parse(readFileSync(out, 'utf8')) as Probe;
}

const openTelemetryModules = (p: Probe) => p.modules.filter((m) => m.includes('@opentelemetry/'));

async function status(url: string, headers: Record<string, string> = {}): Promise<number> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-otel-'));
});
test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('unconfigured: no OpenTelemetry SDK module is loaded and the data layer has no observer', async ({
  page,
}) => {
  const out = join(dir, 'off.json');
  const app = await startInstance({
    id: 'e2e-otel-off',
    env: { ADMIN_TOKEN, NODE_OPTIONS: `--import ${PROBE}`, MODULE_PROBE_OUT: out },
  });
  try {
    await page.goto(`${app.url}/signin`);
    expect(await status(`${app.url}/api/admin/notes?limit=3`, admin)).toBe(200);
    const loaded = await probe(app, out);
    expect(loaded.modules.some((m) => m.includes('/lib/') || m.includes('.next/'))).toBe(true);
    expect(openTelemetryModules(loaded).filter((m) => !API_MODULE.test(m))).toEqual([]);
    expect(loaded.observer).toBe('undefined');
    expect(loaded.telemetry).toBe('undefined');
  } finally {
    await app.stop();
  }
});

test.describe('configured with an OTLP/HTTP endpoint', () => {
  let receiver: OtlpReceiver;
  let app: AppInstance;
  const out = () => join(dir, 'on.json');

  test.beforeAll(async () => {
    receiver = await startOtlpReceiver();
    app = await startInstance({
      id: 'e2e-otel-on',
      env: {
        ADMIN_TOKEN,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_SERVICE_NAME: 'e2e-otel',
        // Export often, so the test waits seconds, not the defaults' 5 s and 60 s.
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
        OTEL_METRIC_EXPORT_TIMEOUT: '1000',
        // A short outage trips the breaker: two attempts per call, three failures in a row.
        DB_MAX_ATTEMPTS: '2',
        DB_BACKOFF_BASE_MS: '10',
        DB_BACKOFF_CAP_MS: '20',
        DB_BREAKER_CONSECUTIVE_FAILURES: '3',
        NODE_OPTIONS: `--import ${PROBE}`,
        MODULE_PROBE_OUT: out(),
      },
    });
  });
  test.afterAll(async () => {
    await startService(stack(), 'postgrest');
    await app?.stop();
    await receiver?.close();
  });

  const spans = () => receiver.spans;
  const server = (route: string) =>
    spans().find((s) => s.kind === 'SPAN_KIND_SERVER' && s.attributes['http.route'] === route);
  const inTrace = (root: DecodedSpan) => spans().filter((s) => s.traceId === root.traceId);
  const latest = (name: string): DecodedMetric | undefined =>
    receiver.metrics.findLast((m) => m.name === name);

  test('a page load and an API call arrive as spans, the database calls under the API route', async ({
    page,
  }) => {
    const loaded = await probe(app, out());
    expect(openTelemetryModules(loaded).some((m) => m.includes('@opentelemetry/sdk-node/'))).toBe(
      true,
    );
    expect(loaded.observer).toBe('object');

    await page.goto(`${app.url}/signin`);
    await expect(page.getByLabel('Health token')).toBeVisible();
    expect(await status(`${app.url}/api/admin/notes?limit=5`, admin)).toBe(200);

    await expect
      .poll(() => !!server('/signin') && !!server('/api/admin/notes'), {
        timeout: 20_000,
      })
      .toBe(true);
    expect(receiver.requests.every((r) => r.contentType === 'application/x-protobuf')).toBe(true);
    const pageSpan = server('/signin')!;
    expect(pageSpan.resource['service.name']).toBe('e2e-otel');
    expect(pageSpan.attributes['http.status_code']).toBe(200);

    const apiSpan = server('/api/admin/notes')!;
    await expect
      .poll(() => inTrace(apiSpan).filter((s) => s.attributes['db.system.name'] === 'postgresql'), {
        timeout: 20_000,
      })
      .toHaveLength(2);
    const trace = inTrace(apiSpan);
    const calls = trace.filter((s) => s.attributes['db.system.name'] === 'postgresql');
    for (const call of calls) {
      expect(call).toMatchObject({
        name: 'SELECT notes',
        kind: 'SPAN_KIND_CLIENT',
        scope: 'supabase-resilience/lib-db',
      });
      expect(call.attributes).toMatchObject({
        'db.collection.name': 'notes',
        'db.operation.name': 'SELECT',
        'db.namespace': 'public',
        'supabase_resilience.client.kind': 'service',
        'supabase_resilience.attempts': 1,
      });
      const attempts = trace.filter((s) => s.parentSpanId === call.spanId);
      expect(attempts).toHaveLength(1);
      expect(attempts[0]).toMatchObject({ kind: 'SPAN_KIND_CLIENT' });
      expect(attempts[0]!.attributes['http.response.status_code']).toBe(200);
    }
    // The API route's own span is an ancestor of every database call.
    const ids = new Map(trace.map((s) => [s.spanId, s]));
    for (const call of calls) {
      let at: DecodedSpan | undefined = call;
      while (at && at !== apiSpan) at = ids.get(at.parentSpanId);
      expect(at, call.name).toBe(apiSpan);
    }
    // The cache lookup before the query, traced by @opentelemetry/instrumentation-ioredis.
    expect(
      trace.some(
        (s) =>
          s.attributes['db.system.name'] === 'redis' &&
          s.scope === '@opentelemetry/instrumentation-ioredis',
      ),
    ).toBe(true);
  });

  test('a PostgREST outage: the breaker opens on an attempt span, rejections have no attempt', async () => {
    test.setTimeout(120_000);
    await stopService(stack(), 'postgrest');
    try {
      // Distinct limits: each call misses the cache and reaches the data layer.
      for (let limit = 11; limit <= 18; limit++)
        expect(await status(`${app.url}/api/admin/notes?limit=${limit}`, admin)).toBe(503);
    } finally {
      await startService(stack(), 'postgrest');
    }
    await expect
      .poll(
        () => spans().some((s) => s.attributes['supabase_resilience.rejected_by'] === 'breaker'),
        {
          timeout: 20_000,
        },
      )
      .toBe(true);
    const rejected = spans().filter(
      (s) => s.attributes['supabase_resilience.rejected_by'] === 'breaker',
    );
    for (const span of rejected) {
      expect(span.status).toBe('STATUS_CODE_ERROR');
      expect(span.attributes['error.type']).toBe('CIRCUIT_OPEN');
      expect(spans().filter((s) => s.parentSpanId === span.spanId)).toEqual([]);
    }
    const opened = spans().find((s) =>
      s.events.some(
        (e) =>
          e.name === 'supabase_resilience.breaker.transition' &&
          e.attributes['supabase_resilience.breaker.to'] === 'open',
      ),
    );
    expect(['GET', 'HEAD']).toContain(opened?.attributes['http.request.method']);
    expect(opened?.attributes['error.type']).toBe('502');
  });

  test('the database metrics arrive under their standard names', async () => {
    await expect
      .poll(() => latest('supabase_resilience.breaker.transitions')?.points ?? [], {
        timeout: 30_000,
      })
      .toContainEqual(
        expect.objectContaining({
          attributes: {
            'db.client.connection.pool.name': 'service',
            'supabase_resilience.breaker.from': 'closed',
            'supabase_resilience.breaker.to': 'open',
          },
        }),
      );
    const duration = latest('db.client.operation.duration');
    expect(duration).toMatchObject({ type: 'histogram', unit: 's' });
    expect(
      duration!.points.find(
        (p) => p.attributes['db.collection.name'] === 'notes' && !p.attributes['error.type'],
      ),
    ).toMatchObject({
      attributes: expect.objectContaining({
        'db.system.name': 'postgresql',
        'db.collection.name': 'notes',
      }),
      bounds: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
    });
    expect(duration!.points.some((p) => p.attributes['error.type'] === 'CIRCUIT_OPEN')).toBe(true);

    const count = latest('db.client.connection.count');
    expect(count).toMatchObject({ type: 'sum', unit: '{connection}' });
    for (const pool of ['service', 'anon'])
      for (const state of ['used', 'idle'])
        expect(count!.points).toContainEqual(
          expect.objectContaining({
            attributes: {
              'db.client.connection.pool.name': pool,
              'db.client.connection.state': state,
            },
          }),
        );
    for (const [name, unit] of [
      ['db.client.connection.max', '{connection}'],
      ['db.client.connection.pending_requests', '{request}'],
      ['db.client.connection.timeouts', '{timeout}'],
      ['supabase_resilience.breaker.state', '{breaker}'],
    ] as const) {
      const metric = latest(name);
      expect(metric, name).toMatchObject({ type: 'sum', unit });
      expect(metric!.points.length, name).toBeGreaterThanOrEqual(2);
    }
    expect(latest('db.client.connection.max')!.points.every((p) => p.value > 0)).toBe(true);
  });
});
