// What the Sales service tells the event store: the event types it may append with their public
// schemas (validated on append), and which fields are personal data under whose key (a lead's
// contact under the lead's own key: libs/contracts/src/sales/sales.personal-data.ts).
import { storeEventTypes } from '@crm/contracts';
import {
  SALES_PERSONAL_FIELDS,
  SALES_SUBJECT_ID_FIELD,
  salesContracts,
} from '@crm/contracts/sales';
import {
  policyForFields,
  type EventTypeDefinition,
  type PersonalDataPolicy,
} from '@crm/event-sourcing';

export function salesEventTypes(): EventTypeDefinition[] {
  return storeEventTypes(salesContracts.events);
}

export function salesPersonalDataPolicy(): PersonalDataPolicy {
  return policyForFields(SALES_PERSONAL_FIELDS, SALES_SUBJECT_ID_FIELD);
}
