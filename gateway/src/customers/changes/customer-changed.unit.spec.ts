// customerChanged over graphql-ws: authentication at connect, tenant filtering, record scope, and
// the Kafka record parsing that feeds it.
import { eventually } from '@crm/testing';
import { customerFixture } from '../../../test/support/in-memory-infrastructure';
import {
  OTHER_TENANT,
  startTestGateway,
  TENANT,
  type TestGateway,
  USERS,
} from '../../../test/support/test-gateway';
import { type CustomerChange } from './customer-change.model';
import { CustomerChangeHub } from './customer-change-hub';
import { changeFromKafkaMessage, mayConcernAWatcher } from './customer-events.consumer';

const REP_CUSTOMER = '0190a000-0000-7000-8000-00000000c001';
const SOUTH_CUSTOMER = '0190a000-0000-7000-8000-00000000c003';
const SUBSCRIPTION =
  'subscription($id: ID!) { customerChanged(id: $id) { customerId eventType streamVersion correlationId customer { id displayName } } }';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ CRM_GRAPHQL_MAX_DEPTH: '4' });
  gw.infra.readModels.add(
    customerFixture({ id: REP_CUSTOMER, ownerUserId: USERS.rep.userId, teamId: 'north' }),
  );
  gw.infra.readModels.add(
    customerFixture({ id: SOUTH_CUSTOMER, ownerUserId: USERS.otherRep.userId, teamId: 'south' }),
  );
});
afterAll(() => gw.close());

const change = (overrides: Partial<CustomerChange> = {}): CustomerChange => ({
  customerId: REP_CUSTOMER,
  tenantId: TENANT,
  eventId: '0190a000-0000-7000-8000-0000000e0001',
  eventType: 'customers.ContactAdded',
  streamVersion: 2,
  occurredAt: '2024-05-01T10:00:00.000Z',
  correlationId: 'corr-9',
  ...overrides,
});

test('a subscriber receives changes of its customer in its tenant only', async () => {
  const subscription = gw.as('rep').subscribe(SUBSCRIPTION, { id: REP_CUSTOMER });
  const first = subscription.next(5_000);
  await eventually(() => gw.infra.changeHub.subscriberCount === 1, {
    timeoutMs: 5_000,
    description: 'subscription registered',
  });
  gw.infra.changeHub.publish(
    change({ tenantId: OTHER_TENANT, eventType: 'customers.ForeignEvent' }),
  );
  gw.infra.changeHub.publish(
    change({ customerId: SOUTH_CUSTOMER, eventType: 'customers.OtherCustomer' }),
  );
  gw.infra.changeHub.publish(change());
  expect(await first).toEqual({
    data: {
      customerChanged: {
        customerId: REP_CUSTOMER,
        eventType: 'customers.ContactAdded',
        streamVersion: 2,
        correlationId: 'corr-9',
        customer: { id: REP_CUSTOMER, displayName: 'Ada Lovelace' },
      },
    },
    errors: undefined,
  });
  await subscription.close();
  await eventually(() => gw.infra.changeHub.subscriberCount === 0, {
    timeoutMs: 5_000,
    description: 'unsubscribed',
  });
});

