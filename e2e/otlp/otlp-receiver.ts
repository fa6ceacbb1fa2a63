// A minimal OTLP/HTTP receiver for end-to-end tests: accepts POST /v1/traces and /v1/metrics in
// binary protobuf (as the SDK's default http/protobuf exporters send them), decodes them with the
// official OTLP protobuf definitions (proto/, opentelemetry-proto v1.11.0, Apache-2.0) through
// protobufjs, and keeps what it decoded for the test to read. Anything else gets a 4xx.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

const PROTO_DIR = join(dirname(fileURLToPath(import.meta.url)), 'proto');

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  // Imports in the .proto files are relative to the proto root, as protoc's -I would take them.
  root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
  root.loadSync([
    'opentelemetry/proto/collector/trace/v1/trace_service.proto',
    'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
  ]);
  return root;
}

/** A decoded attribute set: OTLP AnyValue turned into plain values. */
export type DecodedAttributes = Record<string, unknown>;

export interface DecodedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** '' for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  /** SPAN_KIND_CLIENT, SPAN_KIND_SERVER, … */
  readonly kind: string;
  readonly attributes: DecodedAttributes;
  readonly events: { readonly name: string; readonly attributes: DecodedAttributes }[];
  /** STATUS_CODE_UNSET, STATUS_CODE_OK, STATUS_CODE_ERROR. */
  readonly status: string;
  readonly scope: string;
  readonly resource: DecodedAttributes;
}

export interface DecodedPoint {
  readonly attributes: DecodedAttributes;
  /** A gauge's or sum's value, or a histogram's count. */
  readonly value: number;
  /** Histograms only. */
  readonly bounds?: readonly number[];
}

export interface DecodedMetric {
  readonly name: string;
  readonly unit: string;
  readonly type: 'gauge' | 'sum' | 'histogram' | 'other';
  readonly points: readonly DecodedPoint[];
}

export interface OtlpReceiver {
  /** The base URL for OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly url: string;
  readonly spans: readonly DecodedSpan[];
  /** Every metric export, oldest first (a metric appears once per export). */
  readonly metrics: readonly DecodedMetric[];
  /** Each request received: path and content type. */
  readonly requests: readonly { readonly path: string; readonly contentType: string }[];
  close(): Promise<void>;
}

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
}
interface KeyValue {
  key: string;
  value?: AnyValue;
}

function plain(v: AnyValue | undefined): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(plain);
  if (v.kvlistValue) return attributes(v.kvlistValue.values);
  return v.bytesValue;
}

function attributes(list: KeyValue[] | undefined): DecodedAttributes {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, plain(kv.value)]));
}

const hex = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64').toString('hex');
const TO_OBJECT = { longs: String, enums: String, bytes: String, defaults: false } as const;

/* eslint-disable @typescript-eslint/no-explicit-any -- protobufjs's toObject output is untyped */
function decodeSpans(body: any): DecodedSpan[] {
  const out: DecodedSpan[] = [];
  for (const rs of body.resourceSpans ?? []) {
    const resource = attributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          parentSpanId: hex(s.parentSpanId),
          name: s.name,
          kind: s.kind ?? 'SPAN_KIND_UNSPECIFIED',
          attributes: attributes(s.attributes),
          events: (s.events ?? []).map((e: any) => ({
            name: e.name,
            attributes: attributes(e.attributes),
          })),
          status: s.status?.code ?? 'STATUS_CODE_UNSET',
          scope: ss.scope?.name ?? '',
          resource,
        });
      }
    }
  }
  return out;
}

function decodeMetrics(body: any): DecodedMetric[] {
  const out: DecodedMetric[] = [];
  for (const rm of body.resourceMetrics ?? []) {
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const point = (p: any): DecodedPoint => ({
          attributes: attributes(p.attributes),
          value: Number(p.asInt ?? p.asDouble ?? p.count ?? 0),
          ...(p.explicitBounds ? { bounds: p.explicitBounds } : {}),
        });
        const type = m.gauge ? 'gauge' : m.sum ? 'sum' : m.histogram ? 'histogram' : 'other';
        const data = m.gauge ?? m.sum ?? m.histogram;
        out.push({
          name: m.name,
          unit: m.unit ?? '',
          type,
          points: (data?.dataPoints ?? []).map(point),
        });
      }
    }
  }
  return out;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

/** Starts the receiver on a free loopback port. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const root = loadRoot();
  const traceRequest = root.lookupType(
    'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
  );
  const metricsRequest = root.lookupType(
    'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
  );
  const spans: DecodedSpan[] = [];
  const metrics: DecodedMetric[] = [];
  const requests: { path: string; contentType: string }[] = [];

  const reply = (res: ServerResponse, status: number) => {
    // An empty Export*ServiceResponse is a full success.
    res.writeHead(status, { 'content-type': 'application/x-protobuf', 'content-length': 0 });
    res.end();
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const contentType = String(req.headers['content-type'] ?? '');
    requests.push({ path, contentType });
    if (req.method !== 'POST') return reply(res, 405);
    if (contentType !== 'application/x-protobuf') return reply(res, 415);
    const type =
      path === '/v1/traces' ? traceRequest : path === '/v1/metrics' ? metricsRequest : undefined;
    if (!type) return reply(res, 404);
    readBody(req).then(
      (body) => {
        try {
          const decoded = type.toObject(type.decode(body), TO_OBJECT);
          if (type === traceRequest) spans.push(...decodeSpans(decoded));
          else metrics.push(...decodeMetrics(decoded));
          reply(res, 200);
        } catch {
          reply(res, 400);
        }
      },
      () => reply(res, 400),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    metrics,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
