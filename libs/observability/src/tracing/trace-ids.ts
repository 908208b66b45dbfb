// The platform's trace identity: a request's trace id is derived from its correlation id, and an
// event's span id from its event id (ADR 0125). Both already travel inside every stored envelope,
// so the relay and the projection workers rebuild the exact parent of their spans from the event
// itself: the asynchronous hops join the request's trace without a column in the event store or a
// change of the hashed envelope. Pure functions: no SDK state, usable with tracing off.
import { createHash } from 'node:crypto';
import { TraceFlags, type SpanContext } from '@opentelemetry/api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

function digest(domain: string, value: string): string {
  return createHash('sha256').update(domain).update('\0').update(value).digest('hex');
}

/**
 * The trace id of everything a correlation id caused. A UUID correlation id (the gateway's, v7) is
 * its own trace id, dashes removed, so an operator can paste one into the other; any other string
 * is hashed.
 */
export function traceIdForCorrelation(correlationId: string): string {
  const id = UUID.test(correlationId)
    ? correlationId.replaceAll('-', '').toLowerCase()
    : digest('crm.trace', correlationId).slice(0, 32);
  return id === INVALID_TRACE_ID ? digest('crm.trace', correlationId).slice(0, 32) : id;
}

/** The span id of the span that stands for one stored event (the parent of its relay and projection spans). */
export function spanIdForEvent(eventId: string): string {
  const id = digest('crm.event', eventId).slice(0, 16);
  return id === INVALID_SPAN_ID ? '0000000000000001' : id;
}

/** The remote parent that the relay, Kafka consumers and projections give their span for `event`. */
export function eventSpanContext(event: {
  readonly eventId: string;
  readonly correlationId: string;
}): SpanContext {
  return {
    traceId: traceIdForCorrelation(event.correlationId),
    spanId: spanIdForEvent(event.eventId),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  };
}

/** W3C `traceparent` header value of a span context (version 00). */
export function traceparentOf(spanContext: SpanContext): string {
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}
