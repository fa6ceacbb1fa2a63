// What the health layer asks of the data layer: a database round trip that an open breaker does
// not refuse (so health can tell when the database is back), and the breakers' transitions.
import 'server-only';
import type { TransitionListener } from '../resilience';
import type { ClientKind } from './client-kind';
import { executor } from './with-client';

export interface PingOptions {
  /** Per-attempt timeout. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** The label in metrics and slow-call logs. */
  readonly context?: string;
}

/**
 * One `health_ping` round trip with `kind`'s client, through its pool and metrics but never
 * refused by its breaker; a success while the breaker is open moves it to half-open at once.
 * @throws DbError subclasses, PoolExhaustedError.
 */
export async function pingDatabase(kind: ClientKind, opts: PingOptions): Promise<void> {
  await executor(kind).probe((db) => db.rpc('health_ping', undefined, { get: true }), {
    context: opts.context ?? 'health.probe',
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
  });
}

/** Subscribes to `kind`'s breaker transitions; returns the unsubscribe function. */
export function onBreakerTransition(kind: ClientKind, listener: TransitionListener): () => void {
  return executor(kind).breaker.onTransition(listener);
}

/** Whether `kind`'s breaker is open now. */
export function breakerOpen(kind: ClientKind): boolean {
  return executor(kind).breaker.state.name === 'open';
}
