// The authorisation matrix, table-driven: every operation × every role through the real
// application (guard, pipes, resolvers), plus record-level and tenant-isolation cases. The table
// below is the specification; docs/security.md shows the same matrix.
import { Role } from './role';
import { customerFixture } from '../../test/support/in-memory-infrastructure';
import {
  OTHER_TENANT,
  startTestGateway,
  TENANT,
  type TestGateway,
  type UserName,
  USERS,
} from '../../test/support/test-gateway';

const REP_CUSTOMER = '0190a000-0000-7000-8000-00000000c001';
const REP_CUSTOMER_2 = '0190a000-0000-7000-8000-00000000c002';
const SOUTH_CUSTOMER = '0190a000-0000-7000-8000-00000000c003';
const GLOBEX_CUSTOMER = '0190a000-0000-7000-8000-00000000c004';
const IMPORT_ID = '0190a000-0000-7000-8000-00000000f001';
const CONTACT_ID = '0190a000-0000-7000-8000-00000000d001';

const {
  ADMIN,
  SALES_MANAGER: MANAGER,
  SALES_REP: REP,
  SERVICE_AGENT: AGENT,
  MARKETER,
  AUDITOR,
} = Role;
// Service leads (service desk) have no customers operations of their own.
const EVERYONE: Exclude<Role, Role.SERVICE_LEAD>[] = [
  ADMIN,
  MANAGER,
  REP,
  AGENT,
  MARKETER,
  AUDITOR,
];
const WRITERS = [ADMIN, MANAGER, REP, AGENT];

interface Operation {
  readonly name: string;
  readonly query: string;
  readonly variables?: (user: UserName) => Record<string, unknown>;
  readonly allowed: readonly Role[];
}

