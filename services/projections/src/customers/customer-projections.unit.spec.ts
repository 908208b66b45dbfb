import type { EventEnvelope } from '@crm/event-sourcing';
import { projectCustomer360 } from './customer-360.projection';
import { projectCustomerTimeline } from './customer-timeline.projection';

const CUSTOMER = 'c-1';
let version = 0;
function envelope(type: string, data: object): EventEnvelope {
  version += 1;
  return {
    eventId: `e-${version}`,
    type,
    schemaVersion: 1,
    streamId: `customers.Customer-${CUSTOMER}`,
    streamVersion: version,
    globalPosition: version,
    tenantId: 't1',
    occurredAt: '2024-06-01T10:00:00.000Z',
    actor: { kind: 'system', name: 'test' },
    correlationId: 'corr',
    causationId: 'cause',
    data: { customerId: CUSTOMER, ...data },
    hash: '',
    previousHash: null,
  };
}
const encrypted = { $enc: 'v1', kid: 'k', iv: 'i', tag: 't', ct: 'c' };

describe('customer-360 projection', () => {
  it('indexes a clear email for search and marks the primary', () => {
    expect(
      projectCustomer360(
        envelope('customers.ContactAdded', {
          contactId: 'e.1',
          contactKind: 'email',
          value: 'ada@example.com',
          primary: true,
        }),
      ),
    ).toEqual([
      expect.objectContaining({
        model: 'customer_360',
        id: CUSTOMER,
        set: expect.objectContaining({
          'contacts.e%2E1': {
            kind: 'email',
            email: 'ada@example.com',
            addedAt: '2024-06-01T10:00:00.000Z',
          },
          'primaryContacts.email': 'e.1',
        }),
      }),
      expect.objectContaining({
        model: 'customer_search',
        id: `${CUSTOMER}|c|e.1`,
        set: { tenantId: 't1', customerId: CUSTOMER, kind: 'email', value: 'ada@example.com' },
      }),
    ]);
  });

  it('projects an imported registration as the events it stands for, one write per document', () => {
    const imported = envelope('customers.CustomerRegistered', {
      kind: 'person',
      status: 'prospect',
      person: { firstName: 'Ada', lastName: 'Lovelace' },
      contacts: [
        { contactId: 'e1', contactKind: 'email', value: 'ada@example.com', primary: true },
      ],
      channel: { channel: 'import', externalId: 'crm-old-1', detail: 'import:i-1' },
      demographics: { region: 'North' },
    });
    const at = imported.occurredAt;
    expect(projectCustomer360(imported)).toEqual([
      {
        kind: 'upsert',
        model: 'customer_360',
        id: CUSTOMER,
        set: {
          tenantId: 't1',
          version: imported.streamVersion,
          updatedAt: at,
          kind: 'person',
          status: 'prospect',
          person: { firstName: 'Ada', lastName: 'Lovelace' },
          'search.firstName': ['ada'],
          'search.lastName': ['lovelace'],
          'contacts.e1': { kind: 'email', email: 'ada@example.com', addedAt: at },
          'primaryContacts.email': 'e1',
          'channels.import:crm-old-1': {
            channel: 'import',
            externalId: 'crm-old-1',
            detail: 'import:i-1',
            recordedAt: at,
          },
          demographics: { region: 'North' },
          'search.region': 'north',
        },
        setOnInsert: { createdAt: at },
      },
      {
        kind: 'upsert',
        model: 'customer_search',
        id: `${CUSTOMER}|c|e1`,
        set: { tenantId: 't1', customerId: CUSTOMER, kind: 'email', value: 'ada@example.com' },
      },
    ]);
  });

  it('never writes ciphertext or the erased marker', () => {
    const changes = projectCustomer360(
      envelope('customers.ContactAdded', {
        contactId: 'e1',
        contactKind: 'email',
        value: encrypted,
        primary: false,
      }),
    );
    expect(changes).toHaveLength(1);
    expect(JSON.stringify(changes)).not.toContain('$enc');
    const registered = projectCustomer360(
      envelope('customers.CustomerRegistered', {
        kind: 'person',
        person: { firstName: '[erased]', lastName: encrypted },
        nationalId: '[erased]',
        status: 'active',
      }),
    );
    expect(JSON.stringify(registered)).not.toMatch(/erased\]|\$enc|nationalId/);
  });

  it('accumulates purchases per month and currency', () => {
    expect(
      projectCustomer360(
        envelope('customers.PurchaseRecorded', {
          orderId: 'o1',
          items: [],
          amount: '12.50',
          amountMinor: 1250,
          currency: 'EUR',
          channel: 'online_store',
          purchasedAt: '2024-05-31T23:00:00.000Z',
        }),
      )[0],
    ).toMatchObject({
      inc: {
        'purchases.count': 1,
        'purchases.totalsMinor.EUR': 1250,
        'purchases.months.2024-05.count': 1,
        'purchases.months.2024-05.minor.EUR': 1250,
      },
    });
  });

  it('drops every personal field and search token on erasure', () => {
    const [customer, ...tokens] = projectCustomer360(
      envelope('customers.PersonalDataErased', { contactIds: ['e1', 'p1'], interactionIds: [] }),
    );
    expect(customer).toMatchObject({
      set: expect.objectContaining({ status: 'erased' }),
      unset: expect.arrayContaining([
        'person',
        'contacts',
        'demographics',
        'customFields',
        'search.firstName',
      ]),
    });
    expect(tokens).toEqual([
      { kind: 'delete', model: 'customer_search', id: `${CUSTOMER}|c|e1` },
      { kind: 'delete', model: 'customer_search', id: `${CUSTOMER}|c|p1` },
    ]);
  });
});

describe('customer-timeline projection', () => {
  it('writes interactions with clear notes only and scrubs them on erasure', () => {
    const [entry] = projectCustomerTimeline(
      envelope('customers.InteractionRecorded', {
        interactionId: 'i1',
        kind: 'call',
        occurredAt: '2024-06-01T09:00:00.000Z',
        notes: encrypted,
        subject: 'Hello',
        performedBy: 'rep',
      }),
    );
    expect(entry).toMatchObject({
      id: `${CUSTOMER}|i|i1`,
      set: {
        entryType: 'interaction',
        interaction: { interactionId: 'i1', kind: 'call', subject: 'Hello' },
      },
    });
    expect(JSON.stringify(entry)).not.toContain('$enc');
    expect(
      projectCustomerTimeline(envelope('customers.PersonalDataErased', { interactionIds: ['i1'] })),
    ).toEqual([
      {
        kind: 'upsert',
        model: 'customer_timeline',
        id: `${CUSTOMER}|i|i1`,
        set: { erased: true },
        unset: ['interaction.subject', 'interaction.notes'],
      },
    ]);
  });
});
