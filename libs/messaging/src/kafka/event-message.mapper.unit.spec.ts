import { spanIdForEvent, traceIdForCorrelation } from '@crm/observability';
import type { EventEnvelope } from '@crm/event-sourcing';
import type { KafkaMessage } from 'kafkajs';
import {
  UnreadableMessageError,
  fromKafkaMessage,
  headerValue,
  toKafkaMessage,
} from './event-message.mapper';

const envelope: EventEnvelope = {
  eventId: '0190c1d2-0000-7000-8000-000000000001',
  type: 'sample.CounterIncremented',
  schemaVersion: 2,
  streamId: 'sample.Counter-c-1',
  streamVersion: 3,
  globalPosition: 42,
  tenantId: 'tenant-1',
  occurredAt: '2026-01-01T00:00:00.000Z',
  actor: { kind: 'system', name: 'test' },
  correlationId: 'corr-1',
  causationId: 'cause-1',
  data: { counterId: 'c-1', by: 2 },
  hash: 'a'.repeat(64),
  previousHash: null,
};

function consumed(message: ReturnType<typeof toKafkaMessage>): KafkaMessage {
  const headers = Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))]),
  );
  const consumedMessage: KafkaMessage = {
    key: Buffer.from(String(message.key)),
    value: Buffer.from(String(message.value)),
    headers,
    offset: '7',
    timestamp: '0',
    attributes: 0,
  };
  return consumedMessage;
}

describe('the Kafka wire format of an event', () => {
  it('is key = streamId, value = JSON envelope, headers = type, schemaVersion, eventId, tenantId, correlationId, traceparent', () => {
    const message = toKafkaMessage(envelope);
    expect(message.key).toBe('sample.Counter-c-1');
    expect(JSON.parse(String(message.value))).toEqual(envelope);
    expect(message.headers).toEqual({
      type: 'sample.CounterIncremented',
      schemaVersion: '2',
      eventId: envelope.eventId,
      tenantId: 'tenant-1',
      correlationId: 'corr-1',
      // The event's span in the trace of its correlation id (ADR 0125).
      traceparent: `00-${traceIdForCorrelation('corr-1')}-${spanIdForEvent(envelope.eventId)}-01`,
    });
  });

  it('round-trips through a consumed message', () => {
    const message = consumed(toKafkaMessage(envelope));
    expect(fromKafkaMessage(message)).toEqual(envelope);
    expect(headerValue(message.headers, 'schemaVersion')).toBe('2');
    expect(headerValue(message.headers, 'missing')).toBeUndefined();
  });

  it.each([
    ['no value', { value: null }],
    ['not JSON', { value: Buffer.from('{oops') }],
    ['not an envelope', { value: Buffer.from('{"hello":"world"}') }],
  ])('refuses a message with %s', (_name, patch) => {
    const message = { ...consumed(toKafkaMessage(envelope)), ...patch } as KafkaMessage;
    expect(() => fromKafkaMessage(message)).toThrow(UnreadableMessageError);
  });
});
