// The gateway against the real customers service (gRPC, its own throwaway PostgreSQL event store):
// commands travel with the token's tenant and actor, the caller's correlation id and idempotency
// key; the service's typed errors come back as GraphQL field errors and stable codes.
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: runs the real customers service in-process
import {
  ctx,
  startCustomersTestService,
  type CustomersTestService,
} from '../../../services/customers/test/customers-test-service';
import { CUSTOMER_LIMITS } from '@crm/customers-domain';
import {
  ServiceTokenSigner,
  generateServiceTokenKeys,
  parseServiceTokenPrivateKey,
} from '@crm/access-policy';
import { status as grpcStatus } from '@grpc/grpc-js';
import { eventually } from '@crm/testing';
import { type INestApplication } from '@nestjs/common';
import { type AddressInfo } from 'node:net';
import { type Server } from 'node:http';
import { TokenService } from '../auth/token.service';
import { Role } from '../authz/role';
import { createGatewayApp } from '../app/create-gateway-app';
import { GatewayGraphQLClient } from '../../test/support/graphql-client';
import { inMemoryInfrastructure, testConfig } from '../../test/support/in-memory-infrastructure';
import { ContextCallError } from '../grpc/context-grpc.client';
import { CustomersGrpcClient } from './grpc/customers-grpc.client';

const REGISTER =
  'mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId result { streamVersion replayed correlationId eventTypes } } }';

let customers: CustomersTestService;
let grpcClient: CustomersGrpcClient;
let app: INestApplication;
let admin: GatewayGraphQLClient;

beforeAll(async () => {
  customers = await startCustomersTestService('gwcust');
  const config = testConfig({
    CRM_CUSTOMERS_GRPC_URL: customers.service.grpcAddress,
    CRM_SERVICE_TOKEN_PRIVATE_KEY: customers.keys.privateKey,
  });
  grpcClient = new CustomersGrpcClient(
    config.customersGrpcUrl,
    config.grpcDeadlineMs,
    new ServiceTokenSigner(config.serviceTokenPrivateKey),
  );
  app = await createGatewayApp(config, {
    ...inMemoryInfrastructure(),
    customersClient: grpcClient,
  });
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  tokens = new TokenService(config.jwtSecret, 3600, config.jwtIssuer);
  const token = tokens.sign({
    userId: '0190c000-0000-7000-8000-000000000001',
    tenantId: 'acme',
    email: 'admin@acme.example',
    roles: [Role.ADMIN],
    teamId: null,
  });
  admin = new GatewayGraphQLClient({ baseUrl, token });
}, 60_000);

let tokens: TokenService;

/** A sales manager of `teamId` (no team members in the in-memory user store: the scope is theirs). */
function managerClient(userId: string, teamId: string): GatewayGraphQLClient {
  const token = tokens.sign({
    userId,
    tenantId: 'acme',
    email: `${userId}@acme.example`,
    roles: [Role.SALES_MANAGER],
    teamId,
  });
  return new GatewayGraphQLClient({ baseUrl: admin.baseUrl, token });
}

afterAll(async () => {
  await app?.close();
  grpcClient?.close();
  await customers?.stop();
});

test('the customers service is reachable (readiness)', async () => {
  await expect(grpcClient.waitForReady(2_000)).resolves.toBeUndefined();
});

test('registerCustomer reaches the service with the caller’s correlation id', async () => {
  const client = new GatewayGraphQLClient({
    baseUrl: admin.baseUrl,
    token: admin.token,
    correlationId: 'gw-int-corr-1',
  });
  const data = await client.data<{
    registerCustomer: {
      customerId: string;
      result: {
        streamVersion: number;
        replayed: boolean;
        correlationId: string;
        eventTypes: string[];
      };
    };
  }>(REGISTER, {
    input: {
      person: { firstName: 'Ada', lastName: 'Lovelace' },
      contacts: [{ email: 'ada@example.com', primary: true }],
    },
  });
  expect(data.registerCustomer.customerId).toMatch(/^[0-9a-f-]{36}$/);
  expect(data.registerCustomer.result).toMatchObject({
    streamVersion: expect.any(Number),
    replayed: false,
    correlationId: 'gw-int-corr-1',
  });
  expect(data.registerCustomer.result.eventTypes).toContain('customers.CustomerRegistered');
});

