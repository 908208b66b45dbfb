// The Customers personal-data policy (which fields of which events are encrypted per customer) and
// a ready decrypting view of an event store, for every reader that needs clear values: the
// customers service itself and the customer projections. Declarations live in
// libs/contracts/src/customers (they are part of the public event contract).
import { CUSTOMERS_PERSONAL_FIELDS, CUSTOMERS_SUBJECT_ID_FIELD } from '@crm/contracts/customers';
import {
  DataKeyStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  definePersonalDataPolicy,
  subjectIdFromData,
  type EventStore,
  type MasterKeyRing,
  type PersonalDataPolicy,
} from '@crm/event-sourcing';
import type { Pool } from 'pg';

export function customersPersonalDataPolicy(): PersonalDataPolicy {
  const subjectId = subjectIdFromData(CUSTOMERS_SUBJECT_ID_FIELD);
  return definePersonalDataPolicy(
    Object.fromEntries(
      Object.entries(CUSTOMERS_PERSONAL_FIELDS).map(([type, fields]) => [
        type,
        { subjectId, fields },
      ]),
    ),
  );
}

/**
 * Wraps a store so customer events read with clear personal fields ("[erased]" after erasure).
 * `pool` is the PostgreSQL pool holding the `personal_data.data_keys` table (the event store's).
 */
export function customersDecryptingStore(
  store: EventStore,
  pool: Pool,
  masterKeys: MasterKeyRing,
): PersonalDataEventStore {
  const keys = new DataKeyStore({ repository: new PostgresDataKeyRepository(pool), masterKeys });
  return new PersonalDataEventStore(
    store,
    new PersonalDataCipher(keys),
    customersPersonalDataPolicy(),
  );
}
