// The tenant's RFM models (ADR 0194): one document per tenant and currency with the cut-offs now,
// from `marketing.RfmCutOffsSet` (the nightly quintiles or a marketer's configured cut-offs).
import type { EventEnvelope } from '@crm/event-sourcing';
import type { RfmCutOffsSet } from '@crm/marketing-domain';
import { MARKETING_RFM_MODEL, MARKETING_RFM_PROJECTION } from '@crm/marketing-read-models';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';

export function projectRfmModel(envelope: EventEnvelope): ReadModelChange | undefined {
  if (envelope.type !== 'marketing.RfmCutOffsSet') return undefined;
  const d = envelope.data as RfmCutOffsSet['data'];
  return upsert(MARKETING_RFM_MODEL, `${envelope.tenantId}|${d.currency}`, {
    set: {
      tenantId: envelope.tenantId,
      currency: d.currency,
      source: d.source,
      recencyDays: [...d.recencyDays],
      frequency: [...d.frequency],
      monetaryMinor: [...d.monetaryMinor],
      setAt: d.setAt,
    },
  });
}

export const marketingRfmModelsProjection = defineProjection({
  name: MARKETING_RFM_PROJECTION,
  version: 1,
  eventTypes: ['marketing.RfmCutOffsSet'],
  readModels: [MARKETING_RFM_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: { [MARKETING_RFM_MODEL]: [{ fields: { tenantId: 1, currency: 1 } }] },
  project: projectRfmModel,
});
