// The customers' personal fields the desk reads, decrypted under each customer's key: an e-mail
// contact's value (to link mail to its sender) and the birthday (care reminders). The policy is
// written from the customers' public declaration (@crm/contracts/customers), limited to these two
// events and the same fields inside an imported registration: the desk depends on no customers
// library.
import { CUSTOMERS_PERSONAL_FIELDS } from '@crm/contracts/customers';
import {
  DataKeyStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  definePersonalDataPolicy,
  type EventStore,
  type MasterKeyRing,
  type PersonalDataPolicy,
} from '@crm/event-sourcing';
import type { Pool } from 'pg';

const READ = ['customers.ContactAdded', 'customers.DemographicsSet'] as const;
/** An imported row's registration carries its contacts and demographics (ADR 0340). */
const REGISTERED = 'customers.CustomerRegistered';
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(READ.map((type) => [type, CUSTOMERS_PERSONAL_FIELDS[type] ?? []])),
  [REGISTERED]: (CUSTOMERS_PERSONAL_FIELDS[REGISTERED] ?? []).filter(
    (field) => field.startsWith('contacts') || field.startsWith('demographics'),
  ),
};

/** Under the key of the person a merge's copy came from (`dataSubjectId`), else the customer's. */
export function customerPersonalDataPolicy(): PersonalDataPolicy {
  return definePersonalDataPolicy(
    Object.fromEntries(
      Object.entries(FIELDS).map(([type, fields]) => [
        type,
        {
          fields,
          subjectId: (event: { data: unknown }) => {
            const data = event.data as { customerId: string; dataSubjectId?: string };
            return data.dataSubjectId ?? data.customerId;
          },
        },
      ]),
    ),
  );
}

/** `rawStore` read with those fields in clear ("[erased]" once the customer is erased). */
export function customerFactsStore(
  rawStore: EventStore,
  pool: Pool,
  masterKeys: MasterKeyRing,
): EventStore {
  return new PersonalDataEventStore(
    rawStore,
    new PersonalDataCipher(
      new DataKeyStore({ repository: new PostgresDataKeyRepository(pool), masterKeys }),
    ),
    customerPersonalDataPolicy(),
  );
}
