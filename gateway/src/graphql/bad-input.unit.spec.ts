// Bad input of every kind gets a clear, typed error, never a stack trace, and writes nothing.
import * as grpc from '@grpc/grpc-js';
import { ContextCallError } from '../grpc/context-grpc.client';
import { customerFixture } from '../../test/support/in-memory-infrastructure';
import { startTestGateway, type TestGateway, USERS } from '../../test/support/test-gateway';

const CUSTOMER = '0190a000-0000-7000-8000-00000000c001';
const REGISTER =
  'mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({
    CRM_GRAPHQL_MAX_DEPTH: '5',
    CRM_GRAPHQL_MAX_COMPLEXITY: '500',
    CRM_GATEWAY_MAX_BODY_BYTES: '65536',
  });
  gw.infra.readModels.add(customerFixture({ id: CUSTOMER, ownerUserId: USERS.rep.userId }));
});
afterAll(() => gw.close());

let callsBefore = 0;
beforeEach(() => {
  callsBefore = gw.infra.customersClient.calls.length;
  for (const key of Object.keys(gw.infra.customersClient.responses))
    delete gw.infra.customersClient.responses[key];
});
const nothingWritten = () => expect(gw.infra.customersClient.calls.length).toBe(callsBefore);

function noStackTraces(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|\.ts:\d+|node_modules|stacktrace/);
}

