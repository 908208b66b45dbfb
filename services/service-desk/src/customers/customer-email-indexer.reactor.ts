// Keeps the customer e-mail index (customer-email-index.ts) from the customers' public events on
// the store's log: an e-mail contact added is recorded (its value read decrypted under the
// customer's key), a removed contact and an erased customer are deleted. Only digests are kept.
// An imported registration's e-mail contacts count as added contacts (ADR 0340).
import type { EventEnvelope, EventStore } from '@crm/event-sourcing';
import type { ReactorDefinition } from '@crm/reactors';
import type { CustomerEmailIndex } from './customer-email-index';

export const CUSTOMER_EMAIL_INDEXER = 'service-desk.customer-email-indexer';

interface ContactData {
  readonly customerId: string;
  readonly contactId: string;
  readonly contactKind: string;
  readonly value?: unknown;
}

/** `customers` decrypts customer contacts (customer-personal-data.ts). */
export function customerEmailIndexer(
  index: CustomerEmailIndex,
  customers: EventStore,
): ReactorDefinition {
  return {
    name: CUSTOMER_EMAIL_INDEXER,
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
        await recordRegisteredEmails(index, customers, event);
        return;
      }
      const contact = event.data as ContactData;
      if (contact.contactKind !== 'email') return;
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
      if (typeof value !== 'string' || !value.includes('@')) return;
      await index.record(event.tenantId, contact.contactId, contact.customerId, value);
    },
  };
}

/**
 * An imported row's registration carries its contacts (ADR 0340), each one standing for a
 * ContactAdded: its e-mails are recorded like theirs. Kinds are clear on the log, so a
 * registration without an e-mail contact is not read back.
 */
async function recordRegisteredEmails(
  index: CustomerEmailIndex,
  customers: EventStore,
  event: EventEnvelope,
): Promise<void> {
  const registered = event.data as {
    customerId: string;
    contacts?: Omit<ContactData, 'customerId'>[];
  };
  if (!registered.contacts?.some((contact) => contact.contactKind === 'email')) return;
  const { events } = await customers.readStream(event.streamId, {
    fromVersion: event.streamVersion,
    maxCount: 1,
    tenantId: event.tenantId,
  });
  const clear = events[0]?.data as { contacts?: Omit<ContactData, 'customerId'>[] } | undefined;
  for (const contact of clear?.contacts ?? []) {
    if (contact.contactKind !== 'email') continue;
    if (typeof contact.value !== 'string' || !contact.value.includes('@')) continue;
    await index.record(event.tenantId, contact.contactId, registered.customerId, contact.value);
  }
}
