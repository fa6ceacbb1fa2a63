// The W3C Trace Context headers naming a span (https://www.w3.org/TR/trace-context/): what
// PostgREST and Supabase's gateway read. Written from the span's own context rather than through
// the global propagator: a call's requests carry exactly `traceparent` (and `tracestate` when the
// trace has one), at a fraction of the cost of building a context per attempt.
import { TraceFlags, type Span } from '@opentelemetry/api';

/** `traceparent` (and `tracestate`) for requests sent on behalf of `span`. */
export function traceHeaders(span: Span): Record<string, string> {
  const { traceId, spanId, traceFlags, traceState } = span.spanContext();
  const sampled = (traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? '01' : '00';
  const headers: Record<string, string> = { traceparent: `00-${traceId}-${spanId}-${sampled}` };
  const state = traceState?.serialize();
  if (state) headers.tracestate = state;
  return headers;
}
