// Keeps the customer contact index (customer-contact-index.ts) from the customers' public events
// on the store's log: an e-mail or phone contact added is recorded (its value read decrypted under
// the customer's key), a removed contact and an erased customer are deleted. Only digests are kept.
import type { EventStore } from '@crm/event-sourcing';
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
      const { contactKind: kind, contactId, customerId } = event.data as ContactData;
      if (!isIndexed(kind)) return;
      if (event.type === 'customers.ContactRemoved') {
        await index.removeContact(event.tenantId, kind, contactId);
        return;
      }
      const { events } = await customers.readStream(event.streamId, {
        fromVersion: event.streamVersion,
        maxCount: 1,
        tenantId: event.tenantId,
      });
      const value = (events[0]?.data as ContactData | undefined)?.value;
      // Erased since (the value reads "[erased]"): the index skips what is no address or number.
      if (typeof value !== 'string') return;
      await index.record(event.tenantId, { kind, contactId, customerId, value });
    },
  };
}
