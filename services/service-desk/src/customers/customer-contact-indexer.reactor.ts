// Keeps the customer contact index (customer-contact-index.ts) from the customers' public events
// on the store's log: an e-mail or phone contact added is recorded (its value read decrypted under
// the customer's key), a removed contact and an erased customer are deleted. Only digests are kept.
// An imported registration's contacts count as added contacts (ADR 0340).
import type { EventEnvelope, EventStore } from '@crm/event-sourcing';
import type { ReactorDefinition } from '@crm/reactors';
import type { CustomerContactIndex, IndexedContactKind } from './customer-contact-index';

// Renamed from `customer-email-indexer` when phones joined, so the log is read again from its start.
export const CUSTOMER_CONTACT_INDEXER = 'service-desk.customer-contact-indexer';

interface ContactData {
  readonly customerId: string;
  readonly contactId: string;
  readonly contactKind: string;
  readonly value?: unknown;
}

type RegisteredContact = Omit<ContactData, 'customerId'>;

const isIndexed = (kind: string): kind is IndexedContactKind =>
  kind === 'email' || kind === 'phone';

/** `customers` decrypts customer contacts (customer-personal-data.ts). */
export function customerContactIndexer(
  index: CustomerContactIndex,
  customers: EventStore,
): ReactorDefinition {
  return {
    name: CUSTOMER_CONTACT_INDEXER,
    eventTypes: [
      'customers.CustomerRegistered',
      'customers.ContactAdded',
      'customers.ContactRemoved',
      'customers.PersonalDataErased',
    ],
    async react(event) {
      if (event.type === 'customers.PersonalDataErased') {
        const data = event.data as { customerId: string; erasedCustomerIds?: string[] };
        await index.eraseCustomers(event.tenantId, [
          data.customerId,
          ...(data.erasedCustomerIds ?? []),
        ]);
        return;
      }
      if (event.type === 'customers.CustomerRegistered') {
        await recordRegisteredContacts(index, customers, event);
        return;
      }
      const { contactKind: kind, contactId, customerId } = event.data as ContactData;
      if (!isIndexed(kind)) return;
      if (event.type === 'customers.ContactRemoved') {
        await index.removeContact(event.tenantId, kind, contactId);
        return;
      }
      const value = ((await readInClear(customers, event)) as ContactData | undefined)?.value;
      // Erased since (the value reads "[erased]"): the index skips what is no address or number.
      if (typeof value !== 'string') return;
      await index.record(event.tenantId, { kind, contactId, customerId, value });
    },
  };
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

/**
 * An imported row's registration carries its contacts (ADR 0340), each one standing for a
 * ContactAdded: its e-mails and phones are recorded like theirs. Kinds are clear on the log, so a
 * registration without such a contact is not read back.
 */
async function recordRegisteredContacts(
  index: CustomerContactIndex,
  customers: EventStore,
  event: EventEnvelope,
): Promise<void> {
  const registered = event.data as { customerId: string; contacts?: RegisteredContact[] };
  if (!registered.contacts?.some((contact) => isIndexed(contact.contactKind))) return;
  const clear = (await readInClear(customers, event)) as
    { contacts?: RegisteredContact[] } | undefined;
  for (const { contactKind: kind, contactId, value } of clear?.contacts ?? []) {
    if (!isIndexed(kind) || typeof value !== 'string') continue;
    await index.record(event.tenantId, {
      kind,
      contactId,
      customerId: registered.customerId,
      value,
    });
  }
}
