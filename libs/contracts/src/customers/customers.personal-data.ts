// Which fields of which Customers events are personal data, and whose. The data subject is always
// the customer of the event (`data.customerId`), whose per-subject key encrypts the fields; erasing
// the customer shreds the key. Declarations only ever grow (old ciphertext must stay decryptable).
// Applied by services/customers on append and by readers (projections, export) on read, with
// `definePersonalDataPolicy` from @crm/event-sourcing.

export const CUSTOMERS_SUBJECT_ID_FIELD = 'customerId';

export const CUSTOMERS_PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'customers.CustomerRegistered': ['person.firstName', 'person.lastName', 'nationalId'],
  'customers.ProfileUpdated': ['firstName', 'lastName', 'nationalId', 'bankCard'],
  'customers.ContactAdded': ['value'],
  'customers.DemographicsSet': ['birthday'],
  'customers.CustomFieldValuesSet': ['values'],
  'customers.InteractionRecorded': ['subject', 'notes'],
};
