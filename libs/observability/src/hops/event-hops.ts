// Telemetry of the asynchronous hops an event takes after its append: the relay's publish to
// Kafka and each projection's apply. Called once per batch after the work is done; each event
// gets a span under its event span (rebuilt from the envelope, ADR 0125). Replays and rebuilds
// would flood the trace store with spans of old requests, so events older than
// `HOP_SPAN_MAX_AGE_MS` are counted but not traced. With tracing off (no exporter) no span is
// built at all: the no-op spans still cost two hashes and a few allocations per event, which was
// a tenth of the relay's CPU during a large import (docs/benchmarks.md, P8).
import { SpanKind } from '@opentelemetry/api';
import { platformMetrics, secondsSince } from '../metrics/platform-metrics';
import { recordEventHop } from '../tracing/spans';
import { isTracingEnabled } from '../tracing/tracing';

export const HOP_SPAN_MAX_AGE_MS = 5 * 60_000;

interface HopEvent {
  readonly eventId: string;
  readonly type: string;
  readonly correlationId: string;
  readonly streamId: string;
  readonly globalPosition: number;
  readonly occurredAt: string;
}

/** A batch the relay published (Kafka acknowledged it and the checkpoint moved). */
export function relayBatchPublished(
  relay: string,
  events: readonly HopEvent[],
  startedAt: number,
  started: bigint,
): void {
  const metrics = platformMetrics();
  metrics.relayBatchDuration.observe({ relay }, secondsSince(started));
  metrics.relayPublished.inc({ relay }, events.length);
  if (!isTracingEnabled()) return;
  const now = Date.now();
  for (const event of events)
    if (now - Date.parse(event.occurredAt) <= HOP_SPAN_MAX_AGE_MS)
      recordEventHop(`publish ${event.type}`, SpanKind.PRODUCER, event, startedAt, now, {
        'messaging.system': 'kafka',
        'crm.relay': relay,
      });
}

/** The events of a batch a projection applied (handled types only, parked ones excluded). */
export function projectionBatchApplied(
  projection: string,
  applied: readonly HopEvent[],
  startedAt: number,
  started: bigint,
): void {
  const metrics = platformMetrics();
  metrics.projectionBatchDuration.observe({ projection }, secondsSince(started));
  metrics.projectionApplied.inc({ projection }, applied.length);
  const now = Date.now();
  const tracing = isTracingEnabled();
  for (const event of applied) {
    const age = now - Date.parse(event.occurredAt);
    metrics.projectionEventAge.observe({ projection }, Math.max(0, age) / 1000);
    if (tracing && age <= HOP_SPAN_MAX_AGE_MS)
      recordEventHop(
        `project ${projection} ${event.type}`,
        SpanKind.CONSUMER,
        event,
        startedAt,
        now,
        {
          'crm.projection': projection,
        },
      );
  }
}
