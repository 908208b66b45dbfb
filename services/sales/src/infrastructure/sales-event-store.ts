// What the Sales service tells the event store: the event types it may append with their public
// schemas (validated on append), and which fields are personal data under whose key (a lead's
// contact under the lead's own key, a note's text under its record's data subject:
// libs/contracts/src/sales/sales.personal-data.ts).
import { storeEventTypes } from '@crm/contracts';
import {
  SALES_NOTE_PERSONAL_FIELDS,
  SALES_NOTE_SUBJECT_ID_FIELD,
  SALES_PERSONAL_FIELDS,
  SALES_SUBJECT_ID_FIELD,
  salesContracts,
} from '@crm/contracts/sales';
import {
  combinePersonalDataPolicies,
  definePersonalDataPolicy,
  policyForFields,
  type EventTypeDefinition,
  type PersonalDataEvent,
  type PersonalDataPolicy,
} from '@crm/event-sourcing';

export function salesEventTypes(): EventTypeDefinition[] {
  return storeEventTypes(salesContracts.events);
}

export function salesPersonalDataPolicy(): PersonalDataPolicy {
  return combinePersonalDataPolicies(
    policyForFields(SALES_PERSONAL_FIELDS, SALES_SUBJECT_ID_FIELD),
    definePersonalDataPolicy(
      Object.fromEntries(
        Object.entries(SALES_NOTE_PERSONAL_FIELDS).map(([type, fields]) => [
          type,
          { subjectId: noteDataSubject, fields },
        ]),
      ),
    ),
  );
}

/**
 * The data subject of a note's text (ADR 0400). A note stored before ADR 0400 names none and its
 * text is clear: the note itself stands in (it has no key; a clear value passes through).
 */
function noteDataSubject(event: PersonalDataEvent): string {
  const data = event.data as Record<string, unknown>;
  const subject = data[SALES_NOTE_SUBJECT_ID_FIELD];
  return typeof subject === 'string' && subject.length > 0 ? subject : String(data['noteId']);
}
