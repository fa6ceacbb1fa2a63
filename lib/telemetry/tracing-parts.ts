// What every call and attempt span of one DbTracing shares.
import type { Tracer } from '@opentelemetry/api';
import type { DbInstruments } from './db-instruments';
import type { TransitionBuffer } from './transition-buffer';

export interface TracingParts {
  readonly tracer: Tracer;
  /** Absent when no meter was given (traces only). */
  readonly instruments: DbInstruments | undefined;
  /** Where the data layer's requests go: the host and port of SUPABASE_URL. */
  readonly server: { readonly address: string; readonly port: number };
  readonly transitions: TransitionBuffer;
}
