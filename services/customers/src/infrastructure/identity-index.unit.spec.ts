// The catch-up worker reads only IDENTITY_EVENT_TYPES: every other customer event type must imply
// no index operation, whatever its payload, or the worker would miss it.
import { randomBytes } from 'node:crypto';
import { CUSTOMER_EVENT_TYPES, customerStreamId } from '@crm/customers-domain';
import { customersPersonalDataPolicy } from '@crm/customers-read-models';
import {
  DataKeyStore,
  InMemoryDataKeyRepository,
  InMemoryErasureLedger,
  PersonalDataCipher,
  decryptEventData,
  encryptEventData,
  masterKeyFromBytes,
  masterKeyRing,
  type EventEnvelope,
} from '@crm/event-sourcing';
import {
  IDENTITY_EVENT_TYPES,
  identityOperations,
  identityPersonalDataPolicy,
} from './identity-index';

const customerId = '0f5b1f2e-8f6c-4e38-9d0e-6f1f4c2b7a11';

/** A payload holding every field any customer event type reads, so a type that indexes finds one. */
const everyField = {
  customerId,
  nationalId: 'AB123456',
  contactKind: 'email',
  value: 'someone@example.com',
  contactId: 'c1',
  channel: 'web',
  externalId: 'ext-1',
  survivorId: 'f3c9c1a4-52a5-4f4e-9a3c-1f0f7e2d6b22',
  contactIds: ['c1'],
  interactionIds: [],
};

function event(type: string): EventEnvelope {
  return {
    eventId: '7d7c1a3e-2b8f-4c55-9f6e-0a1b2c3d4e5f',
    type,
    schemaVersion: 1,
    streamId: customerStreamId(customerId),
    streamVersion: 1,
    globalPosition: 1,
    tenantId: 't1',
    occurredAt: '2026-01-01T00:00:00.000Z',
    actor: { userId: 'u1' },
    correlationId: 'c',
    causationId: 'c',
    data: everyField,
  } as unknown as EventEnvelope;
}

const otherTypes = CUSTOMER_EVENT_TYPES.filter((type) => !IDENTITY_EVENT_TYPES.includes(type));

describe('IDENTITY_EVENT_TYPES', () => {
  it('leaves most event types out', () => {
    expect(IDENTITY_EVENT_TYPES).toHaveLength(7);
    expect(otherTypes).toHaveLength(CUSTOMER_EVENT_TYPES.length - 7);
  });

  it.each(otherTypes)('%s implies no index operation, so the worker may skip it', (type) => {
    expect(identityOperations(event(type))).toEqual([]);
  });

  it.each([...IDENTITY_EVENT_TYPES])('%s can change the index', (type) => {
    expect(identityOperations(event(type)).length).toBeGreaterThan(0);
  });
});

describe('an imported registration (ADR 0340)', () => {
  it('indexes the contacts and channel it carries, as their own events would', () => {
    const imported = {
      ...event('customers.CustomerRegistered'),
      data: {
        customerId,
        kind: 'person',
        status: 'prospect',
        nationalId: 'AB123456',
        contacts: [
          { contactId: 'e1', contactKind: 'email', value: 'ada@example.com', primary: true },
          { contactId: 'a1', contactKind: 'address', value: { line1: 'x' }, primary: true },
        ],
        channel: { channel: 'import', externalId: 'crm-old-1' },
        demographics: { region: 'North' },
      },
    } as unknown as EventEnvelope;
    expect(identityOperations(imported)).toEqual([
      {
        op: 'upsert',
        customerId,
        sourceId: 'national_id',
        identity: { kind: 'national_id', value: 'AB123456' },
      },
      {
        op: 'upsert',
        customerId,
        sourceId: 'contact:e1',
        identity: { kind: 'email', value: 'ada@example.com' },
      },
      {
        op: 'upsert',
        customerId,
        sourceId: 'channel:import:crm-old-1',
        identity: { kind: 'external_id', value: 'import:crm-old-1' },
      },
    ]);
  });
});

describe('what the catch-up worker decrypts (ADR 0420)', () => {
  const keys = new DataKeyStore({
    repository: new InMemoryDataKeyRepository(),
    masterKeys: masterKeyRing(masterKeyFromBytes(randomBytes(32))),
    erasureLedger: new InMemoryErasureLedger(),
  });
  const cipher = new PersonalDataCipher(keys);
  const stored = (e: EventEnvelope): Promise<EventEnvelope> =>
    encryptEventData(cipher, customersPersonalDataPolicy(), e);
  const readByWorker = (e: EventEnvelope): Promise<EventEnvelope> =>
    decryptEventData(cipher, identityPersonalDataPolicy(), e);
  const withNames = (e: EventEnvelope, subject: string): EventEnvelope => ({
    ...e,
    streamId: customerStreamId(subject),
    data: {
      ...(e.data as object),
      customerId: subject,
      person: { firstName: 'Ada', lastName: 'Lovelace' },
      firstName: 'Ada',
      lastName: 'Lovelace',
      bankCard: '4111',
      contacts: [
        { contactId: 'e1', contactKind: 'email', value: 'ada@example.com', primary: true },
        { contactId: 'p1', contactKind: 'phone', value: '+441234567', primary: true },
      ],
      demographics: { birthday: '1815-12-10' },
    },
  });

  it.each([...IDENTITY_EVENT_TYPES])(
    '%s implies the same operations as when every field is decrypted',
    async (type) => {
      const clear = withNames(event(type), customerId);
      const read = await readByWorker(await stored(clear));
      expect(identityOperations(read)).toEqual(identityOperations(clear));
    },
  );

  it('leaves the fields the index does not read encrypted', async () => {
    const read = await readByWorker(
      await stored(withNames(event('customers.CustomerRegistered'), customerId)),
    );
    const data = read.data as { person: { firstName: unknown }; nationalId: unknown };
    expect(data.nationalId).toBe('AB123456');
    expect(data.person.firstName).not.toBe('Ada');
  });

  it('reads erased identities as erased, so nothing of an erased customer is indexed', async () => {
    const erased = '6a0f1c2e-1b2d-4c3e-8f4a-5b6c7d8e9f00';
    const written = await stored(withNames(event('customers.CustomerRegistered'), erased));
    await keys.erase({ tenantId: 't1', subjectId: erased });
    expect(identityOperations(await readByWorker(written))).toEqual([]);
  });
});