const id = REP_CUSTOMER;
const OPERATIONS: Operation[] = [
  { name: 'me', query: '{ me { id } }', allowed: EVERYONE },
  { name: 'users', query: '{ users { id } }', allowed: [ADMIN, AUDITOR] },
  {
    name: 'auditEvents',
    query: '{ auditEvents(first: 5) { edges { cursor } pageInfo { hasNextPage } } }',
    allowed: [AUDITOR],
  },
  {
    name: 'aggregateAsOf',
    // The auditor's own query stream: every earlier auditor query in this run is on it.
    query: `{ aggregateAsOf(streamId: "audit.AuditorQueries-acme", asOf: "9999") { version } }`,
    allowed: [AUDITOR],
  },
  {
    name: 'customer',
    query: 'query($id: ID!) { customer(id: $id) { id displayName owner { id } } }',
    variables: () => ({ id }),
    allowed: EVERYONE,
  },
  {
    name: 'customers',
    query: '{ customers(first: 5) { edges { node { id } } pageInfo { hasNextPage } } }',
    allowed: EVERYONE,
  },
  {
    name: 'customerTimeline',
    query: 'query($id: ID!) { customerTimeline(id: $id) { edges { cursor } } }',
    variables: () => ({ id }),
    allowed: EVERYONE,
  },
  {
    name: 'checkConsent',
    query: 'query($id: ID!) { checkConsent(customerId: $id, channel: EMAIL) { allowed reason } }',
    variables: () => ({ id }),
    allowed: EVERYONE,
  },
  {
    name: 'duplicateCandidates',
    query: 'query($id: ID!) { duplicateCandidates(customerId: $id) { customerId } }',
    variables: () => ({ id }),
    allowed: [ADMIN, MANAGER, REP, AGENT, AUDITOR],
  },
  {
    name: 'importStatus',
    query: `{ importStatus(id: "${IMPORT_ID}") { importId state } }`,
    allowed: [ADMIN, MANAGER, MARKETER, AUDITOR],
  },
  {
    name: 'exportPersonalData',
    query: 'query($id: ID!) { exportPersonalData(customerId: $id) { documentJson } }',
    variables: () => ({ id }),
    allowed: [ADMIN, AUDITOR],
  },
  {
    name: 'createUser',
    query: 'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
    variables: (u) => ({
      input: {
        email: `new-${u}@acme.example`,
        displayName: 'New',
        password: 'correct horse battery',
        roles: ['SALES_REP'],
        teamId: 'north',
      },
    }),
    allowed: [ADMIN],
  },
  {
    name: 'updateUser',
    query: 'mutation($input: UpdateUserInput!) { updateUser(input: $input) { id } }',
    variables: () => ({ input: { userId: USERS.rep.userId, teamId: 'north' } }),
    allowed: [ADMIN],
  },
  {
    name: 'registerCustomer',
    query:
      'mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }',
    variables: () => ({
      input: {
        person: { firstName: 'Grace', lastName: 'Hopper' },
        contacts: [{ email: 'grace@example.com' }],
      },
    }),
    allowed: WRITERS,
  },
  {
    name: 'updateCustomerProfile',
    query:
      'mutation($input: UpdateProfileInput!) { updateCustomerProfile(input: $input) { streamVersion } }',
    variables: () => ({ input: { customerId: id, person: { lastName: 'Byron' } } }),
    allowed: WRITERS,
  },
  {
    name: 'changeLifecycleStatus',
    query:
      'mutation($input: ChangeLifecycleStatusInput!) { changeLifecycleStatus(input: $input) { streamVersion } }',
    variables: () => ({ input: { customerId: id, status: 'ACTIVE' } }),
    allowed: [ADMIN, MANAGER, REP],
  },
  {
    name: 'assignCustomerOwner',
    query:
      'mutation($input: AssignOwnerInput!) { assignCustomerOwner(input: $input) { streamVersion } }',
    variables: () => ({
      input: { customerId: id, ownerUserId: USERS.rep.userId, teamId: 'north' },
    }),
    allowed: [ADMIN, MANAGER],
  },
  {
    name: 'addCustomerContact',
    query: 'mutation($input: AddContactInput!) { addCustomerContact(input: $input) { createdId } }',
    variables: () => ({ input: { customerId: id, contact: { phone: '+49 30 123456' } } }),
    allowed: WRITERS,
  },
  {
    name: 'setPrimaryContact',
    query:
      'mutation($input: ContactRefInput!) { setPrimaryContact(input: $input) { streamVersion } }',
    variables: () => ({ input: { customerId: id, contactId: CONTACT_ID } }),
    allowed: WRITERS,
  },
  {
    name: 'removeCustomerContact',
    query:
      'mutation($input: ContactRefInput!) { removeCustomerContact(input: $input) { streamVersion } }',
    variables: () => ({ input: { customerId: id, contactId: CONTACT_ID } }),
    allowed: WRITERS,
  },
  {
    name: 'recordCustomerChannel',
    query:
      'mutation($input: RecordChannelInput!) { recordCustomerChannel(input: $input) { streamVersion } }',
    variables: () => ({ input: { customerId: id, channel: { channel: 'WEB_FORM' } } }),
    allowed: WRITERS,
  },
  {
    name: 'setCustomerDemographics',
    query:
      'mutation($input: SetDemographicsInput!) { setCustomerDemographics(input: $input) { streamVersion } }',
    variables: () => ({ input: { customerId: id, birthday: '1815-12-10' } }),
    allowed: WRITERS,
  },
  {
    name: 'tagCustomer',
    query: 'mutation($input: TagsInput!) { tagCustomer(input: $input) { streamVersion } }',
    variables: () => ({ input: { customerId: id, tags: [{ value: 'vip' }] } }),
    allowed: [...WRITERS, MARKETER],
  },
  {
    name: 'untagCustomer',
    query: 'mutation($input: TagsInput!) { untagCustomer(input: $input) { streamVersion } }',
    variables: () => ({ input: { customerId: id, tags: [{ value: 'vip' }] } }),
    allowed: [...WRITERS, MARKETER],
  },
  {
    name: 'declareCustomField',
    query:
      'mutation($input: DeclareCustomFieldInput!) { declareCustomField(input: $input) { streamVersion } }',
    variables: () => ({ input: { name: 'loyaltyNo', label: 'Loyalty number', type: 'STRING' } }),
    allowed: [ADMIN],
  },
  {
    name: 'setCustomFieldValues',
    query:
      'mutation($input: SetCustomFieldValuesInput!) { setCustomFieldValues(input: $input) { streamVersion } }',
    variables: () => ({
      input: { customerId: id, values: [{ name: 'loyaltyNo', stringValue: 'A-1' }] },
    }),
    allowed: WRITERS,
  },
  {
    name: 'recordInteraction',
    query:
      'mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { createdId } }',
    variables: () => ({ input: { customerId: id, kind: 'CALL', notes: 'called' } }),
    allowed: WRITERS,
  },
  {
    name: 'recordPurchase',
    query: 'mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) { replayed } }',
    variables: () => ({
      input: {
        customerId: id,
        orderId: 'o-1',
        items: [{ sku: 's', name: 'n', quantity: 1, unitPrice: '1.00' }],
        amount: '1.00',
        currency: 'EUR',
      },
    }),
    allowed: [ADMIN, MANAGER, REP],
  },
  {
    name: 'grantConsent',
    query: 'mutation($input: ConsentInput!) { grantConsent(input: $input) { streamVersion } }',
    variables: () => ({ input: { customerId: id, channel: 'EMAIL', source: 'web-form' } }),
    allowed: [...WRITERS, MARKETER],
  },
  {
    name: 'withdrawConsent',
    query: 'mutation($input: ConsentInput!) { withdrawConsent(input: $input) { streamVersion } }',
    variables: () => ({ input: { customerId: id, channel: 'EMAIL' } }),
    allowed: [...WRITERS, MARKETER],
  },
  {
    name: 'mergeCustomers',
    query:
      'mutation($input: MergeCustomersInput!) { mergeCustomers(input: $input) { streamVersion } }',
    variables: () => ({ input: { survivorCustomerId: id, mergedCustomerId: REP_CUSTOMER_2 } }),
    allowed: [ADMIN, MANAGER],
  },
  {
    name: 'importCustomers',
    query:
      'mutation($input: ImportCustomersInput!) { importCustomers(input: $input) { importId state } }',
    variables: () => ({
      input: { csv: 'email\nada@example.com\n', mapping: [{ column: 'email', target: 'email' }] },
    }),
    allowed: [ADMIN, MANAGER, MARKETER],
  },
  {
    name: 'erasePersonalData',
    query:
      'mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) { streamVersion } }',
    variables: () => ({ input: { customerId: id, reason: 'GDPR Art. 17 #1' } }),
    allowed: [ADMIN],
  },
  // Reports: every role; the record scope filters the rows (libs/reports, report-engine.int.spec).
  { name: 'reportDatasets', query: '{ reportDatasets { name } }', allowed: EVERYONE },
  { name: 'standardReports', query: '{ standardReports { pack name } }', allowed: EVERYONE },
];

