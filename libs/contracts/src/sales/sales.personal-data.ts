// Which fields of which Sales events are personal data, and whose. A lead's contact is encrypted
// under the lead's own subject key (its id) until it converts: erasing the lead shreds that key.
// Declarations only ever grow (old ciphertext must stay decryptable). Applied by services/sales on
// append and by readers (projections) on read, with `definePersonalDataPolicy` from @crm/event-sourcing.
export const SALES_SUBJECT_ID_FIELD = 'leadId';

export const SALES_PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'sales.LeadCaptured': ['contact.name', 'contact.email', 'contact.phone'],
  'sales.InboundLeadReceived': ['payload'],
};
