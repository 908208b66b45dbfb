// Customer timeline: one document per interaction and per purchase (a separate collection, paged
// newest first). Interaction subject and notes are personal: written only when they arrive clear
// (through the customers decrypting store view), removed again when the customer is erased.
import { CUSTOMER_TIMELINE_MODEL, CUSTOMER_TIMELINE_PROJECTION } from '@crm/customers-read-models';
import { customerIdFromStreamId, type CustomerEvent } from '@crm/customers-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type FieldValue, type ReadModelChange } from '@crm/read-models';
import { clearString } from './customer-360.projection';

type TimelineEvent = Extract<
  CustomerEvent,
  {
    type:
      | 'customers.InteractionRecorded'
      | 'customers.PurchaseRecorded'
      | 'customers.PersonalDataErased';
  }
>;

export function interactionEntryId(customerId: string, interactionId: string): string {
  return `${customerId}|i|${interactionId}`;
}

export function purchaseEntryId(customerId: string, orderId: string): string {
  return `${customerId}|p|${orderId}`;
}

export function projectCustomerTimeline(envelope: EventEnvelope): ReadModelChange[] {
  const customerId = customerIdFromStreamId(envelope.streamId);
  if (!customerId) return [];
  // Only the handled types reach here (eventTypes below); anything else yields no change.
  const event = { type: envelope.type, data: envelope.data } as TimelineEvent;
  switch (event.type) {
    case 'customers.InteractionRecorded': {
      const d = event.data;
      const id = interactionEntryId(customerId, d.interactionId);
      const subject = clearString(d.subject);
      const notes = clearString(d.notes);
      return [
        upsert(CUSTOMER_TIMELINE_MODEL, id, {
          set: {
            tenantId: envelope.tenantId,
            customerId,
            entryType: 'interaction',
            eventType: envelope.type,
            occurredAt: d.occurredAt,
            sortKey: `${d.occurredAt}|${id}`,
            actorUserId: d.performedBy,
            ...(d.mergedFrom ? { mergedFrom: d.mergedFrom } : {}),
            interaction: {
              interactionId: d.interactionId,
              kind: d.kind,
              ...(d.direction ? { direction: d.direction } : {}),
              ...(subject ? { subject } : {}),
              ...(notes ? { notes } : {}),
              ...(d.outcome ? { outcome: d.outcome } : {}),
            },
          },
        }),
      ];
    }
    case 'customers.PurchaseRecorded': {
      const d = event.data;
      const id = purchaseEntryId(customerId, d.orderId);
      return [
        upsert(CUSTOMER_TIMELINE_MODEL, id, {
          set: {
            tenantId: envelope.tenantId,
            customerId,
            entryType: 'purchase',
            eventType: envelope.type,
            occurredAt: d.purchasedAt,
            sortKey: `${d.purchasedAt}|${id}`,
            ...(d.mergedFrom ? { mergedFrom: d.mergedFrom } : {}),
            purchase: {
              orderId: d.orderId,
              items: d.items as unknown as FieldValue,
              amount: d.amount,
              amountMinor: d.amountMinor,
              currency: d.currency,
              channel: d.channel,
            },
          },
        }),
      ];
    }
    case 'customers.PersonalDataErased':
      return (event.data.interactionIds ?? []).map((interactionId) =>
        upsert(CUSTOMER_TIMELINE_MODEL, interactionEntryId(customerId, interactionId), {
          set: { erased: true },
          unset: ['interaction.subject', 'interaction.notes'],
        }),
      );
    default: {
      const other: never = event;
      void other;
      return [];
    }
  }
}

export const customerTimelineProjection = defineProjection({
  name: CUSTOMER_TIMELINE_PROJECTION,
  version: 1,
  eventTypes: [
    'customers.InteractionRecorded',
    'customers.PurchaseRecorded',
    'customers.PersonalDataErased',
  ],
  readModels: [CUSTOMER_TIMELINE_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [CUSTOMER_TIMELINE_MODEL]: [
      { fields: { tenantId: 1, customerId: 1, sortKey: -1 } },
      { fields: { tenantId: 1, customerId: 1, entryType: 1, sortKey: -1 } },
    ],
  },
  project: projectCustomerTimeline,
});
