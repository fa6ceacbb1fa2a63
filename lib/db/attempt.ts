// One attempt of a wrapped call: its callback run in scope, what the callback returned bounded
// by a deadline and by the caller's signal, what its HTTP requests did, and how it ended (data,
// or a classified error). Every fact about the attempt is written here, through methods its
// collaborators call (the executor, the data layer's fetch, the deadline timer), so there is one
// writer per fact.
import 'server-only';
import type { DeadlineEntry, DeadlineTimer } from '../resilience';
import { forgetAttempt, newMarker, runInScope, type ScopedAttempt } from './attempt-context';
import { isResponse, isThenable } from './call-options';
import { requestOperation } from './operation-name';
import { classifyResponse, classifyThrown, type AttemptFacts } from './classify';
import type { DbClient } from './clients';
import { DbAbortedError, DbTimeoutError } from './db-errors';
import type { AttemptObservation } from './db-observer';

/** How an attempt ended when it did not settle by itself. */
export type AttemptInterruption = 'none' | 'timed-out' | 'caller-aborted';

/** Told once when an attempt ended (synchronously, when the callback answered synchronously). */
export interface AttemptListener {
  attemptEnded(attempt: Attempt): void;
}

export class Attempt implements ScopedAttempt, DeadlineEntry {
  /** The Authorization header its requests carry; empty: the client's key. */
  readonly authorization: string;
  readonly label: string;
  /** The observer's view of this attempt (tracing), told of each request it sends. */
  readonly observation: AttemptObservation | undefined;
  private tag: string | undefined;
  private interruption: AttemptInterruption = 'none';
  private isClosed = false;
  private sent = 0;
  private maybeDelivered = false;
  private controller: AbortController | undefined;
  private firstMethod: string | undefined;
  private firstUrl: string | undefined;
  private result: unknown = undefined;
  private failure: Error | undefined = undefined;
  /** DeadlineEntry: when the attempt must be over (wall-clock ms), and the timer's bookkeeping. */
  deadline = 0;
  expired?: boolean;
  cancelled?: boolean;
  slot?: DeadlineEntry[] | undefined;
  slotIndex?: number;
  private timer: DeadlineTimer | undefined = undefined;
  private signal: AbortSignal | undefined = undefined;
  private listener: AttemptListener | undefined = undefined;
  private abortListener: (() => void) | undefined = undefined;

  constructor(authorization: string, label: string, observation?: AttemptObservation) {
    this.authorization = authorization;
    this.label = label;
    this.observation = observation;
  }

  /** Extra headers its requests carry (an observer's `traceparent`). */
  get headers(): Readonly<Record<string, string>> | undefined {
    return this.observation?.headers;
  }

  /** Made on first use: an attempt that sends no request never needs one. */
  get marker(): string {
    return (this.tag ??= newMarker());
  }

  /** True once it ended: its marker no longer names it, late requests are refused. */
  get closed(): boolean {
    return this.isClosed;
  }

  get interruptedBy(): AttemptInterruption {
    return this.interruption;
  }

  /** HTTP requests this attempt sent. */
  get requests(): number {
    return this.sent;
  }

  /** A write may have reached the server: retrying it needs the caller's `idempotent`. */
  get writeMaybeDelivered(): boolean {
    return this.maybeDelivered;
  }

  /** The error it ended with (a DbError, or what a buggy callback threw); undefined on success. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** What it resolved to: a supabase-js response's `data`, or the callback's own value. */
  get data(): unknown {
    return this.result;
  }

