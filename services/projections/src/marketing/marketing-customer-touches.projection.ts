// A customer's marketing touches (the customer 360's "recent marketing touches"): one document per
// tenant and customer, every touch keyed by its stream version, so replays and rebuilds write the
// same document. Touches name campaigns and journeys, never personal data.
import type { EventEnvelope } from '@crm/event-sourcing';
import type { TouchRecorded } from '@crm/marketing-domain';
import {
  MARKETING_CUSTOMER_TOUCHES_MODEL,
  MARKETING_CUSTOMER_TOUCHES_PROJECTION,
  customerTouchesDocumentId,
} from '@crm/marketing-read-models';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';

export function projectCustomerTouch(envelope: EventEnvelope): ReadModelChange | undefined {
  if (envelope.type !== 'marketing.TouchRecorded') return undefined;
  const { customerId, sourceKind, sourceId, channel, touchedAt } =
    envelope.data as TouchRecorded['data'];
  return upsert(
    MARKETING_CUSTOMER_TOUCHES_MODEL,
    customerTouchesDocumentId(envelope.tenantId, customerId),
    {
      set: {
        tenantId: envelope.tenantId,
        customerId,
        [`touches.${envelope.streamVersion}`]: { sourceKind, sourceId, channel, touchedAt },
      },
    },
  );
}

export const marketingCustomerTouchesProjection = defineProjection({
  name: MARKETING_CUSTOMER_TOUCHES_PROJECTION,
  version: 1,
  eventTypes: ['marketing.TouchRecorded'],
  readModels: [MARKETING_CUSTOMER_TOUCHES_MODEL],
  onPoison: 'halt',
  source: 'store',
  project: projectCustomerTouch,
});
