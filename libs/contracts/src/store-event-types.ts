// What a service tells its event store about the events it appends: the types with their public
// JSON Schemas (validated on append). The store validates with a plain Ajv that knows no string
// formats, so the contracts' `date` / `date-time` formats are expressed as patterns for it.
import type { EventContract } from './event-contract';

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

/** The store's event type definitions (structurally @crm/event-sourcing's EventTypeDefinition). */
export function storeEventTypes(
  contracts: readonly EventContract[],
): { type: string; schemaVersion: number; dataSchema: object }[] {
  return contracts.map((contract) => ({
    type: contract.type,
    schemaVersion: contract.schemaVersion,
    dataSchema: formatsAsPatterns(contract.dataSchema) as object,
  }));
}
