// The gateway against the real customers service (gRPC, its own throwaway PostgreSQL event store):
// commands travel with the token's tenant and actor, the caller's correlation id and idempotency
// key; the service's typed errors come back as GraphQL field errors and stable codes.
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: runs the real customers service in-process
import {
  startCustomersTestService,
  type CustomersTestService,
} from '../../../services/customers/test/customers-test-service';
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
import { CustomersCallError, CustomersGrpcClient } from './grpc/customers-grpc.client';

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
  const token = new TokenService(config.jwtSecret, 3600, config.jwtIssuer).sign({
    userId: '0190c000-0000-7000-8000-000000000001',
    tenantId: 'acme',
    email: 'admin@acme.example',
    roles: [Role.ADMIN],
    teamId: null,
  });
  admin = new GatewayGraphQLClient({ baseUrl, token });
}, 60_000);

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

test('a CSV uploaded to /imports/customers is streamed to the service and imported', async () => {
  const body = new FormData();
  body.append(
    'file',
    new Blob(
      ['first,last,email\nKatherine,Johnson,kj@example.com\nDorothy,Vaughan,not-an-email\n'],
      { type: 'text/csv' },
    ),
    'pioneers.csv',
  );
  body.append(
    'mapping',
    JSON.stringify([
      { column: 'first', target: 'firstName' },
      { column: 'last', target: 'lastName' },
      { column: 'email', target: 'email' },
    ]),
  );
  const res = await fetch(`${admin.baseUrl}/imports/customers`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${admin.token}` },
  });
  const started = (await res.json()) as { importId: string };
  expect(res.status).toBe(202);
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
    expect(failure).toBeInstanceOf(CustomersCallError);
    expect((failure as CustomersCallError).status).toBe(grpcStatus.UNAUTHENTICATED);
    expect((failure as CustomersCallError).detail?.code).toBe('UNAUTHENTICATED');
  } finally {
    untrusted.close();
  }
});
