// The span helpers every app uses, so spans are named and parented the same way everywhere:
// - a request span (GraphQL operation, RPC) joins its caller's trace when that trace is the one of
//   its correlation id, and otherwise starts that trace (linking the foreign parent);
// - an event span stands for one stored event: its id is derived from the event id, so the relay
//   and the projections that later handle the event hang their spans under it (ADR 0125).
import {
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
  type TimeInput,
} from '@opentelemetry/api';
import { derivedIds } from './derived-id-generator';
import { eventSpanContext, spanIdForEvent, traceIdForCorrelation } from './trace-ids';

const TRACER_NAME = 'crm';

function tracer() {
  return trace.getTracer(TRACER_NAME);
}

export interface RequestSpanOptions {
  readonly kind: SpanKind;
  /** The request's correlation id: its trace id is derived from it. */
  readonly correlationId: string | undefined;
  /** The caller's span, from `traceparent` (gRPC metadata, HTTP header). */
  readonly remoteParent?: SpanContext | undefined;
  readonly attributes?: Attributes;
}

/** Starts the span of an incoming request; make it active with `runInSpan`. */
export function startRequestSpan(name: string, options: RequestSpanOptions): Span {
  const attributes = {
    ...options.attributes,
    ...(options.correlationId ? { 'crm.correlation_id': options.correlationId } : {}),
  };
  const traceId = options.correlationId ? traceIdForCorrelation(options.correlationId) : undefined;
  const remote = options.remoteParent;
  if (remote && (traceId === undefined || remote.traceId === traceId))
    return tracer().startSpan(
      name,
      { kind: options.kind, attributes },
      trace.setSpanContext(context.active(), remote),
    );
  return derivedIds.withIds(traceId ? { traceId } : {}, () =>
    tracer().startSpan(
      name,
      {
        kind: options.kind,
        attributes,
        root: true,
        ...(remote ? { links: [{ context: remote }] } : {}),
      },
      context.active(),
    ),
  );
}

/** Starts a child of the active span (a gRPC client call, an append). */
export function startChildSpan(name: string, kind: SpanKind, attributes?: Attributes): Span {
  return tracer().startSpan(name, { kind, ...(attributes ? { attributes } : {}) });
}

/** Runs `work` with `span` active, so spans and propagated contexts below it are its children. */
export function runInSpan<T>(span: Span, work: () => T): T {
  return context.with(trace.setSpan(context.active(), span), work);
}

/** Ends `span`, marking it failed when `error` is given. */
export function endSpan(span: Span, error?: unknown, attributes?: Attributes): void {
  if (attributes) span.setAttributes(attributes);
  if (error !== undefined) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message:
        error instanceof Error ? error.message : typeof error === 'string' ? error : 'failed',
    });
  }
  span.end();
}

interface EventIdentity {
  readonly eventId: string;
  readonly type: string;
  readonly correlationId: string;
  readonly streamId?: string;
  readonly globalPosition?: number;
}

/**
 * Records one span per appended event, `event <type>`, under the active span when it belongs to
 * the event's trace (the append of a request), else as a root of that trace.
 */
export function recordEventSpans(
  events: readonly EventIdentity[],
  startTime: TimeInput,
  endTime: TimeInput,
): void {
  const active = trace.getActiveSpan()?.spanContext();
  for (const event of events) {
    const traceId = traceIdForCorrelation(event.correlationId);
    const parent: Context =
      active && active.traceId === traceId ? context.active() : trace.deleteSpan(context.active());
    const span = derivedIds.withIds({ traceId, spanId: spanIdForEvent(event.eventId) }, () =>
      tracer().startSpan(
        `event ${event.type}`,
        { kind: SpanKind.INTERNAL, startTime, attributes: eventAttributes(event) },
        parent,
      ),
    );
    span.end(endTime);
  }
}

/**
 * Records the span of an asynchronous hop that handled one event (the relay's publish, a
 * projection's apply) as a child of the event's span, reconstructed from the envelope.
 */
export function recordEventHop(
  name: string,
  kind: SpanKind,
  event: EventIdentity,
  startTime: TimeInput,
  endTime: TimeInput,
  attributes?: Attributes,
): void {
  const parent = trace.setSpanContext(context.active(), eventSpanContext(event));
  const span = tracer().startSpan(
    name,
    { kind, startTime, attributes: { ...eventAttributes(event), ...attributes } },
    parent,
  );
  span.end(endTime);
}

function eventAttributes(event: EventIdentity): Attributes {
  return {
    'crm.event_id': event.eventId,
    'crm.event_type': event.type,
    'crm.correlation_id': event.correlationId,
    ...(event.streamId !== undefined ? { 'crm.stream_id': event.streamId } : {}),
    ...(event.globalPosition !== undefined ? { 'crm.global_position': event.globalPosition } : {}),
  };
}

/** Something with string entries, such as grpc-js `Metadata` or an HTTP header bag. */
export interface Carrier {
  get(key: string): unknown;
  set(key: string, value: string): void;
}

/** Writes the active span's `traceparent` (and `tracestate`) into gRPC metadata. */
export function injectTraceContext(carrier: Carrier): void {
  propagation.inject(context.active(), carrier, {
    set: (c, key, value) => c.set(key, value),
  });
}

/** The caller's span context from gRPC metadata or headers, if it sent a valid one. */
export function extractTraceContext(carrier: Pick<Carrier, 'get'>): SpanContext | undefined {
  const extracted = propagation.extract(context.active(), carrier, {
    get: (c, key) => {
      const value = c.get(key);
      const first: unknown = Array.isArray(value) ? value[0] : value;
      return typeof first === 'string'
        ? first
        : Buffer.isBuffer(first)
          ? first.toString()
          : undefined;
    },
    keys: () => ['traceparent', 'tracestate'],
  });
  const spanContext = trace.getSpanContext(extracted);
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext : undefined;
}

export { SpanKind };