test('a rep cannot subscribe to another rep’s customer (NOT_FOUND)', async () => {
  const subscription = gw.as('rep').subscribe(SUBSCRIPTION, { id: SOUTH_CUSTOMER });
  const result = await subscription.next(5_000);
  expect(result?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  await subscription.close();
});

test('the stream ends when the customer is assigned away from the rep', async () => {
  const subscription = gw.as('rep').subscribe(SUBSCRIPTION, { id: REP_CUSTOMER });
  const first = subscription.next(5_000);
  await eventually(() => gw.infra.changeHub.subscriberCount === 1, {
    timeoutMs: 5_000,
    description: 'subscription registered',
  });
  gw.infra.changeHub.publish(
    change({
      eventType: 'customers.OwnerAssigned',
      ownership: { ownerUserId: USERS.otherRep.userId, teamId: 'south' },
    }),
  );
  expect(await first).toBeNull();
  await subscription.close();
});

test('a connection without a valid token is refused', async () => {
  const subscription = gw.anonymous().subscribe(SUBSCRIPTION, { id: REP_CUSTOMER });
  await expect(subscription.next(5_000)).rejects.toBeDefined();
  await subscription.close().catch(() => undefined);
});

describe('Kafka records', () => {
  const envelope = {
    eventId: 'e-1',
    type: 'customers.OwnerAssigned',
    streamId: `customers.Customer-${REP_CUSTOMER}`,
    streamVersion: 3,
    tenantId: TENANT,
    occurredAt: '2024-05-01T10:00:00.000Z',
    correlationId: 'c-1',
    data: { customerId: REP_CUSTOMER, ownerUserId: 'u-2', teamId: null },
  };

  test('a customer event becomes a change with the new ownership and without the event data', () => {
    expect(
      changeFromKafkaMessage({
        key: Buffer.from(envelope.streamId),
        value: Buffer.from(JSON.stringify(envelope)),
      }),
    ).toEqual({
      customerId: REP_CUSTOMER,
      tenantId: TENANT,
      eventId: 'e-1',
      eventType: 'customers.OwnerAssigned',
      streamVersion: 3,
      occurredAt: '2024-05-01T10:00:00.000Z',
      correlationId: 'c-1',
      ownership: { ownerUserId: 'u-2', teamId: null },
    });
  });

  test.each([
    ['not JSON', Buffer.from('{oops')],
    [
      'another aggregate',
      Buffer.from(
        JSON.stringify({ ...envelope, streamId: 'customers.CustomFieldDefinitions-acme' }),
      ),
    ],
    ['no tenant', Buffer.from(JSON.stringify({ ...envelope, tenantId: undefined }))],
    ['empty', null],
  ])('%s is skipped', (_name, value) => {
    expect(changeFromKafkaMessage({ key: null, value })).toBeNull();
  });

  test('a record about a customer nobody watches is dropped before its value is parsed', async () => {
    const hub = new CustomerChangeHub();
    const watched = (tenant: string, customer: string): boolean => hub.isWatched(tenant, customer);
    const record = (streamId: string, tenantId: string) => ({
      key: Buffer.from(streamId),
      headers: { tenantId: Buffer.from(tenantId) },
    });
    const ours = record(`customers.Customer-${REP_CUSTOMER}`, TENANT);
    expect(mayConcernAWatcher(ours, watched)).toBe(false);
    const subscription = hub.subscribe(TENANT, REP_CUSTOMER);
    expect(mayConcernAWatcher(ours, watched)).toBe(true);
    // Same customer id in another tenant, another customer, another aggregate: still dropped.
    expect(mayConcernAWatcher(record(ours.key.toString(), OTHER_TENANT), watched)).toBe(false);
    expect(
      mayConcernAWatcher(record(`customers.Customer-${SOUTH_CUSTOMER}`, TENANT), watched),
    ).toBe(false);
    expect(
      mayConcernAWatcher(record('customers.CustomFieldDefinitions-acme', TENANT), watched),
    ).toBe(false);
    // Without key or tenant header the record cannot be judged unread: it goes on to be parsed.
    expect(mayConcernAWatcher({ key: null, headers: {} }, watched)).toBe(true);
    await subscription.return?.();
    expect(mayConcernAWatcher(ours, watched)).toBe(false);
  });
});

test('subscriptions obey the depth limit too', async () => {
  const subscription = gw
    .as('admin')
    .subscribe(
      'subscription($id: ID!) { customerChanged(id: $id) { customer { contacts { address { line1 } } owner { id } } } }',
      { id: REP_CUSTOMER },
    );
  const result = await subscription.next(4_000);
  expect(result?.errors?.[0]?.extensions).toMatchObject({
    code: 'QUERY_TOO_DEEP',
    depth: 5,
    maxDepth: 4,
  });
  await subscription.close();
});