test('an idempotent retry is replayed; the same key for another request is refused and writes nothing', async () => {
  const input = {
    person: { firstName: 'Grace', lastName: 'Hopper' },
    idempotencyKey: 'register-grace-1',
  };
  const first = await admin.data<{ registerCustomer: { customerId: string } }>(REGISTER, { input });
  const retry = await admin.data<{
    registerCustomer: { customerId: string; result: { replayed: boolean } };
  }>(REGISTER, { input });
  expect(retry.registerCustomer).toMatchObject({
    customerId: first.registerCustomer.customerId,
    result: { replayed: true },
  });
  const reused = await admin.request(REGISTER, {
    input: { ...input, person: { firstName: 'Someone', lastName: 'Else' } },
  });
  expect(reused.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
});

test('the service’s field violations come back as field errors', async () => {
  const created = await admin.data<{ registerCustomer: { customerId: string } }>(REGISTER, {
    input: { person: { firstName: 'Alan', lastName: 'Turing' } },
  });
  const r = await admin.request(
    'mutation($input: SetCustomFieldValuesInput!) { setCustomFieldValues(input: $input) { streamVersion } }',
    {
      input: {
        customerId: created.registerCustomer.customerId,
        values: [{ name: 'shoeSize', numberValue: 42 }],
      },
    },
  );
  expect(r.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    fieldErrors: [
      { field: 'input.values[0].name', code: 'UNKNOWN_CUSTOM_FIELD', message: expect.any(String) },
    ],
  });
});

describe('command validation happens once, in the service, with the GraphQL error shape', () => {
  const CUSTOMER_ID = '0190c000-0000-7000-8000-0000000000a1';

  test('invalid e-mail and phone are reported per field with stable codes, and nothing is written', async () => {
    const r = await admin.request(REGISTER, {
      input: {
        customerId: CUSTOMER_ID,
        person: { firstName: 'Ada', lastName: 'Lovelace' },
        contacts: [{ email: 'not-an-email' }, { phone: 'call me maybe' }],
      },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions?.fieldErrors).toEqual([
      {
        field: 'input.contacts[0].email',
        code: 'INVALID_EMAIL',
        message: expect.stringMatching(/email address/),
      },
      {
        field: 'input.contacts[1].phone',
        code: 'INVALID_PHONE',
        message: expect.stringMatching(/phone number/),
      },
    ]);
    // Nothing was written: the same id registers afterwards as the stream's first event.
    const ok = await admin.data<{ registerCustomer: { result: { streamVersion: number } } }>(
      REGISTER,
      { input: { customerId: CUSTOMER_ID, person: { firstName: 'Ada', lastName: 'Lovelace' } } },
    );
    expect(ok.registerCustomer.result.streamVersion).toBe(1);
  });

  test('too long strings are TOO_LONG at the input path', async () => {
    const r = await admin.request(
      'mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { createdId } }',
      {
        input: {
          customerId: CUSTOMER_ID,
          kind: 'CALL',
          notes: 'x'.repeat(CUSTOMER_LIMITS.notes + 1),
        },
      },
    );
    expect(r.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'input.notes', code: 'TOO_LONG', message: expect.any(String) },
    ]);
  });

  // Issue 9, item 8: the gateway refused purchases of more than 200 items and order ids of more than
  // 128 characters that the domain accepts (500, 200); tags had 100 vs 64. One limit each now.
  test('the domain limits are the API limits: 500 items and 200-character order ids are accepted', async () => {
    const items = Array.from({ length: CUSTOMER_LIMITS.purchaseItems }, (_, i) => ({
      sku: `sku-${i}`,
      name: `Item ${i}`,
      category: 'misc',
      quantity: 1,
      unitPrice: '1.00',
    }));
    const RECORD_PURCHASE =
      'mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) { eventTypes } }';
    const base = { customerId: CUSTOMER_ID, currency: 'EUR', channel: 'ONLINE_STORE' };
    const ok = await admin.data<{ recordPurchase: { eventTypes: string[] } }>(RECORD_PURCHASE, {
      input: {
        ...base,
        orderId: 'o'.repeat(CUSTOMER_LIMITS.id),
        items,
        amount: `${CUSTOMER_LIMITS.purchaseItems}.00`,
      },
    });
    expect(ok.recordPurchase.eventTypes).toEqual(['customers.PurchaseRecorded']);
    const tooMany = await admin.request(RECORD_PURCHASE, {
      input: {
        ...base,
        orderId: 'order-2',
        items: [...items, items[0]],
        amount: '501.00',
      },
    });
    expect(tooMany.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'input.items', code: 'TOO_MANY', message: expect.any(String) },
    ]);
  });

  test('a tag is at most CUSTOMER_LIMITS.tag characters', async () => {
    const TAG = 'mutation($input: TagsInput!) { tagCustomer(input: $input) { streamVersion } }';
    const longest = 't'.repeat(CUSTOMER_LIMITS.tag);
    await admin.data(TAG, { input: { customerId: CUSTOMER_ID, tags: [{ value: longest }] } });
    const r = await admin.request(TAG, {
      input: { customerId: CUSTOMER_ID, tags: [{ value: `${longest}x` }] },
    });
    expect(r.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'input.tags[0].value', code: 'TOO_LONG', message: expect.any(String) },
    ]);
  });
});

