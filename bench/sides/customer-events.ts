// Customer event histories for P4 (customer 360 rebuild): 10 events per customer covering the
// projection's main paths (registration, contacts and search tokens, channel, demographics, tags,
// owner, purchase, interaction, consent). Personal fields are encrypted exactly as the customers
// service stores them (per-customer data keys in personal_data.data_keys), so the rebuild reads
// through the real decrypting store view.
import { customersPersonalDataPolicy } from '@crm/customers-read-models';
import { customerStreamId, type CustomerEvent } from '@crm/customers-domain';
import {
  DataKeyStore,
  PersonalDataCipher,
  PostgresDataKeyRepository,
  encryptEventData,
  masterKeyFromBytes,
  masterKeyRing,
  migratePersonalDataSchema,
} from '@crm/event-sourcing';
import type { MasterKeyRing } from '@crm/event-sourcing';
import { v7 as uuidv7 } from 'uuid';
import type { SeedSource } from '../harness/seed-log';
import { newBenchEvent, sealPlanned } from '../harness/workload';
import type { PlannedEvent } from '../harness/workload';

export const EVENTS_PER_CUSTOMER = 10;
const CUSTOMERS_PER_CHUNK = 500;

/** A fixed, bench-only master key (the seeded data is synthetic; never use this key elsewhere). */
export function benchMasterKeys(): MasterKeyRing {
  return masterKeyRing(masterKeyFromBytes(Buffer.alloc(32, 0x5b)), []);
}

function history(customerId: string, i: number): CustomerEvent[] {
  const day = `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
  return [
    {
      type: 'customers.CustomerRegistered',
      data: {
        customerId,
        kind: 'person',
        person: { firstName: `Ada${i}`, lastName: `Lovelace${i % 997}` },
        nationalId: `NI${100000 + i}`,
        status: 'prospect',
      },
    },
    {
      type: 'customers.ContactAdded',
      data: {
        customerId,
        contactId: `e${i}`,
        contactKind: 'email',
        value: `ada.${i}@example.test`,
        primary: true,
      },
    },
    {
      type: 'customers.ContactAdded',
      data: {
        customerId,
        contactId: `p${i}`,
        contactKind: 'phone',
        value: `+3361${String(i).padStart(7, '0')}`,
        primary: true,
      },
    },
    {
      type: 'customers.ChannelRecorded',
      data: { customerId, channel: 'web_form', externalId: `form-${i % 50}` },
    },
    {
      type: 'customers.DemographicsSet',
      data: {
        customerId,
        birthday: `19${50 + (i % 50)}-0${(i % 9) + 1}-1${i % 10}`,
        gender: 'undisclosed',
        incomeBand: 'middle',
        region: `Region ${i % 20}`,
      },
    },
    {
      type: 'customers.CustomerTagged',
      data: {
        customerId,
        tags: [
          { kind: 'interest', value: `topic-${i % 30}` },
          { kind: 'label', value: i % 2 ? 'vip' : 'regular' },
        ],
      },
    },
    {
      type: 'customers.OwnerAssigned',
      data: { customerId, ownerUserId: `user-${i % 40}`, teamId: `team-${i % 5}` },
    },
    {
      type: 'customers.PurchaseRecorded',
      data: {
        customerId,
        orderId: `o${i}`,
        items: [{ category: 'books', quantity: 1 + (i % 3) }],
        amount: '42.50',
        amountMinor: 4250,
        currency: 'EUR',
        channel: 'online_store',
        purchasedAt: `${day}T10:00:00.000Z`,
      },
    },
    {
      type: 'customers.InteractionRecorded',
      data: {
        customerId,
        interactionId: `x${i}`,
        kind: 'call',
        direction: 'inbound',
        occurredAt: `${day}T11:00:00.000Z`,
        subject: 'Question about an order',
        notes: 'Called about delivery times.',
        performedBy: `user-${i % 40}`,
      },
    },
    {
      type: 'customers.ConsentGranted',
      data: { customerId, channel: 'email', source: 'web_form', grantedAt: `${day}T12:00:00.000Z` },
    },
  ];
}

/** `customers` customers × 10 events, encrypted as the customers service stores them. */
export function customerSeedSource(customers: number): SeedSource {
  return {
    description: {
      kind: 'customers',
      eventsPerCustomer: EVENTS_PER_CUSTOMER,
      masterKey: 'bench-0x5b',
      v: 1,
    },
    events: customers * EVENTS_PER_CUSTOMER,
    async *chunks(pool) {
      await migratePersonalDataSchema(pool);
      const cipher = new PersonalDataCipher(
        new DataKeyStore({
          repository: new PostgresDataKeyRepository(pool),
          masterKeys: benchMasterKeys(),
        }),
      );
      const policy = customersPersonalDataPolicy();
      let n = 0;
      for (let first = 0; first < customers; first += CUSTOMERS_PER_CHUNK) {
        const chunk: PlannedEvent[] = [];
        for (let i = first; i < Math.min(customers, first + CUSTOMERS_PER_CHUNK); i++) {
          const customerId = uuidv7();
          const streamId = customerStreamId(customerId);
          let previousHash: string | null = null;
          let version = 0;
          for (const event of history(customerId, i)) {
            const encrypted = await encryptEventData(
              cipher,
              policy,
              newBenchEvent(event.type, event.data, n++),
            );
            const planned = sealPlanned(streamId, ++version, previousHash, encrypted);
            previousHash = planned.hash;
            chunk.push(planned);
          }
        }
        yield chunk;
      }
    },
  };
}
