// What the service-desk service tells the event store: the event types it may append with their
// public schemas (validated on append), and which fields are personal data under whose key
// (libs/contracts/src/service-desk/service-desk.personal-data.ts).
import { storeEventTypes } from '@crm/contracts';
import {
  SERVICE_DESK_PERSONAL_FIELDS,
  SERVICE_DESK_SUBJECT_ID_FIELD,
  serviceDeskContracts,
} from '@crm/contracts/service-desk';
import {
  policyForFields,
  type EventTypeDefinition,
  type PersonalDataPolicy,
} from '@crm/event-sourcing';

export function serviceDeskEventTypes(): EventTypeDefinition[] {
  return storeEventTypes(serviceDeskContracts.events);
}

export function serviceDeskPersonalDataPolicy(): PersonalDataPolicy {
  return policyForFields(SERVICE_DESK_PERSONAL_FIELDS, SERVICE_DESK_SUBJECT_ID_FIELD);
}
