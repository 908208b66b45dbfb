// Keeps a CustomerContactIndex from the customers' public events on the store's log: an e-mail or
// phone contact added is recorded (its value read decrypted under the customer's key, through a
// policy written from the customers' public declaration in @crm/contracts/customers, so the reader
// depends on no customers library), a removed contact and an erased customer (with the customers
// merged into them) are deleted; a customer's owning rep is kept beside (customers.OwnerAssigned),
// for sticky assignment. Only digests and ids are kept. ADR 0325. An imported row's registration
// carries its contacts (ADR 0340), each standing for a ContactAdded: they are recorded alike.
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
import type { EventEnvelope } from '@crm/event-sourcing';
import type { Pool } from 'pg';
import type { ReactorDefinition } from '../reactor-definition';
import type { CustomerContactIndex, CustomerContactKind } from './customer-contact-index';

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
  // A merge's copy stays under the key of the person it came from.
  const subjectId = (event: { data: unknown }) => {
    const data = event.data as ContactData;
    return data.dataSubjectId ?? data.customerId;
  };
  const policy = definePersonalDataPolicy({
    'customers.ContactAdded': {
      fields: CUSTOMERS_PERSONAL_FIELDS['customers.ContactAdded'] ?? [],
      subjectId,
    },
    [REGISTERED]: {
      fields: (CUSTOMERS_PERSONAL_FIELDS[REGISTERED] ?? []).filter((field) =>
        field.startsWith('contacts'),
      ),
      subjectId,
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
      REGISTERED,
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
      if (event.type === REGISTERED) {
        await recordRegisteredContacts(index, customers, event);
        return;
      }
      const contact = event.data as ContactData;
      if (!isIndexed(contact)) return;
      if (event.type === 'customers.ContactRemoved') {
        await index.removeContact(event.tenantId, contact.contactId);
        return;
      }
      const clear = (await readInClear(customers, event)) as ContactData | undefined;
      await recordContact(index, event.tenantId, contact.customerId, {
        ...contact,
        value: clear?.value,
      });
    },
  };
}

const REGISTERED = 'customers.CustomerRegistered';

type RegisteredContact = Omit<ContactData, 'customerId'>;

function isIndexed<T extends { readonly contactKind: string }>(
  contact: T,
): contact is T & { readonly contactKind: CustomerContactKind } {
  return contact.contactKind === 'email' || contact.contactKind === 'phone';
}

/** The event as `customers` reads it: its personal fields in clear. */
async function readInClear(customers: EventStore, event: EventEnvelope): Promise<unknown> {
  const { events } = await customers.readStream(event.streamId, {
    fromVersion: event.streamVersion,
    maxCount: 1,
    tenantId: event.tenantId,
  });
  return events[0]?.data;
}

async function recordContact(
  index: CustomerContactIndex,
  tenantId: string,
  customerId: string,
  contact: RegisteredContact & { readonly contactKind: CustomerContactKind },
): Promise<void> {
  // Erased since (the value reads "[erased]"): nothing to match any more.
  if (typeof contact.value !== 'string' || contact.value === '[erased]') return;
  await index.record(tenantId, {
    contactId: contact.contactId,
    customerId,
    kind: contact.contactKind,
    value: contact.value,
  });
}

/** Kinds are clear on the log, so a registration without an indexed contact is not read back. */
async function recordRegisteredContacts(
  index: CustomerContactIndex,
  customers: EventStore,
  event: EventEnvelope,
): Promise<void> {
  const registered = event.data as { customerId: string; contacts?: RegisteredContact[] };
  if (!registered.contacts?.some(isIndexed)) return;
  const clear = (await readInClear(customers, event)) as
    { contacts?: RegisteredContact[] } | undefined;
  for (const contact of clear?.contacts ?? [])
    if (isIndexed(contact))
      await recordContact(index, event.tenantId, registered.customerId, contact);
}
