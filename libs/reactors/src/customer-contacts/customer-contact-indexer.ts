// Keeps a CustomerContactIndex from the customers' public events on the store's log: an e-mail or
// phone contact added is recorded (its value read decrypted under the customer's key, through a
// policy written from the customers' public declaration in @crm/contracts/customers, so the reader
// depends on no customers library), a removed contact and an erased customer (with the customers
// merged into them) are deleted; a customer's owning rep is kept beside (customers.OwnerAssigned),
// for sticky assignment. Only digests and ids are kept. ADR 0325.
import { CUSTOMERS_PERSONAL_FIELDS } from '@crm/contracts/customers';
import {
  DataKeyStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  definePersonalDataPolicy,
  type EventStore,
  type MasterKeyRing,
} from '@crm/event-sourcing';
import type { Pool } from 'pg';
import type { ReactorDefinition } from '../reactor-definition';
import type { CustomerContactIndex } from './customer-contact-index';

interface ContactData {
  readonly customerId: string;
  readonly dataSubjectId?: string;
  readonly contactId: string;
  readonly contactKind: string;
  readonly value?: unknown;
}

/** `rawStore` read with customers' contact values in clear ("[erased]" once erased). */
export function customerContactsStore(
  rawStore: EventStore,
  pool: Pool,
  masterKeys: MasterKeyRing,
): EventStore {
  const policy = definePersonalDataPolicy({
    'customers.ContactAdded': {
      fields: CUSTOMERS_PERSONAL_FIELDS['customers.ContactAdded'] ?? [],
      // A merge's copy stays under the key of the person it came from.
      subjectId: (event: { data: unknown }) => {
        const data = event.data as ContactData;
        return data.dataSubjectId ?? data.customerId;
      },
    },
  });
  return new PersonalDataEventStore(
    rawStore,
    new PersonalDataCipher(
      new DataKeyStore({ repository: new PostgresDataKeyRepository(pool), masterKeys }),
    ),
    policy,
  );
}

/** `customers`: a customerContactsStore over the log the reactor follows. */
export function customerContactIndexer(
  name: string,
  index: CustomerContactIndex,
  customers: EventStore,
): ReactorDefinition {
  return {
    name,
    eventTypes: [
      'customers.ContactAdded',
      'customers.ContactRemoved',
      'customers.PersonalDataErased',
      'customers.OwnerAssigned',
    ],
    async react(event) {
      if (event.type === 'customers.OwnerAssigned') {
        const data = event.data as { customerId: string; ownerUserId: string | null };
        await index.assignOwner(event.tenantId, data.customerId, data.ownerUserId);
        return;
      }
      if (event.type === 'customers.PersonalDataErased') {
        const data = event.data as { customerId: string; erasedCustomerIds?: string[] };
        await index.eraseCustomers(event.tenantId, [
          data.customerId,
          ...(data.erasedCustomerIds ?? []),
        ]);
        return;
      }
      const contact = event.data as ContactData;
      if (contact.contactKind !== 'email' && contact.contactKind !== 'phone') return;
      if (event.type === 'customers.ContactRemoved') {
        await index.removeContact(event.tenantId, contact.contactId);
        return;
      }
      const { events } = await customers.readStream(event.streamId, {
        fromVersion: event.streamVersion,
        maxCount: 1,
        tenantId: event.tenantId,
      });
      const value = (events[0]?.data as ContactData | undefined)?.value;
      // Erased since (the value reads "[erased]"): nothing to match any more.
      if (typeof value !== 'string' || value === '[erased]') return;
      await index.record(event.tenantId, {
        contactId: contact.contactId,
        customerId: contact.customerId,
        kind: contact.contactKind,
        value,
      });
    },
  };
}
