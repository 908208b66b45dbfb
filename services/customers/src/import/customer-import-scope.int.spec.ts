/* eslint-disable @typescript-eslint/no-explicit-any --
   proto-loader messages are untyped at runtime; the assertions check their shape. */
// An import is confined to the importer's record scope (issue 9, item 3): a sales manager's rows
// never write onto customers outside their team, a rejection never names such a customer, and an
// import's status answers only to its importer and to admins.
import * as grpc from '@grpc/grpc-js';
import { Role, type ServiceCaller } from '@crm/access-policy';
import { eventually } from '@crm/testing';
import {
  ctx,
  startCustomersTestService,
  type CustomersTestService,
} from '../../test/customers-test-service';

const TENANT = 'tenant-scope';
// Who calls comes from the service call token (libs/access-policy); `ctx()` only carries tracing.
const ADMIN: Partial<ServiceCaller> = {
  tenantId: TENANT,
  actor: { kind: 'user', userId: 'admin-1' },
  roles: [Role.ADMIN],
};
const MANAGER: Partial<ServiceCaller> = {
  tenantId: TENANT,
  actor: { kind: 'user', userId: 'mgr-a' },
  roles: [Role.SALES_MANAGER],
  teamId: 'team-a',
  teamMemberIds: ['mgr-a', 'rep-a'],
};
const MAPPING = [
  { column: 'first', target: 'firstName' },
  { column: 'last', target: 'lastName' },
  { column: 'email', target: 'email' },
  { column: 'ext', target: 'externalId' },
];
const HEADER = 'first,last,email,ext\n';

let t: CustomersTestService;
let outsider: string; // owned by another team's rep
let teamCustomer: string; // owned by a rep of the manager's team

async function register(email: string, ownerUserId: string, teamId: string): Promise<string> {
  const response = await t.call(
    'RegisterCustomer',
    {
      ctx: ctx(),
      person: { firstName: 'Existing', lastName: email },
      contacts: [{ email }],
      ownerUserId,
      teamId,
    },
    ADMIN,
  );
  return response['result'].aggregateId as string;
}

async function importAs(
  importId: string,
  policy: 'DUPLICATE_POLICY_LINK_EXISTING' | 'DUPLICATE_POLICY_REJECT',
): Promise<any> {
  await t.call(
    'StartImport',
    {
      ctx: ctx(),
      importId,
      mapping: MAPPING,
      options: { duplicatePolicy: policy },
      csv: Buffer.from(
        `${HEADER}Out,Side,outsider@example.com,ext-out-${importId}\nTeam,Mate,team@example.com,ext-team-${importId}\n`,
      ),
    },
    MANAGER,
  );
  return eventually(async () => {
    const status = await t.call('GetImportStatus', { ctx: ctx(), importId }, MANAGER);
    expect(status['state']).toBe('IMPORT_STATE_COMPLETED');
    return status;
  });
}

async function eventTypes(customerId: string): Promise<string[]> {
  const exported = await t.call('ExportPersonalData', { ctx: ctx(), customerId }, ADMIN);
  return (JSON.parse(String(exported['documentJson'])).events as { type: string }[]).map(
    (e) => e.type,
  );
}

beforeAll(async () => {
  t = await startCustomersTestService('customers-import-scope');
  outsider = await register('outsider@example.com', 'rep-b', 'team-b');
  teamCustomer = await register('team@example.com', 'rep-a', 'team-a');
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

it('link_existing: a row matching a customer outside the team is rejected without naming it, and nothing is written onto it', async () => {
  const before = await eventTypes(outsider);
  const status = await importAs('scope-link', 'DUPLICATE_POLICY_LINK_EXISTING');
  expect(status).toMatchObject({ rowsRead: 2, rowsLinked: 1, rowsRejected: 1, rowsCreated: 0 });
  expect(status.rejected).toEqual([
    {
      rowNumber: 1,
      externalId: 'ext-out-scope-link',
      reasons: [
        expect.objectContaining({
          field: 'row',
          code: 'DUPLICATE',
          message: 'matches an existing record you cannot access',
        }),
      ],
    },
  ]);
  expect(await eventTypes(outsider)).toEqual(before);
  expect(await eventTypes(teamCustomer)).toContain('customers.ChannelRecorded');
});

it('reject: the reason names an in-scope match but reveals nothing about one outside the scope', async () => {
  const status = await importAs('scope-reject', 'DUPLICATE_POLICY_REJECT');
  expect(status).toMatchObject({ rowsRead: 2, rowsRejected: 2 });
  const [outside, inside] = status.rejected as { reasons: { message: string }[] }[];
  const outsideText = JSON.stringify(outside);
  expect(outsideText).toContain('matches an existing record you cannot access');
  expect(outsideText).not.toContain(outsider);
  expect(outsideText).not.toMatch(/email/i);
  expect(inside?.reasons[0]?.message).toContain(teamCustomer);
});

it('importStatus answers only to the importer and to admins; others get NOT_FOUND like a missing id', async () => {
  const request = { ctx: ctx(), importId: 'scope-link' };
  await expect(t.call('GetImportStatus', request, MANAGER)).resolves.toMatchObject({
    importId: 'scope-link',
  });
  await expect(t.call('GetImportStatus', request, ADMIN)).resolves.toMatchObject({
    importId: 'scope-link',
  });
  const other: Partial<ServiceCaller> = {
    ...MANAGER,
    actor: { kind: 'user', userId: 'mgr-b' },
    teamId: 'team-b',
    teamMemberIds: ['mgr-b'],
  };
  const refused = await t.fail('GetImportStatus', request, other);
  const missing = await t.fail('GetImportStatus', { ctx: ctx(), importId: 'no-such' }, other);
  expect(refused.code).toBe(grpc.status.NOT_FOUND);
  expect(refused.detail.code).toBe(missing.detail.code);
});