const ROLE_USERS: Record<(typeof EVERYONE)[number], UserName> = {
  [ADMIN]: 'admin',
  [MANAGER]: 'manager',
  [REP]: 'rep',
  [AGENT]: 'agent',
  [MARKETER]: 'marketer',
  [AUDITOR]: 'auditor',
};

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
  const rm = gw.infra.readModels;
  rm.add(customerFixture({ id: REP_CUSTOMER, ownerUserId: USERS.rep.userId, teamId: 'north' }));
  rm.add(customerFixture({ id: REP_CUSTOMER_2, ownerUserId: USERS.rep.userId, teamId: null }));
  rm.add(
    customerFixture({ id: SOUTH_CUSTOMER, ownerUserId: USERS.otherRep.userId, teamId: 'south' }),
  );
  rm.add(customerFixture({ id: GLOBEX_CUSTOMER, tenantId: OTHER_TENANT, ownerUserId: null }));
});
afterAll(() => gw.close());

describe('operation × role', () => {
  const cases = OPERATIONS.flatMap((op) =>
    EVERYONE.map((role) => ({
      op,
      role,
      expected: op.allowed.includes(role) ? 'allowed' : 'FORBIDDEN',
    })),
  );
  test.each(cases)('$op.name as $role → $expected', async ({ op, role, expected }) => {
    const user = ROLE_USERS[role];
    const response = await gw.as(user).request(op.query, op.variables?.(user));
    const outcome = response.errors?.length
      ? (response.errors[0]?.extensions?.code ?? 'NO_CODE')
      : 'allowed';
    expect({ outcome, message: response.errors?.[0]?.message }).toEqual({
      outcome: expected,
      message: expected === 'allowed' ? undefined : expect.any(String),
    });
  });

  test.each(OPERATIONS.map((op) => ({ op })))(
    '$op.name without a token → UNAUTHENTICATED',
    async ({ op }) => {
      const response = await gw.anonymous().request(op.query, op.variables?.('admin'));
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    },
  );

  test('a forged token (wrong secret) is refused', async () => {
    const forged = gw
      .as('admin')
      .withToken(
        'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4IiwidGlkIjoiYWNtZSIsImVtYWlsIjoieEB5LnoiLCJyb2xlcyI6WyJhZG1pbiJdfQ.c2lnbmF0dXJl',
      );
    const response = await forged.request('{ me { id } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.errors?.[0]?.message).toMatch(/invalid/i);
  });
});

describe('record-level rules', () => {
  const read = (user: UserName, customerId: string, tenant = TENANT) =>
    gw
      .as(user, tenant)
      .request<{ customer: { id: string } }>('query($id: ID!) { customer(id: $id) { id } }', {
        id: customerId,
      });

  test.each([
    { user: 'rep', customer: REP_CUSTOMER, expected: 'found' },
    { user: 'rep', customer: SOUTH_CUSTOMER, expected: 'NOT_FOUND' },
    { user: 'otherRep', customer: REP_CUSTOMER, expected: 'NOT_FOUND' },
    { user: 'manager', customer: REP_CUSTOMER, expected: 'found' },
    { user: 'manager', customer: REP_CUSTOMER_2, expected: 'found' },
    { user: 'manager', customer: SOUTH_CUSTOMER, expected: 'NOT_FOUND' },
    { user: 'auditor', customer: SOUTH_CUSTOMER, expected: 'found' },
    { user: 'agent', customer: SOUTH_CUSTOMER, expected: 'found' },
    { user: 'marketer', customer: SOUTH_CUSTOMER, expected: 'found' },
    { user: 'admin', customer: SOUTH_CUSTOMER, expected: 'found' },
    { user: 'admin', customer: GLOBEX_CUSTOMER, expected: 'NOT_FOUND' },
    { user: 'auditor', customer: GLOBEX_CUSTOMER, expected: 'NOT_FOUND' },
  ] as const)('$user reads $customer → $expected', async ({ user, customer, expected }) => {
    const response = await read(user, customer);
    expect(
      response.errors?.[0]?.extensions?.code ??
        (response.data?.customer.id === customer ? 'found' : 'missing'),
    ).toBe(expected);
  });

  test('another tenant’s record answers exactly like a missing one (no existence leak)', async () => {
    const foreign = await read('admin', GLOBEX_CUSTOMER);
    const missing = await read('admin', '0190a000-0000-7000-8000-0000000000ff');
    const strip = (r: typeof foreign) => ({
      code: r.errors?.[0]?.extensions?.code,
      message: r.errors?.[0]?.message.replace(/[0-9a-f-]{36}/, '<id>'),
    });
    expect(strip(foreign)).toEqual(strip(missing));
    expect(strip(foreign).code).toBe('NOT_FOUND');
  });

  test('a rep cannot change another rep’s customer, and nothing reaches the service', async () => {
    const before = gw.infra.customersClient.calls.length;
    const response = await gw
      .as('rep')
      .request(
        'mutation($input: ChangeLifecycleStatusInput!) { changeLifecycleStatus(input: $input) { streamVersion } }',
        {
          input: { customerId: SOUTH_CUSTOMER, status: 'INACTIVE' },
        },
      );
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(gw.infra.customersClient.calls.length).toBe(before);
  });

  test('a manager cannot merge a customer outside the team into one inside it', async () => {
    const response = await gw
      .as('manager')
      .request(
        'mutation($input: MergeCustomersInput!) { mergeCustomers(input: $input) { streamVersion } }',
        {
          input: { survivorCustomerId: REP_CUSTOMER, mergedCustomerId: SOUTH_CUSTOMER },
        },
      );
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('search is limited to the caller’s scope: a rep sees only their own customers', async () => {
    const response = await gw
      .as('rep')
      .request<{ customers: { edges: { node: { id: string } }[] } }>(
        '{ customers(first: 50) { edges { node { id } } } }',
      );
    expect(response.data?.customers.edges.map((e) => e.node.id).sort()).toEqual([
      REP_CUSTOMER,
      REP_CUSTOMER_2,
    ]);
    const search = gw.infra.readModels.searches.at(-1);
    expect(search?.tenantId).toBe(TENANT);
    expect(search?.scope).toEqual({ kind: 'owned', ownerUserIds: [USERS.rep.userId], teamIds: [] });
  });

  test('a sales rep cannot register a customer for someone else', async () => {
    const response = await gw
      .as('rep')
      .request(
        'mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }',
        {
          input: { person: { firstName: 'A', lastName: 'B' }, ownerUserId: USERS.otherRep.userId },
        },
      );
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('a customer registered by a rep is owned by the rep; the tenant and actor come from the token', async () => {
    await gw
      .as('rep')
      .data(
        'mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }',
        {
          input: { person: { firstName: 'A', lastName: 'B' } },
        },
      );
    const call = gw.infra.customersClient.calls.at(-1);
    expect(call?.method).toBe('RegisterCustomer');
    expect(call?.request).toMatchObject({ ownerUserId: USERS.rep.userId, teamId: 'north' });
    expect(call?.call.principal).toMatchObject({ tenantId: TENANT, userId: USERS.rep.userId });
  });

  test('a token of another tenant only ever reaches that tenant', async () => {
    await gw
      .as('admin', OTHER_TENANT)
      .data('mutation($input: TagsInput!) { tagCustomer(input: $input) { streamVersion } }', {
        input: { customerId: REP_CUSTOMER, tags: [{ value: 'x' }] },
      });
    expect(gw.infra.customersClient.calls.at(-1)?.call.principal.tenantId).toBe(OTHER_TENANT);
  });
});
