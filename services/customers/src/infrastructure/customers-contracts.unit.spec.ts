// Every event the Customers domain decides, once encrypted as stored and published, satisfies its
// public contract (libs/contracts/src/customers) — the relay's contract gate would let it through.
import { ContractRegistry, ContractValidator } from '@crm/contracts';
import { customersContracts } from '@crm/contracts/customers';
import { customersPersonalDataPolicy } from '@crm/customers-read-models';
import { PersonalDataEventStore } from '@crm/event-sourcing';
import {
  CUSTOMER_EVENT_TYPES,
  customerDecider,
  customerStreamId,
  type CustomerCommand,
} from '@crm/customers-domain';
import {
  CommandHandler,
  DataKeyStore,
  InMemoryDataKeyRepository,
  InMemoryEventStore,
  PersonalDataCipher,
  loadMasterKeyRing,
  systemRuntime,
} from '@crm/event-sourcing';
import { customersEventTypes } from './customers-event-types';

const NOW = '2024-06-01T12:00:00.000Z';
const A = '0190c000-0000-7000-8000-00000000000a';
const B = '0190c000-0000-7000-8000-00000000000b';

describe('customers events and their contracts', () => {
  it('validate on append (store schema) and as published messages (contract validator)', async () => {
    const raw = new InMemoryEventStore({ eventTypes: customersEventTypes() });
    const keys = new DataKeyStore({
      repository: new InMemoryDataKeyRepository(),
      masterKeys: loadMasterKeyRing({ CRM_MASTER_KEY: Buffer.alloc(32, 3).toString('base64') }),
    });
    const store = new PersonalDataEventStore(
      raw,
      new PersonalDataCipher(keys),
      customersPersonalDataPolicy(),
    );
    const handler = new CommandHandler({ decider: customerDecider, store, runtime: systemRuntime });
    const run = (command: CustomerCommand) =>
      handler.handle(customerStreamId(command.data.customerId), command, {
        tenantId: 't1',
        actor: { kind: 'user', userId: 'u1', roles: [] },
      });
    const commands: CustomerCommand[] = [
      {
        type: 'RegisterCustomer',
        data: {
          customerId: A,
          kind: 'person',
          person: { firstName: 'Ada', lastName: 'Lovelace' },
          nationalId: 'AB1234',
          contacts: [
            { contactId: 'e1', kind: 'email', value: 'ada@example.com', requestedPrimary: false },
            {
              contactId: 'a1',
              kind: 'address',
              value: { line1: 'Main St 1', city: 'London', countryCode: 'GB' },
              requestedPrimary: false,
            },
          ],
          acquiredVia: { channel: 'web_form', externalId: 'f-1', detail: 'newsletter' },
          ownerUserId: 'rep-1',
        },
      },
      {
        type: 'UpdateProfile',
        data: {
          customerId: A,
          person: { lastName: 'King' },
          bankCard: { number: '4111111111111111', last4: '1111' },
        },
      },
      {
        type: 'AddContact',
        data: {
          customerId: A,
          contact: {
            contactId: 'p1',
            kind: 'phone',
            value: '+4930123456',
            label: 'home',
            requestedPrimary: false,
          },
        },
      },
      {
        type: 'AddContact',
        data: {
          customerId: A,
          contact: {
            contactId: 'e2',
            kind: 'email',
            value: 'ada@work.example',
            requestedPrimary: false,
          },
        },
      },
      { type: 'SetPrimaryContact', data: { customerId: A, contactId: 'e2' } },
      {
        type: 'SetDemographics',
        data: {
          customerId: A,
          birthday: '1985-02-28',
          gender: 'female',
          incomeBand: 'high',
          occupation: 'Mathematician',
          region: 'UK',
        },
      },
      {
        type: 'TagCustomer',
        data: { customerId: A, tags: [{ kind: 'interest', value: 'maths' }] },
      },
      {
        type: 'UntagCustomer',
        data: { customerId: A, tags: [{ kind: 'interest', value: 'maths' }] },
      },
      {
        type: 'ChangeLifecycleStatus',
        data: { customerId: A, status: 'active', reason: 'first order' },
      },
      {
        type: 'SetCustomFieldValues',
        data: {
          customerId: A,
          values: [{ name: 'n', kind: 'number', value: 3 }],
          definitions: {
            n: { name: 'n', label: 'N', fieldType: 'number', validation: { required: false } },
          },
        },
      },
      {
        type: 'RecordInteraction',
        data: {
          customerId: A,
          interactionId: 'i1',
          kind: 'meeting',
          direction: 'inbound',
          subject: 'Hi',
          notes: 'Notes',
          outcome: 'ok',
          performedBy: 'rep-1',
          now: NOW,
        },
      },
      {
        type: 'RecordPurchase',
        data: {
          customerId: A,
          orderId: 'o1',
          items: [{ sku: 'S', name: 'Book', category: 'books', quantity: 2, unitPrice: '9.99' }],
          amount: '19.98',
          amountMinor: 1998,
          currency: 'EUR',
          channel: 'online_store',
          now: NOW,
        },
      },
      {
        type: 'RefundPurchase',
        data: {
          customerId: A,
          orderId: 'o1',
          salesEventId: 'refund-1',
          amountMinor: 999,
          currency: 'EUR',
          refundedAt: NOW,
        },
      },
      {
        type: 'CancelPurchase',
        data: { customerId: A, orderId: 'o1', salesEventId: 'cancel-1', cancelledAt: NOW },
      },
      { type: 'GrantConsent', data: { customerId: A, channel: 'email', source: 'web', now: NOW } },
      {
        type: 'WithdrawConsent',
        data: { customerId: A, channel: 'email', source: 'link', now: NOW },
      },
      { type: 'RemoveContact', data: { customerId: A, contactId: 'p1' } },
      {
        type: 'RegisterCustomer',
        data: {
          customerId: B,
          kind: 'person',
          person: { firstName: 'Ada', lastName: 'L' },
          contacts: [
            { contactId: 'x', kind: 'email', value: 'ada2@example.com', requestedPrimary: false },
          ],
        },
      },
      {
        type: 'CloseAsMergedInto',
        data: { customerId: B, survivorCustomerId: A, reason: 'duplicate' },
      },
    ];
    for (const command of commands) await run(command);
    const merged = (await store.readStream(customerStreamId(B))).events.reduce(
      (s, e) => customerDecider.evolve(s, { type: e.type, data: e.data } as never),
      customerDecider.initialState,
    );
    await run({ type: 'AbsorbMergedCustomer', data: { customerId: A, merged: merged as never } });
    await run({ type: 'ErasePersonalData', data: { customerId: A, reason: 'GDPR' } });

    const validator = new ContractValidator(new ContractRegistry([customersContracts]));
    const stored = [];
    for await (const event of raw.readAll()) stored.push(event);
    const types = new Set(stored.map((e) => e.type));
    expect([...types].sort()).toEqual([...CUSTOMER_EVENT_TYPES].sort());
    for (const event of stored) validator.assertValid(event);
    expect(JSON.stringify(stored)).not.toContain('ada@example.com');
  });
});
