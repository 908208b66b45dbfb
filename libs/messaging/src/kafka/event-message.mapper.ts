// The wire format of an event on Kafka (a public contract, see docs/integrations.md):
// key = streamId, value = the JSON envelope, headers repeat type, schemaVersion, eventId,
// tenantId and correlationId so consumers can route and deduplicate without parsing the value,
// and `traceparent` (W3C) names the event's span so any consumer can join the request's trace.
import type { EventEnvelope } from '@crm/event-sourcing';
import { eventSpanContext, traceparentOf } from '@crm/observability';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

export function toKafkaMessage(event: EventEnvelope): Message {
  return {
    key: event.streamId,
    value: JSON.stringify(event),
    headers: {
      type: event.type,
      schemaVersion: String(event.schemaVersion),
      eventId: event.eventId,
      tenantId: event.tenantId,
      correlationId: event.correlationId,
      traceparent: traceparentOf(eventSpanContext(event)),
    },
  };
}

export class UnreadableMessageError extends Error {
  constructor(
    message: string,
    readonly offset: string,
  ) {
    super(message);
    this.name = 'UnreadableMessageError';
  }
}

/** Parses a consumed message back into its envelope; throws UnreadableMessageError when it is not one. */
export function fromKafkaMessage(message: KafkaMessage): EventEnvelope {
  if (!message.value)
    throw new UnreadableMessageError(
      `Message at offset ${message.offset} has no value`,
      message.offset,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    throw new UnreadableMessageError(
      `Message at offset ${message.offset} is not JSON: ${(error as Error).message}`,
      message.offset,
    );
  }
  const envelope = parsed as Partial<EventEnvelope> | null;
  if (
    !envelope ||
    typeof envelope.eventId !== 'string' ||
    typeof envelope.streamId !== 'string' ||
    typeof envelope.type !== 'string' ||
    !Number.isInteger(envelope.streamVersion) ||
    !Number.isInteger(envelope.globalPosition)
  ) {
    throw new UnreadableMessageError(
      `Message at offset ${message.offset} is not an event envelope`,
      message.offset,
    );
  }
  return envelope as EventEnvelope;
}

/** A header as a string (kafkajs hands them over as Buffers). */
export function headerValue(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
