// The Customers personal-data policy (which fields of which events are encrypted per customer) and
// a ready decrypting view of an event store, for every reader that needs clear values: the
// customers service itself and the customer projections. Declarations live in
// libs/contracts/src/customers (they are part of the public event contract).
import {
  CUSTOMERS_COPIED_SUBJECT_ID_FIELD,
  CUSTOMERS_PERSONAL_FIELDS,
  CUSTOMERS_SUBJECT_ID_FIELD,
} from '@crm/contracts/customers';
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

/**
 * Whose key encrypts an event's personal fields: the person a merged copy came from when the
 * event names one (`dataSubjectId`), else the event's customer.
 */
export function customersPersonalDataPolicy(): PersonalDataPolicy {
  const ownSubject = subjectIdFromData(CUSTOMERS_SUBJECT_ID_FIELD);
  const copiedSubject = subjectIdFromData(CUSTOMERS_COPIED_SUBJECT_ID_FIELD);
  const subjectId = (event: Parameters<typeof ownSubject>[0]): string =>
    (event.data as Record<string, unknown> | null | undefined)?.[
      CUSTOMERS_COPIED_SUBJECT_ID_FIELD
    ] === undefined
      ? ownSubject(event)
      : copiedSubject(event);
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
