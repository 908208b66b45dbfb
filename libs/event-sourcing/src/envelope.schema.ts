// Runtime JSON Schema (draft 2020-12 subset understood by ajv) of the event envelope. Integrations
// validate published envelopes with it; the store validates new events with the same building blocks.
import Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import type { EventEnvelope } from './envelope';
import { EVENT_TYPE_PATTERN, ISO_UTC_PATTERN } from './envelope';

const nonEmptyString = { type: 'string', minLength: 1, maxLength: 200 } as const;

export const actorJsonSchema = {
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

const sha256Hex = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;

export const eventEnvelopeJsonSchema = {
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
    // JSON Schema patterns have no flags, so the case-insensitive UUID_PATTERN is spelt out.
    eventId: {
      type: 'string',
      pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
    },
    type: { type: 'string', pattern: EVENT_TYPE_PATTERN.source },
    schemaVersion: { type: 'integer', minimum: 1 },
    streamId: {
      type: 'string',
      maxLength: 200,
      pattern: '^[a-z][a-z0-9]*(?:-[a-z0-9]+)*\\.[A-Z][A-Za-z0-9]*-[A-Za-z0-9][A-Za-z0-9_.:@+=-]*$',
    },
    streamVersion: { type: 'integer', minimum: 1 },
    globalPosition: { type: 'integer', minimum: 1 },
    tenantId: nonEmptyString,
    occurredAt: { type: 'string', pattern: ISO_UTC_PATTERN.source },
    actor: actorJsonSchema,
    correlationId: nonEmptyString,
    causationId: nonEmptyString,
    data: {},
    hash: sha256Hex,
    previousHash: { oneOf: [sha256Hex, { type: 'null' }] },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
const validateEnvelopeSchema = ajv.compile(eventEnvelopeJsonSchema);
const validateActorSchema = ajv.compile(actorJsonSchema);

export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** Returns the problems of a value claimed to be an envelope (empty when it is valid). */
export function validateEventEnvelope(value: unknown): string[] {
  return validateEnvelopeSchema(value) ? [] : formatAjvErrors(validateEnvelopeSchema.errors);
}

export function isEventEnvelope(value: unknown): value is EventEnvelope {
  return validateEventEnvelope(value).length === 0;
}

export function validateActor(value: unknown): string[] {
  return validateActorSchema(value) ? [] : formatAjvErrors(validateActorSchema.errors);
}
