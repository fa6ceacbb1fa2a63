// The data layer's observer when OpenTelemetry is on: a span per wrapped call and per attempt
// (see call-span.ts, attempt-span.ts), the standard database metrics, and breaker transitions as
// span events and a counter. It only uses @opentelemetry/api, so any SDK (or a test's in-memory
// one) can sit behind the tracer and meter it is given.
import type { Meter, Tracer } from '@opentelemetry/api';
import type { CallObservation, ClientKind, DbObserver, ExecutorKind, ObservedCall } from '../db';
import type { BreakerTransition } from '../resilience';
import { CallSpan } from './call-span';
import { DbInstruments, type PoolFigures } from './db-instruments';
import { TransitionBuffer } from './transition-buffer';
import type { TracingParts } from './tracing-parts';

export interface DbTracingOptions {
  readonly tracer: Tracer;
  /** With a meter, the metrics too (and `pools` is required). */
  readonly meter?: Meter;
  /** The pools to report and how to read them at collection time. */
  readonly pools?: {
    readonly kinds: readonly ClientKind[];
    readonly read: () => Readonly<Record<ClientKind, PoolFigures>>;
  };
  /** SUPABASE_URL: its host and port are `server.address` and `server.port`. */
  readonly supabaseUrl: string;
}

function defaultPort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

export class DbTracing implements DbObserver {
  private readonly parts: TracingParts;

  /** @throws RangeError when `supabaseUrl` is not a URL, or a meter comes without `pools`. */
  constructor(opts: DbTracingOptions) {
    let url: URL;
    try {
      url = new URL(opts.supabaseUrl);
    } catch {
      throw new RangeError('supabaseUrl must be a URL');
    }
    if (opts.meter && !opts.pools) throw new RangeError('pools is required with a meter');
    this.parts = {
      tracer: opts.tracer,
      instruments:
        opts.meter && opts.pools
          ? new DbInstruments(opts.meter, opts.pools.kinds, opts.pools.read)
          : undefined,
      server: { address: url.hostname, port: defaultPort(url) },
      transitions: new TransitionBuffer(),
    };
  }

  callStarted(call: ObservedCall): CallObservation {
    return new CallSpan(this.parts, call);
  }

  /**
   * A transition of `kind`'s breaker: counted, and an event on the span of the call whose
   * outcome or admission caused it (see transition-buffer.ts).
   */
  breakerTransition(kind: ExecutorKind, t: BreakerTransition): void {
    this.parts.instruments?.breakerTransition(kind, t);
    this.parts.transitions.push(kind, t);
  }
}
