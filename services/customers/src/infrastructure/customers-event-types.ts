// What the Customers service tells the event store about its events: the types it may append,
// with their public JSON Schemas (validated on append).
import { storeEventTypes } from '@crm/contracts';
import { CUSTOMERS_EVENT_CONTRACTS } from '@crm/contracts/customers';
import type { EventTypeDefinition } from '@crm/event-sourcing';

export function customersEventTypes(): EventTypeDefinition[] {
  return storeEventTypes(CUSTOMERS_EVENT_CONTRACTS);
}
