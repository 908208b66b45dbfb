// Building blocks of the Customers event schemas. Personal fields are published encrypted per data
// subject ({ $enc, kid, iv, tag, ct }) and read as "[erased]" after the subject's key is shredded,
// so their schema accepts the clear value, the ciphertext object or the erased marker.
import type { JsonSchema } from '../event-contract';

export const id: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };
export const text = (maxLength = 200): JsonSchema => ({ type: 'string', minLength: 1, maxLength });
export const instant: JsonSchema = { type: 'string', format: 'date-time' };
export const calendarDate: JsonSchema = { type: 'string', format: 'date' };
export const enumOf = (values: readonly string[]): JsonSchema => ({
  type: 'string',
  enum: [...values],
});
export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

export const encryptedField: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['$enc', 'kid', 'iv', 'tag', 'ct'],
  properties: {
    $enc: { type: 'string', const: 'v1' },
    kid: { type: 'string', minLength: 1 },
    iv: { type: 'string' },
    tag: { type: 'string' },
    ct: { type: 'string' },
  },
};

export const ERASED = '[erased]';

/** A personal field: clear (inside the service), encrypted (stored and published) or erased. */
export const personal = (schema: JsonSchema): JsonSchema => ({
  anyOf: [schema, encryptedField, { type: 'string', const: ERASED }],
});

export function object(
  properties: Record<string, JsonSchema>,
  required: readonly string[],
): JsonSchema {
  return { type: 'object', additionalProperties: false, required: [...required], properties };
}

export const ACQUISITION_CHANNELS = [
  'online_store',
  'offline_store',
  'web_form',
  'social',
  'event',
  'import',
] as const;
export const CONSENT_CHANNELS = ['email', 'sms', 'phone', 'push'] as const;
export const COMPANY_SIZES = ['micro', 'small', 'medium', 'large', 'enterprise'] as const;
export const TAG_KINDS = ['label', 'interest', 'buying_motive'] as const;
export const SETTABLE_STATUSES = ['prospect', 'active', 'inactive'] as const;

export const postalAddress = object(
  {
    line1: text(),
    line2: text(),
    postalCode: text(20),
    city: text(),
    region: text(),
    countryCode: { type: 'string', pattern: '^[A-Z]{2}$' },
  },
  ['line1', 'city', 'countryCode'],
);

export const tag = object({ kind: enumOf(TAG_KINDS), value: text(64) }, ['kind', 'value']);

export const customFieldValue: JsonSchema = {
  anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
};

export const purchaseItem = object(
  {
    sku: id,
    name: text(),
    category: { type: 'string', maxLength: 64 },
    quantity: { type: 'integer', minimum: 1 },
    unitPrice: { type: 'string', pattern: '^\\d+\\.\\d{2}$' },
  },
  ['category', 'quantity'],
);

export const customFieldDefinition = object(
  {
    name: { type: 'string', pattern: '^[a-z][a-zA-Z0-9_]{0,63}$' },
    label: text(),
    fieldType: enumOf(['string', 'number', 'boolean', 'date', 'enum']),
    validation: {
      type: 'object',
      additionalProperties: false,
      required: ['required'],
      properties: {
        required: { type: 'boolean' },
        maxLength: { type: 'integer', minimum: 1 },
        pattern: { type: 'string' },
        min: { type: 'number' },
        max: { type: 'number' },
        integer: { type: 'boolean' },
        allowedValues: { type: 'array', items: { type: 'string' } },
        minDate: calendarDate,
        maxDate: calendarDate,
      },
    },
  },
  ['name', 'label', 'fieldType', 'validation'],
);