describe('malformed requests', () => {
  test('a syntax error is GRAPHQL_PARSE_FAILED (HTTP 400)', async () => {
    const r = await gw.as('admin').request('{ customers(first: 1 { edges } }');
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.errors?.[0]?.message).toMatch(/Syntax Error/);
    noStackTraces(r);
  });

  test('an unknown field is GRAPHQL_VALIDATION_FAILED', async () => {
    const r = await gw.as('admin').request('{ customers { edges { node { passwordHash } } } }');
    expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test('a variable of the wrong type is BAD_USER_INPUT', async () => {
    const r = await gw
      .as('admin')
      .request('query($first: Int) { customers(first: $first) { edges { cursor } } }', {
        first: 'ten',
      });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/\$first/);
  });

  test('a body that is not JSON gets a JSON error, not an HTML page', async () => {
    const res = await fetch(`${gw.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ me { id } }"',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      errors: { extensions: { code: string; correlationId: string } }[];
    };
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
    expect(body.errors[0]?.extensions.correlationId).toBe(res.headers.get('x-correlation-id'));
  });

  test('an oversized body is refused with 413 before it is parsed', async () => {
    const csv = `email\n${'x@example.com\n'.repeat(6000)}`;
    const r = await gw
      .as('admin')
      .request(
        'mutation($input: ImportCustomersInput!) { importCustomers(input: $input) { importId } }',
        {
          input: { csv, mapping: [{ column: 'email', target: 'email' }] },
        },
      );
    expect(r.status).toBe(413);
    expect(r.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    nothingWritten();
  });
});

describe('field validation', () => {
  // Command field rules (e-mail, phone, lengths) are the service's: see the real-service cases in
  // customers/customers-grpc.int.spec.ts. The gateway keeps the rules of its own mapping.
  test('"exactly one of" rules are field errors too', async () => {
    const r = await gw.as('admin').request(REGISTER, {
      input: { person: { firstName: 'A', lastName: 'B' }, company: { legalName: 'C' } },
    });
    expect(r.errors?.[0]?.extensions?.fieldErrors).toEqual([
      {
        field: 'input',
        code: 'NOT_ALLOWED',
        message: expect.stringMatching(/only one of person, company/),
      },
    ]);
    nothingWritten();
  });

  test('ids must be UUIDs', async () => {
    const r = await gw.as('admin').request('{ customer(id: "1 OR 1=1") { id } }');
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'id', code: 'INVALID_FORMAT' }],
    });
  });

  test('page sizes are bounded', async () => {
    const r = await gw.as('admin').request('{ customers(first: 1000) { edges { cursor } } }');
    expect(r.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'first', code: 'OUT_OF_RANGE', message: 'first must be between 1 and 100' },
    ]);
  });
});

// Hostile values that survive GraphQL coercion (strings) reach the resolver; objects such as
// {$ne: null} never do (graphql-js refuses them as BAD_USER_INPUT before any project code runs).
// The read-model filter builder's own tests feed it hostile objects and strings directly:
// libs/customers/read-models/src/queries/customer-search-filter.unit.spec.ts.
describe('MongoDB operator-looking input in filters', () => {
  const SEARCH =
    'query($filter: CustomerSearchFilter) { customers(filter: $filter) { edges { cursor } } }';

  test('a custom field name that is an operator is refused with a field error', async () => {
    const r = await gw
      .as('admin')
      .request(SEARCH, { filter: { customField: { name: '$where', value: '1' } } });
    expect(r.errors?.[0]?.extensions?.fieldErrors).toEqual([
      {
        field: 'filter.customField.name',
        code: 'UNKNOWN_CUSTOM_FIELD',
        message: expect.any(String),
      },
    ]);
  });

  test('operator-looking text is passed as plain text', async () => {
    const r = await gw.as('admin').request(SEARCH, { filter: { text: '{"$ne": null}' } });
    expect(r.errors).toBeUndefined();
    expect(gw.infra.readModels.searches.at(-1)?.filter).toEqual({ text: '{"$ne": null}' });
  });
});

describe('errors from the customers service', () => {
  const failing = (status: grpc.status, detail: ContextCallError['detail']) => () => {
    throw new ContextCallError('customers', 'X', status, detail, 'failed');
  };

  test('unknown custom fields come back as field errors under the input path', async () => {
    gw.infra.customersClient.responses['SetCustomFieldValues'] = failing(
      grpc.status.INVALID_ARGUMENT,
      {
        code: 'VALIDATION_FAILED',
        message: '1 invalid field',
        violations: [
          {
            field: 'values[0].name',
            code: 'UNKNOWN_CUSTOM_FIELD',
            message: 'no custom field named shoeSize',
          },
        ],
      },
    );
    const r = await gw
      .as('admin')
      .request(
        'mutation($input: SetCustomFieldValuesInput!) { setCustomFieldValues(input: $input) { streamVersion } }',
        {
          input: { customerId: CUSTOMER, values: [{ name: 'shoeSize', numberValue: 42 }] },
        },
      );
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [
        {
          field: 'input.values[0].name',
          code: 'UNKNOWN_CUSTOM_FIELD',
          message: 'no custom field named shoeSize',
        },
      ],
    });
  });

  test('a reused idempotency key is IDEMPOTENCY_KEY_REUSED', async () => {
    gw.infra.customersClient.responses['TagCustomer'] = failing(grpc.status.ALREADY_EXISTS, {
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: 'reused',
    });
    const r = await gw
      .as('admin')
      .request('mutation($input: TagsInput!) { tagCustomer(input: $input) { streamVersion } }', {
        input: { customerId: CUSTOMER, tags: [{ value: 'vip' }], idempotencyKey: 'tag-vip-1' },
      });
    expect(r.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(gw.infra.customersClient.calls.at(-1)?.call.idempotencyKey).toBe('tag-vip-1');
  });

  test('an internal failure is a generic message with the correlation id and no details', async () => {
    gw.infra.customersClient.responses['TagCustomer'] = () => {
      throw new Error(
        'connect ECONNREFUSED 10.0.0.7:5432 at PgPool.connect (/srv/app/node_modules/pg/lib/pool.js:45:11)',
      );
    };
    const r = await gw
      .as('admin')
      .request('mutation($input: TagsInput!) { tagCustomer(input: $input) { streamVersion } }', {
        input: { customerId: CUSTOMER, tags: [{ value: 'vip' }] },
      });
    expect(r.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(r.errors?.[0]?.message).toBe(
      `Internal server error. Quote reference ${r.correlationId} when reporting it.`,
    );
    expect(r.errors?.[0]?.extensions?.correlationId).toBe(r.correlationId);
    expect(JSON.stringify(r)).not.toMatch(/ECONNREFUSED|10\.0\.0\.7|pool\.js/);
    noStackTraces(r);
  });

  test('the caller’s correlation id is used and passed to the service', async () => {
    const client = gw.as('admin');
    const r = await client.request(
      'mutation($input: TagsInput!) { tagCustomer(input: $input) { correlationId } }',
      { input: { customerId: CUSTOMER, tags: [{ value: 'vip' }] } },
      { 'x-correlation-id': 'req-42' },
    );
    expect(r.correlationId).toBe('req-42');
    expect(gw.infra.customersClient.calls.at(-1)?.call.correlationId).toBe('req-42');
  });
});

describe('query limits', () => {
  test('too deep a query is QUERY_TOO_DEEP with the limit in the message', async () => {
    const r = await gw
      .as('admin')
      .request('{ customers { edges { node { contacts { address { line1 } } } } } }');
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_DEEP',
      depth: 6,
      maxDepth: 5,
    });
    expect(r.errors?.[0]?.message).toMatch(/6 levels deep; the limit is 5/);
  });

  test('too complex a query is QUERY_TOO_COMPLEX', async () => {
    const r = await gw
      .as('admin')
      .request(
        '{ customers(first: 100) { edges { node { id displayName contacts { id email } tags { value } } } } }',
      );
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      maxComplexity: 500,
    });
  });

  test('a query within the limits runs', async () => {
    const r = await gw
      .as('admin')
      .request('{ customers(first: 10) { edges { node { id displayName } } } }');
    expect(r.errors).toBeUndefined();
  });
});
