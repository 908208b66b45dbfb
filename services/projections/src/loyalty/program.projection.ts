// The tenant's loyalty program as last defined: its tiers with their benefits table, for the
// member API (the benefits of the member's tier), and the whole definition for program
// administration (the settings form loads it). One document per
// tenant, replaced by each definition ($set of whole fields, so redelivery leaves it identical).
import type { EventEnvelope } from '@crm/event-sourcing';
import type { ProgramDefinition } from '@crm/loyalty-domain';
import { LOYALTY_PROGRAM_MODEL, LOYALTY_PROGRAM_PROJECTION } from '@crm/loyalty-read-models';
import { defineProjection, upsert, type FieldValue, type ReadModelChange } from '@crm/read-models';

export function projectProgram(envelope: EventEnvelope): ReadModelChange[] {
  const data = envelope.data as {
    definition: ProgramDefinition;
    definedAt?: string;
    revisedAt?: string;
  };
  const program = data.definition;
  return [
    upsert(LOYALTY_PROGRAM_MODEL, envelope.tenantId, {
      set: {
        tenantId: envelope.tenantId,
        name: program.name,
        currency: program.currency,
        timeZone: program.timeZone,
        tiers: program.tiers.map((tier) => ({
          name: tier.name,
          qualifyingThreshold: tier.qualifyingThreshold,
          multiplierPercent: tier.multiplierPercent,
          benefits: (tier.benefits ?? []).map((b) => ({
            code: b.code,
            description: b.description,
          })),
        })),
        tierWindowMonths: program.tierReview?.windowMonths ?? null,
        // The whole definition as defined, so administration can load and edit it. It is the
        // event's own JSON (validated against the contract), so it is a plain field value.
        definition: program as unknown as FieldValue,
        definedAt: data.definedAt ?? data.revisedAt ?? envelope.occurredAt,
        updatedAt: envelope.occurredAt,
      },
    }),
  ];
}

export const programProjection = defineProjection({
  name: LOYALTY_PROGRAM_PROJECTION,
  // 2: the whole definition is kept (administration loads the current programme).
  version: 2,
  eventTypes: ['loyalty.ProgramDefined', 'loyalty.ProgramRevised'],
  readModels: [LOYALTY_PROGRAM_MODEL],
  onPoison: 'halt',
  source: 'store',
  project: projectProgram,
});
