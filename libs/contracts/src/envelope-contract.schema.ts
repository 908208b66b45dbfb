// The public JSON Schema of the event envelope, as integrations receive it on Kafka. It repeats the
// event-sourcing core's `eventEnvelopeJsonSchema` because this library is the one integrations may
// depend on and it must not pull in the store; libs/messaging has a test that both stay identical.

const nonEmptyString = { type: 'string', minLength: 1, maxLength: 200 } as const;
const sha256Hex = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;

/** `<context>.<PastTenseName>`: context in kebab-case, the name in PascalCase. */
export const EVENT_TYPE_PATTERN_SOURCE = '^[a-z][a-z0-9]*(?:-[a-z0-9]+)*\\.[A-Z][A-Za-z0-9]*$';
export const CONTEXT_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export const actorContractSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'userId', 'roles'],
      properties: {
        kind: { const: 'user' },
        userId: nonEmptyString,
        roles: { type: 'array', items: nonEmptyString },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'name'],
      properties: { kind: { const: 'system' }, name: nonEmptyString },
    },
  ],
} as const;

export const envelopeContractSchema = {
  $id: 'https://crm.example/schemas/event-envelope.json',
  title: 'EventEnvelope',
  type: 'object',
  additionalProperties: false,
  required: [
    'eventId',
    'type',
    'schemaVersion',
    'streamId',
    'streamVersion',
    'globalPosition',
    'tenantId',
    'occurredAt',
    'actor',
    'correlationId',
    'causationId',
    'data',
    'hash',
    'previousHash',
  ],
  properties: {
    eventId: {
      type: 'string',
      pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
    },
    type: { type: 'string', pattern: EVENT_TYPE_PATTERN_SOURCE },
    schemaVersion: { type: 'integer', minimum: 1 },
    streamId: {
      type: 'string',
      maxLength: 200,
      pattern: '^[a-z][a-z0-9]*(?:-[a-z0-9]+)*\\.[A-Z][A-Za-z0-9]*-[A-Za-z0-9][A-Za-z0-9_.:@+=-]*$',
    },
    streamVersion: { type: 'integer', minimum: 1 },
    globalPosition: { type: 'integer', minimum: 1 },
    tenantId: nonEmptyString,
    occurredAt: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$',
    },
    actor: actorContractSchema,
    correlationId: nonEmptyString,
    causationId: nonEmptyString,
    data: {},
    hash: sha256Hex,
    previousHash: { oneOf: [sha256Hex, { type: 'null' }] },
  },
} as const;

/** The envelope fields every Kafka message repeats as headers (values are UTF-8 strings). */
export const KAFKA_HEADER_NAMES = [
  'type',
  'schemaVersion',
  'eventId',
  'tenantId',
  'correlationId',
] as const;
export type KafkaHeaderName = (typeof KAFKA_HEADER_NAMES)[number];