  /**
   * Runs `fn(client)` in scope and, when it returns a promise, waits for it until `deadlineAt`
   * (the request is aborted then) or until the caller's signal fires. Tells `listener` once it
   * ended, never throws: the outcome is read from `error` and `data`. A synchronous answer ends
   * it before run() returns.
   */
  run(
    fn: (client: DbClient) => unknown,
    client: DbClient,
    deadlineAt: number,
    timer: DeadlineTimer,
    signal: AbortSignal | undefined,
    listener: AttemptListener,
  ): void {
    this.listener = listener;
    let value: unknown;
    try {
      value = runInScope(this, fn, client);
    } catch (thrown) {
      this.endThrown(thrown);
      return listener.attemptEnded(this);
    }
    if (!isThenable(value)) {
      this.end(value);
      return listener.attemptEnded(this);
    }
    // The attempt is its own deadline entry and settles through methods: a pending attempt
    // costs two callbacks, which matters on a path taken by every call.
    this.deadline = deadlineAt;
    this.timer = timer;
    this.signal = signal;
    timer.schedule(this);
    if (signal) {
      this.abortListener = () =>
        this.interrupt(
          'caller-aborted',
          new DbAbortedError(`${this.label} was aborted by the caller`),
        );
      signal.addEventListener('abort', this.abortListener, { once: true });
    }
    value.then(
      (v) => this.settle(true, v),
      (err: unknown) => this.settle(false, err),
    );
  }

  /** DeadlineEntry: called by the timer once the deadline passed. */
  onDeadline(): void {
    this.interrupt('timed-out', new DbTimeoutError(`${this.label} timed out`));
  }

  /** The callback's promise settled, or the attempt was interrupted: whichever comes first. */
  private settle(ok: boolean, v: unknown): void {
    if (this.isClosed) return;
    this.timer!.cancel(this);
    if (this.abortListener) this.signal!.removeEventListener('abort', this.abortListener);
    if (ok) this.end(v);
    else this.endThrown(v);
    this.listener!.attemptEnded(this);
  }

  /** The table and operation of its first request (`SELECT notes`), if it sent one. */
  get operation(): string | undefined {
    return this.firstMethod === undefined
      ? undefined
      : requestOperation(this.firstMethod, this.firstUrl!);
  }

  /**
   * A request of this attempt is about to be sent; returns the signal that aborts it.
   * `write`: not a GET/HEAD, so it may change data once delivered.
   */
  beginRequest(write: boolean, method: string, url: string): AbortSignal {
    if (this.sent === 0) {
      this.firstMethod = method;
      this.firstUrl = url;
    }
    this.sent += 1;
    if (write) this.maybeDelivered = true;
    this.controller ??= new AbortController();
    if (this.interruption !== 'none') this.controller.abort();
    return this.controller.signal;
  }

  /** The connection was refused: the request never left, so a write it carried did not land. */
  requestNotDelivered(write: boolean, deliveredBefore: boolean): void {
    if (write) this.maybeDelivered = deliveredBefore;
  }

  private interrupt(why: Exclude<AttemptInterruption, 'none'>, err: Error): void {
    if (this.interruption !== 'none' || this.isClosed) return;
    this.interruption = why;
    // The attempt ends now; its request is aborted once this task is done (tearing down a
    // connection takes a while, and the call's outcome, or a breaker opening, must not wait).
    const controller = this.controller;
    if (controller) setImmediate(() => controller.abort(err));
    this.settle(false, err);
  }

  private facts(): AttemptFacts {
    return {
      timedOut: this.interruption === 'timed-out',
      callerAborted: this.interruption === 'caller-aborted',
      context: this.label,
    };
  }

  /** The callback answered: its data, or its supabase-js response's error classified. */
  private end(value: unknown): void {
    this.close();
    if (!isResponse(value)) this.result = value;
    else if (!value.error) this.result = value.data;
    else this.failure = classifyResponse(value.error, value.status ?? 0, this.facts());
  }

  /** The callback threw or rejected, or the attempt was interrupted. */
  private endThrown(thrown: unknown): void {
    this.close();
    this.failure = classifyThrown(thrown, this.facts());
  }

  private close(): void {
    this.isClosed = true;
    if (this.tag !== undefined) forgetAttempt(this);
  }
}
