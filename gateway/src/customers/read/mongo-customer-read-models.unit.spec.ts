import {
  type Customer360View,
  InvalidSearchInputError,
  type CustomerReadModelQueries,
} from '@crm/customers-read-models';
import { ReadModelNotReadyError } from '@crm/read-models';
import {
  customerFromView,
  MongoCustomerReadModels,
  timelineEntryFromView,
} from './mongo-customer-read-models';
import { InvalidCursorError } from './customer-read-models.port';
import { CustomerKind, CustomerStatus } from '../models/customer-enums';

const view = {
  id: 'c-1',
  tenantId: 'acme',
  kind: 'company',
  status: 'active',
  displayName: 'Acme Corp',
  person: null,
  company: { legalName: 'Acme Corp', size: 'enterprise' },
  nationalIdLast4: null,
  bankCardLast4: '4242',
  contacts: [
    {
      id: 'k-1',
      kind: 'email',
      email: 'info@acme.example',
      addedAt: '2024-01-01T00:00:00.000Z',
      primary: true,
    },
  ],
  channels: [
    {
      channel: 'web_form',
      externalId: null,
      detail: 'newsletter',
      recordedAt: '2024-01-01T00:00:00.000Z',
    },
  ],
  demographics: null,
  tags: [{ kind: 'buying_motive', value: 'price' }],
  customFields: [
    { name: 'tier', value: 'gold' },
    { name: 'seats', value: 12 },
  ],
  consents: [
    { channel: 'email', granted: true, since: '2024-01-02T00:00:00.000Z', source: 'web-form' },
  ],
  purchases: {
    orderCount: 2,
    totals: [{ amount: '10.00', currency: 'EUR' }],
    lastPurchaseAt: null,
  },
  interactionCount: 0,
  ownerUserId: 'u-1',
  teamId: 'north',
  mergedIntoCustomerId: null,
  mergedFromCustomerIds: [],
  classification: {},
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-03T00:00:00.000Z',
  version: 7,
} as unknown as Customer360View;

test('a read-model view becomes the GraphQL customer with upper-case enums', () => {
  expect(customerFromView(view)).toMatchObject({
    id: 'c-1',
    kind: CustomerKind.COMPANY,
    status: CustomerStatus.ACTIVE,
    company: { legalName: 'Acme Corp', size: 'ENTERPRISE', industry: null },
    contacts: [
      { id: 'k-1', kind: 'EMAIL', email: 'info@acme.example', primary: true, address: null },
    ],
    channels: [{ channel: 'WEB_FORM', detail: 'newsletter' }],
    tags: [{ kind: 'BUYING_MOTIVE', value: 'price' }],
    customFields: [
      { name: 'tier', stringValue: 'gold', numberValue: null, type: null },
      { name: 'seats', numberValue: 12, type: 'NUMBER' },
    ],
    consents: [{ channel: 'EMAIL', granted: true }],
    ownerUserId: 'u-1',
    teamId: 'north',
    version: 7,
  });
});

test('timeline entries get a one-line summary; erased entries say so', () => {
  const base = {
    id: 't-1',
    eventType: 'customers.InteractionRecorded',
    occurredAt: '2024-01-01T00:00:00.000Z',
    actorUserId: 'u-1',
    mergedFromCustomerId: null,
    purchase: null,
    erased: false,
  };
  expect(
    timelineEntryFromView({
      ...base,
      type: 'interaction',
      interaction: { interactionId: 'i', kind: 'call', direction: 'inbound', subject: 'Renewal' },
    }),
  ).toMatchObject({
    type: 'customers.InteractionRecorded',
    summary: 'call inbound: Renewal',
  });
  expect(
    timelineEntryFromView({ ...base, type: 'interaction', interaction: null, erased: true })
      .summary,
  ).toBe('Interaction (personal data erased)');
});

test('a read model that is still building answers SERVICE_UNAVAILABLE, not an internal error', async () => {
  const building = {
    customer360: () => Promise.reject(new ReadModelNotReadyError('customer-360', 'customer_360')),
  } as unknown as CustomerReadModelQueries;
  await expect(
    new MongoCustomerReadModels(building).customer360('acme', 'c-1'),
  ).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } });
});

test('library input errors become client errors', async () => {
  const failing = {
    search: () => Promise.reject(new InvalidSearchInputError('after', 'is not a valid cursor')),
  } as unknown as CustomerReadModelQueries;
  await expect(
    new MongoCustomerReadModels(failing).search(
      'acme',
      { kind: 'tenant' },
      {},
      { first: 1, after: 'x' },
    ),
  ).rejects.toBeInstanceOf(InvalidCursorError);
});
