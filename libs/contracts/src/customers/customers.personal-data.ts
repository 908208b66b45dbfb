// Which fields of which Customers events are personal data, and whose. The data subject is the
// customer of the event (`data.customerId`), except on copies a merge made into the survivor's
// stream, which name the person they came from (`data.dataSubjectId`, ADR 0060); that subject's
// per-subject key encrypts the fields, and erasing the subject shreds the key. Declarations only ever grow (old ciphertext must stay decryptable).
// Applied by services/customers on append and by readers (projections, export) on read, with
// `definePersonalDataPolicy` from @crm/event-sourcing.

export const CUSTOMERS_SUBJECT_ID_FIELD = 'customerId';
/** Overrides CUSTOMERS_SUBJECT_ID_FIELD when present (personal data copied by a merge). */
export const CUSTOMERS_COPIED_SUBJECT_ID_FIELD = 'dataSubjectId';

export const CUSTOMERS_PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'customers.CustomerRegistered': [
    'person.firstName',
    'person.lastName',
    'nationalId',
    // An imported row's contacts and demographics (ADR 0340), as in ContactAdded/DemographicsSet.
    'contacts[].value',
    'demographics.birthday',
  ],
  'customers.ProfileUpdated': ['firstName', 'lastName', 'nationalId', 'bankCard'],
  'customers.ContactAdded': ['value'],
  'customers.DemographicsSet': ['birthday'],
  'customers.CustomFieldValuesSet': ['values'],
  'customers.InteractionRecorded': ['subject', 'notes'],
};
