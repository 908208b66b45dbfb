// Builds the self-contained JSON Schema of one published message (envelope + this type's `data`).
// Self-contained (no $ref) so an integrator can copy one file into any validator.
import type { EventContract, JsonSchema } from './event-contract';
import { envelopeContractSchema } from './envelope-contract.schema';

export const SCHEMA_BASE_URI = 'https://crm.example/schemas/events/';

export function messageSchemaId(type: string, schemaVersion: number): string {
  return `${SCHEMA_BASE_URI}${type}.v${schemaVersion}.json`;
}

export function buildMessageSchema(contract: EventContract): JsonSchema {
  const {
    $id: _envelopeId,
    title: _envelopeTitle,
    properties,
    ...envelope
  } = envelopeContractSchema;
  return {
    $id: messageSchemaId(contract.type, contract.schemaVersion),
    title: `${contract.type} v${contract.schemaVersion}`,
    description: contract.description,
    ...(contract.deprecated ? { deprecated: true } : {}),
    ...envelope,
    properties: {
      ...properties,
      type: { const: contract.type },
      schemaVersion: { const: contract.schemaVersion },
      data: contract.dataSchema,
    },
  };
}
