// What the Customers service tells the event store about its events: the types it may append,
// with their public JSON Schemas (validated on append).
import { CUSTOMERS_EVENT_CONTRACTS } from '@crm/contracts/customers';
import type { EventTypeDefinition } from '@crm/event-sourcing';

// The store validates payloads with a plain Ajv that knows no string formats; the same checks as
// the contracts' `date` / `date-time` formats are expressed as patterns for it.
const FORMAT_PATTERNS: Readonly<Record<string, string>> = {
  date: '^\\d{4}-\\d{2}-\\d{2}$',
  'date-time': '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})$',
};

export function formatsAsPatterns(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(formatsAsPatterns);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'format' && typeof value === 'string' && FORMAT_PATTERNS[value])
      out['pattern'] = FORMAT_PATTERNS[value];
    else out[key] = formatsAsPatterns(value);
  }
  return out;
}

export function customersEventTypes(): EventTypeDefinition[] {
  return CUSTOMERS_EVENT_CONTRACTS.map((contract) => ({
    type: contract.type,
    schemaVersion: contract.schemaVersion,
    dataSchema: formatsAsPatterns(contract.dataSchema) as object,
  }));
}
