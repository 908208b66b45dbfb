// Which fields of the Sales events are personal data and under whose key, as one policy for every
// reader and writer of the log: the sales service (encrypts on append), its projections, and the
// auditor's tools (decrypt where allowed, "[erased]" after an erasure). Declarations in
// libs/contracts/src/sales/sales.personal-data.ts.
import {
  SALES_NOTE_PERSONAL_FIELDS,
  SALES_NOTE_SUBJECT_ID_FIELD,
  SALES_PERSONAL_FIELDS,
  SALES_SUBJECT_ID_FIELD,
} from '@crm/contracts/sales';
import {
  combinePersonalDataPolicies,
  definePersonalDataPolicy,
  policyForFields,
  type PersonalDataEvent,
  type PersonalDataPolicy,
} from '@crm/event-sourcing';

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
