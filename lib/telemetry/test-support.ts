// Test-only: an OpenTelemetry SDK kept in memory (every span exported at once, metrics collected
// on demand) and a DbTracing on it for a test executor, with the W3C propagator in place.
import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Attributes } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import {
  AlwaysOnSampler,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import type { DbExecutor } from '../db/db-executor';
import { serverEnv } from '../env';
import { repliesSettled } from './after-reply';
import { DbTracing } from './db-tracing';

/** Collects when asked, never on a timer. */
class OnDemandReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export interface InMemoryTelemetry {
  readonly tracing: DbTracing;
  /** Spans ended so far (their ends wait for the calls to answer), in the order they ended. */
  spans(): Promise<ReadableSpan[]>;
  metrics(): Promise<ResourceMetrics>;
  reset(): void;
  shutdown(): Promise<void>;
}

/** Traces and meters `ex` (its observer and breaker transitions) into memory. */
export function traceExecutor(ex: DbExecutor): InMemoryTelemetry {
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    sampler: new AlwaysOnSampler(),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const tracing = new DbTracing({
    tracer: tracerProvider.getTracer('test'),
    meter: meterProvider.getMeter('test'),
    pools: {
      kinds: ex.kind === 'replica' ? [] : [ex.kind],
      read: () =>
        ({
          [ex.kind]: {
            inFlight: ex.pool.inFlight,
            queued: ex.pool.queued,
            max: ex.pool.maxConcurrent,
            breaker: ex.breaker.state.name,
          },
        }) as never,
    },
    supabaseUrl: serverEnv().SUPABASE_URL,
  });
  ex.observer = tracing;
  const unsubscribe = ex.breaker.onTransition((t) => tracing.breakerTransition(ex.kind, t));
  return {
    tracing,
    spans: async () => {
      await repliesSettled();
      return exporter.getFinishedSpans();
    },
    metrics: async () => {
      await repliesSettled();
      return (await reader.collect()).resourceMetrics;
    },
    reset: () => exporter.reset(),
    async shutdown() {
      await repliesSettled();
      unsubscribe();
      ex.observer = undefined;
      propagation.disable();
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}

/** Names outside the conventions are ours, under the project's namespace. */
export const OUR_NAME = /^supabase_resilience\.[a-z_.]+$/;

/** The names in `attributes` neither in `allowed` nor in our namespace. */
export function unknownNames(attributes: Attributes, allowed: readonly string[]): string[] {
  return Object.keys(attributes).filter((k) => !allowed.includes(k) && !OUR_NAME.test(k));
}

/** The data points of the metric `name` in one collection (none when it was not reported). */
export function metricPoints(
  metrics: ResourceMetrics,
  name: string,
): { attributes: Attributes; value: unknown }[] {
  const metric = metrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []) as { attributes: Attributes; value: unknown }[];
}
