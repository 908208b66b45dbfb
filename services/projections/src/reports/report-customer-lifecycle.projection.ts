// Customer lifecycle history for reports (docs/reports.md, customers as of an instant): one
// document per customer with its status moves (registration, lifecycle changes, merge into
// another, erasure) and owner assignments under their stream version, dated by the event, because
// customer 360 keeps where a customer stands now. No personal field is read, so it runs on the raw
// store; the status, owner and team now sit beside the facts for the customer record scope.
import { customerIdFromStreamId, type CustomerEvent } from '@crm/customers-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, type Fields, type ReadModelChange } from '@crm/read-models';
import {
  REPORT_CUSTOMER_LIFECYCLE_MODEL,
  REPORT_CUSTOMER_LIFECYCLE_PROJECTION,
  type CustomerLifecycleFact,
} from '@crm/reports/read-models';
import { recordDatedFact } from './dated-fact';

const LIFECYCLE_EVENT_TYPES = [
  'customers.CustomerRegistered',
  'customers.LifecycleStatusChanged',
  'customers.CustomerMergedInto',
  'customers.PersonalDataErased',
  'customers.OwnerAssigned',
] as const satisfies readonly CustomerEvent['type'][];

/** The events that move a customer's status or owner (the only ones subscribed). */
type LifecycleEvent = Extract<CustomerEvent, { type: (typeof LIFECYCLE_EVENT_TYPES)[number] }>;

const isLifecycleEvent = (event: CustomerEvent): event is LifecycleEvent =>
  (LIFECYCLE_EVENT_TYPES as readonly string[]).includes(event.type);

/** The fact an event states. */
function factOf(event: LifecycleEvent, at: string): CustomerLifecycleFact {
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
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

export function projectCustomerLifecycle(envelope: EventEnvelope): ReadModelChange | undefined {
  const customerId = customerIdFromStreamId(envelope.streamId);
  const event = { type: envelope.type, data: envelope.data } as CustomerEvent;
  if (!customerId || !isLifecycleEvent(event)) return undefined;
  const fact = factOf(event, envelope.occurredAt);
  // The status, owner and team now: the customer record scope reads them.
  const current: Fields =
    fact.kind === 'status'
      ? { status: fact.status }
      : { ownerUserId: fact.ownerUserId, teamId: fact.teamId };
  return recordDatedFact(REPORT_CUSTOMER_LIFECYCLE_MODEL, customerId, envelope, fact, current);
}

export const reportCustomerLifecycleProjection = defineProjection({
  name: REPORT_CUSTOMER_LIFECYCLE_PROJECTION,
  version: 1,
  eventTypes: LIFECYCLE_EVENT_TYPES,
  readModels: [REPORT_CUSTOMER_LIFECYCLE_MODEL],
  onPoison: 'halt',
  source: 'store',
  project: projectCustomerLifecycle,
});
