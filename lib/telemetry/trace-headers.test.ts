import { TraceFlags, createTraceState, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { traceHeaders } from './trace-headers';

const traceId = '0af7651916cd43dd8448eb211c80319c';
const spanId = 'b7ad6b7169203331';

describe('traceHeaders', () => {
  it('names the span in a W3C traceparent, with its sampled flag', () => {
    const sampled = trace.wrapSpanContext({ traceId, spanId, traceFlags: TraceFlags.SAMPLED });
    expect(traceHeaders(sampled)).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
    const dropped = trace.wrapSpanContext({ traceId, spanId, traceFlags: TraceFlags.NONE });
    expect(traceHeaders(dropped)).toEqual({ traceparent: `00-${traceId}-${spanId}-00` });
  });

  it('passes the trace state on when the trace has one', () => {
    const span = trace.wrapSpanContext({
      traceId,
      spanId,
      traceFlags: TraceFlags.SAMPLED,
      traceState: createTraceState('vendor=abc'),
    });
    expect(traceHeaders(span).tracestate).toBe('vendor=abc');
  });
});