test('a CSV uploaded to /imports/customers is streamed to the service, answered 202 at once and imported in the background', async () => {
  const body = new FormData();
  body.append(
    'mapping',
    JSON.stringify([
      { column: 'first', target: 'firstName' },
      { column: 'last', target: 'lastName' },
      { column: 'email', target: 'email' },
    ]),
  );
  body.append(
    'file',
    new Blob(
      ['first,last,email\nKatherine,Johnson,kj@example.com\nDorothy,Vaughan,not-an-email\n'],
      { type: 'text/csv' },
    ),
    'pioneers.csv',
  );
  const res = await fetch(`${admin.baseUrl}/imports/customers`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${admin.token}` },
  });
  const started = (await res.json()) as { importId: string; state: string };
  expect(res.status).toBe(202);
  expect(res.headers.get('location')).toBe(`/imports/customers/${started.importId}`);
  const job = await eventually(
    async () => {
      const status = await admin.data<{
        importStatus: {
          state: string;
          rowsRead: number;
          rowsCreated: number;
          rowsRejected: number;
          fileName: string;
        };
      }>(
        'query($id: ID!) { importStatus(id: $id) { state rowsRead rowsCreated rowsRejected fileName } }',
        { id: started.importId },
      );
      expect(status.importStatus.state).toBe('COMPLETED');
      return status.importStatus;
    },
    { timeoutMs: 15_000, description: 'import completed' },
  );
  expect(job).toEqual({
    state: 'COMPLETED',
    rowsRead: 2,
    rowsCreated: 1,
    rowsRejected: 1,
    fileName: 'pioneers.csv',
  });
  const viaLocation = await fetch(`${admin.baseUrl}${res.headers.get('location')}`, {
    headers: { authorization: `Bearer ${admin.token}` },
  });
  expect(viaLocation.status).toBe(200);
  expect(await viaLocation.json()).toMatchObject({ importId: started.importId, rowsCreated: 1 });

  // Someone else's import answers like a missing one, in GraphQL and at the status URL.
  const otherManager = managerClient('0190c000-0000-7000-8000-00000000000b', 'team-b');
  const hidden = await otherManager.request('query($id: ID!) { importStatus(id: $id) { state } }', {
    id: started.importId,
  });
  expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  const hiddenUrl = await fetch(`${admin.baseUrl}/imports/customers/${started.importId}`, {
    headers: { authorization: `Bearer ${otherManager.token}` },
  });
  expect(hiddenUrl.status).toBe(404);
});

test('importProgress streams an import’s status until it completes, only to its importer and admins', async () => {
  const started = await admin.data<{ importCustomers: { importId: string } }>(
    'mutation($input: ImportCustomersInput!) { importCustomers(input: $input) { importId } }',
    {
      input: {
        csv: `email,first,last\n${Array.from({ length: 300 }, (_, i) => `live${i}@example.com,Lou,Live${i}`).join('\n')}\n`,
        mapping: [
          { column: 'email', target: 'email' },
          { column: 'first', target: 'firstName' },
          { column: 'last', target: 'lastName' },
        ],
      },
    },
  );
  const id = started.importCustomers.importId;
  const subscription = admin.subscribe<{
    importProgress: { state: string; rowsRead: number; rowsCreated: number };
  }>('subscription($id: ID!) { importProgress(id: $id) { state rowsRead rowsCreated } }', { id });
  const seen: { state: string; rowsRead: number; rowsCreated: number }[] = [];
  try {
    for (
      let result = await subscription.next(30_000);
      result;
      result = await subscription.next(30_000)
    ) {
      expect(result.errors).toBeUndefined();
      seen.push(result.data!.importProgress);
    }
  } finally {
    await subscription.close();
  }
  expect(seen.at(-1)).toEqual({ state: 'COMPLETED', rowsRead: 300, rowsCreated: 300 });
  const reads = seen.map((s) => s.rowsRead);
  expect(reads).toEqual([...reads].sort((a, b) => a - b));

  const other = managerClient('0190c000-0000-7000-8000-00000000000c', 'team-c').subscribe(
    'subscription($id: ID!) { importProgress(id: $id) { state } }',
    { id },
  );
  try {
    const refused = await other.next();
    expect(refused?.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  } finally {
    await other.close();
  }
}, 120_000);

/** Direct calls to the service as an admin of the test tenant (seeding and checking). */
const ACME_ADMIN = { tenantId: 'acme' };

test('a sales manager’s import never writes onto, nor names, a customer outside the team', async () => {
  const outside = await customers.call(
    'RegisterCustomer',
    {
      ctx: ctx(),
      person: { firstName: 'Out', lastName: 'Side' },
      contacts: [{ email: 'outside@example.com' }],
      ownerUserId: '0190c000-0000-7000-8000-0000000000b1',
      teamId: 'team-b',
    },
    ACME_ADMIN,
  );
  const outsideId = String(outside['result'].aggregateId);
  const manager = managerClient('0190c000-0000-7000-8000-0000000000a2', 'team-a');
  const started = await manager.data<{ importCustomers: { importId: string } }>(
    'mutation($input: ImportCustomersInput!) { importCustomers(input: $input) { importId } }',
    {
      input: {
        csv: 'first,last,email,ext\nOut,Side,outside@example.com,crm-7\n',
        mapping: [
          { column: 'first', target: 'firstName' },
          { column: 'last', target: 'lastName' },
          { column: 'email', target: 'email' },
          { column: 'ext', target: 'externalId' },
        ],
      },
    },
  );
  const job = await eventually(
    async () => {
      const r = await manager.data<{
        importStatus: {
          state: string;
          rowsLinked: number;
          rowsRejected: number;
          rejected: { reasons: { code: string; message: string }[] }[];
        };
      }>(
        'query($id: ID!) { importStatus(id: $id) { state rowsLinked rowsRejected rejected { reasons { code message } } } }',
        { id: started.importCustomers.importId },
      );
      expect(r.importStatus.state).toBe('COMPLETED');
      return r.importStatus;
    },
    { timeoutMs: 15_000, description: 'import completed' },
  );
  expect(job).toMatchObject({ rowsLinked: 0, rowsRejected: 1 });
  expect(job.rejected[0]?.reasons).toEqual([
    { code: 'DUPLICATE', message: 'matches an existing record you cannot access' },
  ]);
  const exported = await customers.call(
    'ExportPersonalData',
    { ctx: ctx(), customerId: outsideId },
    ACME_ADMIN,
  );
  expect(String(exported['documentJson'])).not.toContain('crm-7');
});

test('a customer of nobody is NOT_FOUND', async () => {
  const r = await admin.request(
    'mutation($input: TagsInput!) { tagCustomer(input: $input) { streamVersion } }',
    {
      input: { customerId: '0190c000-0000-7000-8000-0000000000ff', tags: [{ value: 'vip' }] },
    },
  );
  expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
});

test('the service refuses calls signed with a key it does not trust (UNAUTHENTICATED)', async () => {
  const untrusted = new CustomersGrpcClient(
    customers.service.grpcAddress,
    5_000,
    new ServiceTokenSigner(parseServiceTokenPrivateKey(generateServiceTokenKeys().privateKey)),
  );
  try {
    const principal = {
      userId: '0190c000-0000-7000-8000-000000000001',
      tenantId: 'acme',
      email: 'admin@acme.example',
      roles: [Role.ADMIN],
      teamId: null,
    };
    const failure = await untrusted
      .call(
        'RegisterCustomer',
        { principal, correlationId: 'gw-int-untrusted' },
        {
          person: { firstName: 'Not', lastName: 'Written' },
          contacts: [],
        },
      )
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(ContextCallError);
    expect((failure as ContextCallError).status).toBe(grpcStatus.UNAUTHENTICATED);
    expect((failure as ContextCallError).detail?.code).toBe('UNAUTHENTICATED');
  } finally {
    untrusted.close();
  }
});
