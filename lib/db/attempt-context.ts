// Per-attempt state, joined to the HTTP requests the attempt's callback makes, so a timeout can
// abort the real request and a user's token rides on it, without a timer, controller or async
// context per call on the fast path:
// - While a plain callback runs (and while the executor starts the builder it returned) the
//   attempt is "in scope". Every query builder the client creates in scope is tagged with a
//   marker header naming the attempt (so Promise.all of builders works: they are created in the
//   callback, though started later), and the client's `accessToken` callback, asked when a
//   request starts, answers with the same marker.
// - An async callback creates builders after its first await, out of that synchronous scope: it
//   runs inside AsyncLocalStorage instead, which both read too.
// - The clients' fetch joins the request to the attempt the marker names, drops the tag and puts
//   the real token in Authorization.
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DeadlineEntry } from '../resilience';
import { DbTimeoutError } from './db-errors';

const MARKER_PREFIX = 'db-attempt.';

export class AttemptContext implements DeadlineEntry {
  deadline = 0;
  expired?: boolean = false;
  cancelled?: boolean = false;
  slot?: DeadlineEntry[] | undefined = undefined;
  slotIndex?: number = 0;
  timedOut = false;
  callerAborted = false;
  /** HTTP requests this attempt sent. */
  requests = 0;
  /** A request other than GET/HEAD was sent: retrying it needs the caller's `idempotent`. */
  wrote = false;
  /** A write may have reached the server (anything but a refused connection). */
  writeMaybeDelivered = false;
  controller: AbortController | undefined = undefined;
  /** Set while the attempt's promise is pending: settles it with an error (deadline, abort). */
  settle: ((err: Error) => void) | undefined = undefined;
  /** Registry id, given when the first request asks for a marker. */
  id = 0;
  readonly accessToken: string | undefined;
  readonly label: string;

  constructor(accessToken: string | undefined, label: string) {
    this.accessToken = accessToken;
    this.label = label;
  }

  /** Called by the shared deadline timer. */
  onDeadline(): void {
    this.timedOut = true;
    const err = new DbTimeoutError(`${this.label} timed out`);
    this.controller?.abort(err);
    this.settle?.(err);
  }

  /** The caller's signal fired. */
  abortByCaller(reason: Error): void {
    this.callerAborted = true;
    this.controller?.abort(reason);
    this.settle?.(reason);
  }

  /** Forgets the registry entry once the attempt is over. */
  close(): void {
    if (this.id !== 0) live.delete(this.id);
  }
}

export const attemptStorage = new AsyncLocalStorage<AttemptContext>();

/** The attempt whose callback (or returned builder) is running synchronously right now. */
let inScope: AttemptContext | undefined;
let nextId = 1;
const live = new Map<number, AttemptContext>();

/** Runs `f(a)` with `ctx` in synchronous scope (nesting-safe). */
export function withinScope<A, R>(ctx: AttemptContext, f: (a: A) => R, a: A): R {
  const outer = inScope;
  inScope = ctx;
  try {
    return f(a);
  } finally {
    inScope = outer;
  }
}

/**
 * The clients' `accessToken` callback: a marker naming the current attempt, or null outside any
 * wrapped call (supabase-js then sends the key, and the fetch refuses the request).
 */
export function attemptMarker(): string | null {
  const ctx = inScope ?? attemptStorage.getStore();
  if (!ctx) return null;
  if (ctx.id === 0) {
    ctx.id = nextId++;
    live.set(ctx.id, ctx);
  }
  return MARKER_PREFIX + ctx.id;
}

/** The header that tags a query builder with its attempt's marker. */
export const ATTEMPT_HEADER = 'x-db-attempt';

/** The attempt a marker (or `Bearer <marker>`) names, if it is still running. */
export function attemptFromMarker(value: string | null): AttemptContext | undefined {
  if (!value) return undefined;
  const v = value.startsWith('Bearer ') ? value.slice(7) : value;
  if (!v.startsWith(MARKER_PREFIX)) return undefined;
  return live.get(Number(v.slice(MARKER_PREFIX.length)));
}

/** True when the value carries a marker (even of a finished attempt). */
export function isMarker(value: string | null): boolean {
  return (
    value !== null &&
    (value.startsWith(MARKER_PREFIX) || value.startsWith(`Bearer ${MARKER_PREFIX}`))
  );
}

/** Live attempts holding a registry entry (for leak tests). */
export function liveAttempts(): number {
  return live.size;
}
