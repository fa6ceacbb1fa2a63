// One wrapped call as a database client span (kind CLIENT), named and attributed as the database
// conventions say once its requests have told what it touches (`SELECT notes`,
// `EXECUTE health_ping`), with our facts beside (client kind, context, attempts, breaker state at
// start), one child span per attempt, events for breaker transitions, rejections and refused
// retries, and its duration recorded in db.client.operation.duration (the same interval as the
// span, as the conventions ask). Only the span's start is on the call's path; the rest is done
// after the call has answered (see after-reply.ts).
import {
  SpanKind,
  SpanStatusCode,
  context,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import {
  isPoolExhaustedError,
  type AttemptObservation,
  type CallObservation,
  type ExecutorKind,
  type ObservedCall,
  type ObservedRequest,
  type RetryRefusal,
} from '../db';
import type { BreakerStateName } from '../resilience';
import { afterReply } from './after-reply';
import { AttemptSpan, addTransitionEvent, type RequestSink } from './attempt-span';
import { errorFacts } from './error-facts';
import { postgrestTarget, type PostgrestTarget } from './postgrest-target';
import { DB_SYSTEM, EVENT, OURS, STD } from './semconv';
import type { TracingParts } from './tracing-parts';

/** Requests read per call for what it touched: enough for any real callback, bounded. */
const MAX_REQUESTS = 8;

export class CallSpan implements CallObservation, RequestSink {
  private readonly parts: TracingParts;
  private readonly kind: ExecutorKind;
  private readonly label: string;
  private readonly breakerState: BreakerStateName;
  private readonly span: Span;
  private readonly context: Context;
  private readonly startedAt: number;
  private readonly requests: ObservedRequest[] = [];
  private attempt: AttemptSpan | undefined;

  constructor(parts: TracingParts, call: ObservedCall) {
    this.parts = parts;
    this.kind = call.kind;
    this.label = call.label;
    this.breakerState = call.breakerState;
    this.startedAt = performance.now();
    const parent = context.active();
    // Named after the system until its requests tell the operation and target (the conventions'
    // last-resort name); a call refused before any request keeps it. The attributes the
    // conventions want at creation (for samplers) are given here.
    this.span = parts.tracer.startSpan(
      DB_SYSTEM,
      {
        kind: SpanKind.CLIENT,
        startTime: this.startedAt,
        attributes: {
          [STD.dbSystemName]: DB_SYSTEM,
          [STD.serverAddress]: parts.server.address,
          [STD.serverPort]: parts.server.port,
        },
      },
      parent,
    );
    this.context = trace.setSpan(parent, this.span);
    this.claimTransitions();
  }

  attemptStarted(n: number): AttemptObservation {
    // A new attempt after a backoff: the previous one is followed by this retry.
    this.attempt?.close('retry');
    this.claimTransitions();
    this.attempt = new AttemptSpan(this.parts, this.kind, this.context, n, this);
    return this.attempt;
  }

  requestSent(request: ObservedRequest): void {
    if (this.requests.length < MAX_REQUESTS) this.requests.push(request);
  }

  rejected(by: 'breaker' | 'pool', error: Error): void {
    this.claimTransitions();
    const facts = errorFacts(error);
    const attributes: Attributes = { [STD.errorType]: facts.type };
    if (by === 'pool') {
      // Full queue or wait timeout (PoolExhaustedError), or the caller gave up while waiting.
      const reason = isPoolExhaustedError(error) ? error.reason : 'caller-aborted';
      attributes[OURS.poolReason] = reason;
      if (reason === 'queue-timeout') this.parts.instruments?.poolTimeout(this.kind);
    }
    this.span.addEvent(by === 'breaker' ? EVENT.breakerRejected : EVENT.poolRejected, attributes);
    this.span.setAttribute(OURS.rejectedBy, by);
    this.finish(0, error);
  }

  retryRefused(reason: RetryRefusal): void {
    this.attempt?.close(reason);
    this.claimTransitions();
    this.span.addEvent(EVENT.retryRefused, { [OURS.retryRefusedReason]: reason });
  }

  ended(_outcome: string, attempts: number, error: Error | undefined): void {
    // Still open after a retry was decided: the caller aborted during the backoff.
    this.attempt?.close('caller-aborted');
    this.claimTransitions();
    this.finish(attempts, error);
  }

  private finish(attempts: number, error: Error | undefined): void {
    const endedAt = performance.now();
    afterReply(() => this.record(endedAt, attempts, error));
  }

  private record(endedAt: number, attempts: number, error: Error | undefined): void {
    const span = this.span;
    // The duration metric's attributes: the conventions' (low cardinality) and the client kind.
    const attributes: Attributes = { [STD.dbSystemName]: DB_SYSTEM, [OURS.clientKind]: this.kind };
    const name = this.describeTargets(attributes);
    if (error) {
      const facts = errorFacts(error);
      attributes[STD.errorType] = facts.type;
      if (facts.sqlstate) attributes[STD.dbResponseStatusCode] = facts.sqlstate;
      span.setStatus({ code: SpanStatusCode.ERROR, message: facts.description });
    }
    if (span.isRecording()) {
      if (name) span.updateName(name);
      span.setAttributes(attributes);
      span.setAttribute(OURS.context, this.label);
      span.setAttribute(OURS.breakerStateAtStart, this.breakerState);
      span.setAttribute(OURS.attempts, attempts);
    }
    span.end(endedAt);
    this.parts.instruments?.duration.record((endedAt - this.startedAt) / 1000, attributes);
  }

  /**
   * Adds the database attributes the requests told (all of them for one target; the shared ones
   * and `db.query.summary` for several) and returns the span name they give.
   */
  private describeTargets(into: Attributes): string | undefined {
    const targets: PostgrestTarget[] = [];
    for (const r of this.requests) {
      const t = postgrestTarget(r.method, r.url, r.schema);
      if (t && !targets.some((seen) => seen.summary === t.summary)) targets.push(t);
    }
    const [first] = targets;
    if (!first) return undefined;
    if (targets.length === 1) {
      into[STD.dbNamespace] = first.namespace;
      into[STD.dbOperationName] = first.operation;
      if (first.collection !== undefined) into[STD.dbCollectionName] = first.collection;
      else if (first.procedure !== undefined) into[STD.dbStoredProcedureName] = first.procedure;
      return first.summary;
    }
    const summary = targets.map((t) => t.summary).join(' ');
    into[STD.dbQuerySummary] = summary;
    if (targets.every((t) => t.namespace === first.namespace))
      into[STD.dbNamespace] = first.namespace;
    return summary;
  }

  /** Breaker transitions the executor made for this call just before telling us. */
  private claimTransitions(): void {
    for (const t of this.parts.transitions.take(this.kind)) addTransitionEvent(this.span, t);
  }
}
