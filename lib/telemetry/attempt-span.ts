// One attempt of a wrapped call as an HTTP client span (kind CLIENT, child of the call's span):
// the request PostgREST received, with `http.request.resend_count` from the second attempt on,
// its status and error, and what followed it. Its `traceparent` goes on every request of the
// attempt, so PostgREST's side of the trace hangs under this span. When a retry was decided the
// span keeps its end time but is closed only once the retry is sent or refused, so it carries
// the final word on what followed (`retry`, or `budget` / `circuit-open` after the backoff).
// Only the span's start is on the call's path (its id must be in the header); the rest is set
// after the call has answered (see after-reply.ts).
import { SpanKind, SpanStatusCode, type Context, type Span } from '@opentelemetry/api';
import type { AttemptObservation, ExecutorKind, ObservedAttemptEnd, ObservedRequest } from '../db';
import type { BreakerTransition } from '../resilience';
import { afterReply } from './after-reply';
import { errorFacts } from './error-facts';
import { redactUrl } from './postgrest-target';
import { EVENT, OURS, STD } from './semconv';
import { traceHeaders } from './trace-headers';
import type { TracingParts } from './tracing-parts';

/** What the call learns from its attempts' requests. */
export interface RequestSink {
  requestSent(request: ObservedRequest): void;
}

export class AttemptSpan implements AttemptObservation {
  readonly headers: Readonly<Record<string, string>>;
  private readonly span: Span;
  private readonly parts: TracingParts;
  private readonly kind: ExecutorKind;
  private readonly sink: RequestSink;
  private request: ObservedRequest | undefined;
  private status = 0;
  private end: ObservedAttemptEnd | undefined;
  private endedAt = 0;
  private transitions: readonly BreakerTransition[] = [];
  private closed = false;

  constructor(
    parts: TracingParts,
    kind: ExecutorKind,
    parent: Context,
    n: number,
    sink: RequestSink,
  ) {
    this.parts = parts;
    this.kind = kind;
    this.sink = sink;
    const attributes: Record<string, string | number> = {
      [STD.serverAddress]: parts.server.address,
      [STD.serverPort]: parts.server.port,
    };
    // Recommended "if and only if the request was retried" (HTTP client span conventions).
    if (n > 1) attributes[STD.httpRequestResendCount] = n - 1;
    // Named `HTTP` until its first request tells the method (the conventions' fallback name).
    this.span = parts.tracer.startSpan('HTTP', { kind: SpanKind.CLIENT, attributes }, parent);
    this.headers = traceHeaders(this.span);
  }

  requestSent(request: ObservedRequest): void {
    this.request ??= request;
    this.sink.requestSent(request);
  }

  responseReceived(status: number): void {
    // With several requests in one attempt, the worst status tells how it went.
    if (status > this.status) this.status = status;
  }

  ended(end: ObservedAttemptEnd): void {
    this.endedAt = performance.now();
    this.end = end;
    // The executor judged the attempt just now: a transition it caused is held for this span.
    this.transitions = this.parts.transitions.take(this.kind);
    if (end.next !== 'retry') this.close(end.next);
  }

  /** Ends the span, saying what followed the attempt; a no-op once closed. */
  close(next: string): void {
    if (this.closed) return;
    this.closed = true;
    const endedAt = this.endedAt || performance.now();
    afterReply(() => this.finish(next, endedAt));
  }

  private finish(next: string, endedAt: number): void {
    const span = this.span;
    const { request, status, end } = this;
    if (span.isRecording()) {
      if (request) {
        span.updateName(request.method);
        span.setAttribute(STD.httpRequestMethod, request.method);
        span.setAttribute(STD.urlFull, redactUrl(request.url));
      }
      if (status > 0) span.setAttribute(STD.httpResponseStatusCode, status);
      // One request per attempt is the rule; a callback that sent several (or none) says so.
      if (end && end.requests !== 1) span.setAttribute(OURS.attemptRequests, end.requests);
      // What followed a failed attempt: a retry, or why none (a success needs no word).
      if (next !== 'success') span.setAttribute(OURS.attemptNext, next);
      // A retry was decided: the backoff waited before it was sent (or refused).
      if (end?.next === 'retry' && end.backoffMs !== undefined)
        span.setAttribute(OURS.attemptBackoffMs, end.backoffMs);
    }
    if (end?.error) {
      const facts = errorFacts(end.error);
      span.setAttribute(STD.errorType, status >= 400 ? String(status) : facts.type);
      span.setStatus({ code: SpanStatusCode.ERROR, message: facts.description });
    }
    for (const t of this.transitions) addTransitionEvent(span, t);
    span.end(endedAt);
  }
}

/** A breaker transition as a span event, at the time it happened. */
export function addTransitionEvent(span: Span, t: BreakerTransition): void {
  span.addEvent(
    EVENT.breakerTransition,
    { [OURS.breakerFrom]: t.from, [OURS.breakerTo]: t.to, [OURS.breakerReason]: t.reason },
    t.at,
  );
}
