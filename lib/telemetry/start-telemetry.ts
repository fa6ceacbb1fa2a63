// Starts the OpenTelemetry SDK for the server process (@opentelemetry/sdk-node: exporters,
// sampler, propagators and resource from the standard OTEL_* variables; OTLP over HTTP/protobuf
// by default), instruments ioredis, and attaches the data layer's tracing: its observer, its
// breaker transitions and its pool figures. Loaded only when a signal is on (lib/startup imports
// it dynamically), and before anything requires ioredis, which the instrumentation patches when
// it is required.
import 'server-only';
import { metrics, trace } from '@opentelemetry/api';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  CLIENT_KINDS,
  getDbSnapshot,
  onBreakerTransition,
  addDbObserver,
  type ClientKind,
} from '../db';
import type { ServerEnv } from '../env';
import type { PoolFigures } from './db-instruments';
import { DbTracing } from './db-tracing';

/** The instrumentation scope of the data layer's spans and metrics. */
export const TELEMETRY_SCOPE = 'supabase-resilience/lib-db';
const DEFAULT_SERVICE_NAME = 'supabase-resilience-dashboard';

export interface TelemetrySettings {
  readonly traces: boolean;
  readonly metrics: boolean;
}

export interface Telemetry {
  /** Flushes what is buffered and stops exporting; the data layer's observer is removed. */
  shutdown(): Promise<void>;
}

const store = globalThis as typeof globalThis & { __telemetry?: Telemetry };

function readPools(): Record<ClientKind, PoolFigures> {
  const snapshot = getDbSnapshot();
  const out: Partial<Record<ClientKind, PoolFigures>> = {};
  for (const kind of CLIENT_KINDS) {
    const { pool, breaker } = snapshot[kind];
    out[kind] = {
      inFlight: pool.inFlight,
      queued: pool.queued,
      max: pool.max,
      breaker: breaker.state.name,
    };
  }
  return out as Record<ClientKind, PoolFigures>;
}

/**
 * Registers the SDK globally (once per process, kept across Next's dev reloads) with the signals
 * asked for, and traces the data layer.
 */
export function startTelemetry(env: ServerEnv, settings: TelemetrySettings): Telemetry {
  if (store.__telemetry) return store.__telemetry;
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? DEFAULT_SERVICE_NAME,
    // Unset: the OTEL_* variables decide. An empty list: that signal stays off (the SDK would
    // otherwise default to OTLP for it).
    spanProcessors: settings.traces ? undefined : [],
    metricReaders: settings.metrics ? undefined : [],
    // The app emits no OpenTelemetry logs: no log exporter.
    logRecordProcessors: [],
    instrumentations: [new IORedisInstrumentation()],
  });
  sdk.start();
  const tracing = new DbTracing({
    tracer: trace.getTracer(TELEMETRY_SCOPE),
    meter: metrics.getMeter(TELEMETRY_SCOPE),
    pools: { kinds: CLIENT_KINDS, read: readPools },
    supabaseUrl: env.SUPABASE_URL,
  });
  const unsubscribe = CLIENT_KINDS.map((kind) =>
    onBreakerTransition(kind, (t) => tracing.breakerTransition(kind, t)),
  );
  const removeObserver = addDbObserver(tracing);
  const telemetry: Telemetry = {
    async shutdown() {
      removeObserver();
      for (const off of unsubscribe) off();
      store.__telemetry = undefined;
      await sdk.shutdown();
    },
  };
  store.__telemetry = telemetry;
  return telemetry;
}
