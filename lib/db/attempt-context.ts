// Which attempt a query belongs to. A query builder is created by the callback (or by a
// Promise.all of builders it returns) but its request starts later, out of that scope, so each
// builder is tagged at creation with a marker naming its attempt, and the data layer's fetch
// looks the attempt up by that marker.
// - While a plain callback runs (and while the executor starts the builder it returned) the
//   attempt is "in scope", at the cost of two assignments.
// - An async callback creates builders after its first await, out of that synchronous scope: it
//   runs inside AsyncLocalStorage instead.
// A builder created outside any attempt (a query chained with `.then()` in a plain callback)
// carries no marker, and the fetch refuses it.
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';

/** What the registry needs of an attempt. */
export interface ScopedAttempt {
  /** Unique per attempt, fixed at its creation. */
  readonly marker: string;
  /** True once the attempt is over: its marker is no longer handed out. */
  readonly closed: boolean;
}

const MARKER_PREFIX = 'db-attempt.';
/** The header that tags a query builder with its attempt's marker (never sent). */
export const ATTEMPT_HEADER = 'x-db-attempt';

const storage = new AsyncLocalStorage<ScopedAttempt>();
/** The attempt whose callback (or returned builder) is running synchronously right now. */
let inScope: ScopedAttempt | undefined;
let nextId = 1;
/** Attempts whose marker was handed out, until they close. */
const live = new Map<string, ScopedAttempt>();

/** A fresh marker for a new attempt. */
export function newMarker(): string {
  return MARKER_PREFIX + nextId++;
}

const AsyncFunction = (async () => {}).constructor;

/**
 * Runs `f(arg)` with `attempt` in scope: synchronous scope for a plain function (nesting-safe),
 * AsyncLocalStorage for an async one (its queries start after an await).
 */
export function runInScope<A, R>(attempt: ScopedAttempt, f: (arg: A) => R, arg: A): R {
  if (f instanceof AsyncFunction) return storage.run(attempt, f, arg);
  const outer = inScope;
  inScope = attempt;
  try {
    return f(arg);
  } finally {
    inScope = outer;
  }
}

/**
 * The marker of the attempt in scope, registering it so the fetch can find it; null outside any
 * wrapped call, or once the attempt is over (its late queries are refused).
 */
export function attemptMarker(): string | null {
  const attempt = inScope ?? storage.getStore();
  if (attempt === undefined || attempt.closed) return null;
  if (!live.has(attempt.marker)) live.set(attempt.marker, attempt);
  return attempt.marker;
}

/** The running attempt a marker names, if any. */
export function attemptFor<T extends ScopedAttempt>(marker: string | null): T | undefined {
  return marker === null ? undefined : (live.get(marker) as T | undefined);
}

/** True when the value is a marker (even of a finished attempt). */
export function isMarker(value: string | null): boolean {
  return value !== null && value.startsWith(MARKER_PREFIX);
}

/** Drops a finished attempt from the registry. */
export function forgetAttempt(attempt: ScopedAttempt): void {
  live.delete(attempt.marker);
}

/** Live attempts holding a registry entry (for leak tests). */
export function liveAttempts(): number {
  return live.size;
}
