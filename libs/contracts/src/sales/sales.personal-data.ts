// Which fields of which Sales events are personal data, and whose. A lead's contact is encrypted
// under the lead's own subject key (its id) until it converts: erasing the lead shreds that key.
// Declarations only ever grow (old ciphertext must stay decryptable). Applied by services/sales on
// append and by readers (projections) on read, with `definePersonalDataPolicy` from @crm/event-sourcing.
export const SALES_SUBJECT_ID_FIELD = 'leadId';

export const SALES_PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'sales.LeadCaptured': ['contact.name', 'contact.email', 'contact.phone'],
  'sales.InboundLeadReceived': ['payload'],
};

/**
 * Internal notes (ADR 0400): the text is personal data of the record's data subject, named in
 * `dataSubjectId` (the lead for a note about a lead, else the customer of the deal, quote, order,
 * contract or activity), so a note that names a person is shredded with that person's key. A
 * separate declaration because its subject field is not `leadId`. Notes stored before ADR 0400
 * carry no subject and a clear text: readers take the note itself as their subject (no key exists,
 * the clear value passes through).
 */
export const SALES_NOTE_SUBJECT_ID_FIELD = 'dataSubjectId';

export const SALES_NOTE_PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'sales.SalesNoteAdded': ['text'],
};
