// What the Sales service tells the event store: the event types it may append with their public
// schemas (validated on append), and which fields are personal data under whose key (a lead's
// contact under the lead's own key, a note's text under its record's data subject:
// libs/contracts/src/sales/sales.personal-data.ts).
import { storeEventTypes } from '@crm/contracts';
import { salesContracts } from '@crm/contracts/sales';
import type { EventTypeDefinition } from '@crm/event-sourcing';

// One policy for the service, its projections and the auditor (libs/sales/read-models).
export { salesPersonalDataPolicy } from '@crm/sales-read-models';

export function salesEventTypes(): EventTypeDefinition[] {
  return storeEventTypes(salesContracts.events);
}
