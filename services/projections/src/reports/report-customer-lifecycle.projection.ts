// Customer lifecycle history for reports (docs/reports.md, customers as of an instant): one
// document per customer with its status moves (registration, lifecycle changes, merge into
// another, erasure) and owner assignments under their stream version, dated by the event, because
// customer 360 keeps where a customer stands now. No personal field is read, so it runs on the raw
// store; the status, owner and team now sit beside the facts for the customer record scope.
import { customerIdFromStreamId, type CustomerEvent } from '@crm/customers-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';
import {
  REPORT_CUSTOMER_LIFECYCLE_MODEL,
  REPORT_CUSTOMER_LIFECYCLE_PROJECTION,
  type CustomerLifecycleFact,
} from '@crm/reports/read-models';

/** The fact an event states, or undefined for events that move neither status nor owner. */
function factOf(event: CustomerEvent, at: string): CustomerLifecycleFact | undefined {
  switch (event.type) {
    case 'customers.CustomerRegistered':
      return { kind: 'status', at, status: event.data.status };
    case 'customers.LifecycleStatusChanged':
      return { kind: 'status', at, status: event.data.to };
    case 'customers.CustomerMergedInto':
      return { kind: 'status', at, status: 'merged' };
    case 'customers.PersonalDataErased':
      return { kind: 'status', at, status: 'erased' };
    case 'customers.OwnerAssigned': {
      const { ownerUserId, teamId } = event.data;
      return { kind: 'owner', at, ownerUserId, teamId };
    }
    default:
      return undefined;
  }
}

export function projectCustomerLifecycle(envelope: EventEnvelope): ReadModelChange | undefined {
  const customerId = customerIdFromStreamId(envelope.streamId);
  const event = { type: envelope.type, data: envelope.data } as CustomerEvent;
  const fact = customerId ? factOf(event, envelope.occurredAt) : undefined;
  if (!customerId || !fact) return undefined;
  return upsert(REPORT_CUSTOMER_LIFECYCLE_MODEL, customerId, {
    set: {
      tenantId: envelope.tenantId,
      // The status, owner and team now: the customer record scope reads them.
      ...(fact.kind === 'status'
        ? { status: fact.status }
        : { ownerUserId: fact.ownerUserId, teamId: fact.teamId }),
      [`facts.${envelope.streamVersion}`]: fact,
      version: envelope.streamVersion,
    },
  });
}

export const reportCustomerLifecycleProjection = defineProjection({
  name: REPORT_CUSTOMER_LIFECYCLE_PROJECTION,
  version: 1,
  eventTypes: [
    'customers.CustomerRegistered',
    'customers.LifecycleStatusChanged',
    'customers.CustomerMergedInto',
    'customers.PersonalDataErased',
    'customers.OwnerAssigned',
  ],
  readModels: [REPORT_CUSTOMER_LIFECYCLE_MODEL],
  onPoison: 'halt',
  source: 'store',
  project: projectCustomerLifecycle,
});
