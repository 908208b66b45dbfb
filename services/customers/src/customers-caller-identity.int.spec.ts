/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument --
   proto-loader messages are untyped JSON; the assertions check their shape. */
// The service verifies its caller itself (docs/security.md "Trust boundary"): called directly over
// gRPC, without the gateway, every request without a valid service call token, or outside the
// caller's roles, tenant or record scope, is refused with a clear status and writes nothing.
import * as grpc from '@grpc/grpc-js';
import {
  Role,
  SERVICE_AUDIENCES,
  generateServiceTokenKeys,
  mintSystemToken,
} from '@crm/access-policy';
import { ServiceTokenSigner, parseServiceTokenPrivateKey } from '@crm/access-policy';
import {
  ctx,
  startCustomersTestService,
  type CustomersTestService,
} from '../test/customers-test-service';

jest.setTimeout(60_000);

let t: CustomersTestService;

beforeAll(async () => {
  t = await startCustomersTestService('customers-caller');
});

afterAll(async () => {
  await t?.stop();
});

async function storedEventCount(): Promise<number> {
  const [row] = await t.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events');
  return Number(row?.n);
}

async function eventsOf(
  customerId: string,
): Promise<{ type: string; tenant_id: string; actor: unknown }[]> {
  return t.query(
    'SELECT type, tenant_id, actor FROM event_store.events WHERE stream_id = $1 ORDER BY stream_version',
    [`customers.Customer-${customerId}`],
  );
}

/** Runs `refused`, expects it to fail with `code`, and proves the event store did not change. */
async function expectRefused(
  refused: () => ReturnType<CustomersTestService['fail']>,
  code: grpc.status,
  detailCode: string,
): Promise<{ message: string }> {
  const before = await storedEventCount();
  const failure = await refused();
  expect({ status: grpc.status[failure.code], detail: failure.detail?.code }).toEqual({
    status: grpc.status[code],
    detail: detailCode,
  });
  expect(await storedEventCount()).toBe(before);
  return failure.detail;
}

async function registerOwnedBy(ownerUserId: string, teamId = 'team-north'): Promise<string> {
  const response = await t.call('RegisterCustomer', {
    ctx: ctx(),
    person: { firstName: 'Owned', lastName: ownerUserId },
    contacts: [],
    ownerUserId,
    teamId,
  });
  return response['result'].aggregateId as string;
}

const rename = (customerId: string) => ({
  ctx: ctx(),
  customerId,
  person: { firstName: 'Renamed' },
});

const rep = (userId: string) => ({
  actor: { kind: 'user' as const, userId },
  roles: [Role.SALES_REP],
  teamId: 'team-north',
});

describe('a caller without a valid service call token', () => {
  const register = { ctx: ctx(), person: { firstName: 'No', lastName: 'Token' }, contacts: [] };

  it('is refused without a token', async () => {
    const detail = await expectRefused(
      () => t.fail('RegisterCustomer', register, { metadata: new grpc.Metadata() }),
      grpc.status.UNAUTHENTICATED,
      'UNAUTHENTICATED',
    );
    expect(detail.message).toBe('A service call token is required.');
  });

  it('is refused with a token signed by another key (forged)', async () => {
    const forged = await t.metadata({}, { privateKey: generateServiceTokenKeys().privateKey });
    const detail = await expectRefused(
      () => t.fail('RegisterCustomer', register, { metadata: forged }),
      grpc.status.UNAUTHENTICATED,
      'UNAUTHENTICATED',
    );
    expect(detail.message).toBe('The service call token is invalid.');
  });

  it('is refused with an expired token', async () => {
    const anHourAgo = new Date(Date.now() - 3_600_000);
    const expired = await t.metadata({}, { now: () => anHourAgo });
    const detail = await expectRefused(
      () => t.fail('RegisterCustomer', register, { metadata: expired }),
      grpc.status.UNAUTHENTICATED,
      'UNAUTHENTICATED',
    );
    expect(detail.message).toBe('The service call token has expired.');
  });

  it('is refused with a token for another service (wrong audience)', async () => {
    const forSales = await t.metadata({}, { audience: 'crm.sales' });
    const detail = await expectRefused(
      () => t.fail('RegisterCustomer', register, { metadata: forSales }),
      grpc.status.UNAUTHENTICATED,
      'UNAUTHENTICATED',
    );
    expect(detail.message).toBe('The service call token is for another service.');
  });

  it('is refused when the token is not sent as a bearer token', async () => {
    const metadata = new grpc.Metadata();
    metadata.set('authorization', await t.mint());
    await expectRefused(
      () => t.fail('RegisterCustomer', register, { metadata }),
      grpc.status.UNAUTHENTICATED,
      'UNAUTHENTICATED',
    );
  });

  it('cannot stream an import without a token', async () => {
    const before = await storedEventCount();
    const error = await new Promise<grpc.ServiceError>((resolve, reject) => {
      const call = t.client['StreamImport'](new grpc.Metadata(), (e: grpc.ServiceError | null) =>
        e ? resolve(e) : reject(new Error('StreamImport succeeded without a token')),
      );
      call.write({
        start: {
          ctx: ctx(),
          importId: 'no-token-import',
          fileName: 'x.csv',
          csv: Buffer.from('First,Last\nAda,Lovelace\n'),
          mapping: [
            { column: 'First', target: 'firstName' },
            { column: 'Last', target: 'lastName' },
          ],
        },
      });
      call.end();
    });
    expect(grpc.status[error.code]).toBe('UNAUTHENTICATED');
    expect(await storedEventCount()).toBe(before);
  });
});

describe('a verified caller', () => {
  it('is the only source of tenant and actor: the request context cannot override them', async () => {
    const response = await t.call(
      'RegisterCustomer',
      {
        ctx: ctx({ tenantId: 'tenant-evil', actorUserId: 'mallory', actorRoles: ['admin'] }),
        person: { firstName: 'Context', lastName: 'Ignored' },
        contacts: [],
      },
      { actor: { kind: 'user', userId: 'agent-7' }, roles: [Role.SERVICE_AGENT] },
    );
    const events = await eventsOf(response['result'].aggregateId);
    expect(events[0]).toMatchObject({
      type: 'customers.CustomerRegistered',
      tenant_id: 'tenant-a',
      actor: { kind: 'user', userId: 'agent-7', roles: ['service_agent'] },
    });
  });

  it("cannot reach another tenant's customer: NOT_FOUND, nothing written", async () => {
    const id = await registerOwnedBy('rep-1');
    await expectRefused(
      () => t.fail('UpdateProfile', rename(id), { tenantId: 'tenant-b' }),
      grpc.status.NOT_FOUND,
      'CUSTOMER_NOT_FOUND',
    );
  });

  it("as a sales rep, cannot change another rep's customer: NOT_FOUND, nothing written", async () => {
    const id = await registerOwnedBy('rep-1');
    await expectRefused(
      () => t.fail('UpdateProfile', rename(id), rep('rep-2')),
      grpc.status.NOT_FOUND,
      'CUSTOMER_NOT_FOUND',
    );
    await expectRefused(
      () =>
        t.fail(
          'CheckConsent',
          { ctx: ctx(), customerId: id, channel: 'CONSENT_CHANNEL_EMAIL' },
          rep('rep-2'),
        ),
      grpc.status.NOT_FOUND,
      'CUSTOMER_NOT_FOUND',
    );
    // The owner may.
    const ok = await t.call('UpdateProfile', rename(id), rep('rep-1'));
    expect(ok['eventTypes']).toEqual(['customers.ProfileUpdated']);
  });

  it("as a sales rep, finds no other rep's customer among duplicate candidates, not even by id", async () => {
    const shared = { email: 'dup.scope@example.com' };
    const register = async (ownerUserId: string): ReturnType<CustomersTestService['call']> =>
      t.call(
        'RegisterCustomer',
        {
          ctx: ctx(),
          person: { firstName: 'Dup', lastName: ownerUserId },
          contacts: [shared],
          ownerUserId,
          teamId: 'team-north',
        },
        rep(ownerUserId),
      );
    const ofRep1 = (await register('dup-rep-1'))['result'].aggregateId as string;
    const ofRep2 = (await register('dup-rep-2'))['result'].aggregateId as string;
    const idsOf = (candidates: { customerId: string }[]): string[] =>
      candidates.map((c) => c.customerId).sort();

    // Registering a third as rep 2: rep 1's customer matches, but is not rep 2's to see.
    const third = await register('dup-rep-2');
    expect(idsOf(third['possibleDuplicates'])).toEqual([ofRep2]);
    const thirdId = third['result'].aggregateId as string;
    const probe = { ctx: ctx(), probe: { emails: [shared.email] } };
    expect(
      idsOf((await t.call('FindDuplicateCandidates', probe, rep('dup-rep-2')))['candidates']),
    ).toEqual([ofRep2, thirdId].sort());
    const ofCustomer = { ctx: ctx(), customerId: ofRep2 };
    expect(
      idsOf((await t.call('FindDuplicateCandidates', ofCustomer, rep('dup-rep-2')))['candidates']),
    ).toEqual([thirdId]);
    // The whole tenant's view (the default caller is an admin) has all three.
    expect(idsOf((await t.call('FindDuplicateCandidates', probe))['candidates'])).toEqual(
      [ofRep1, ofRep2, thirdId].sort(),
    );
  });

  it('as a sales manager, changes the customers of their team members and no others', async () => {
    const mine = await registerOwnedBy('rep-3', 'team-south');
    const other = await registerOwnedBy('rep-4', 'team-east');
    const manager = {
      actor: { kind: 'user' as const, userId: 'manager-1' },
      roles: [Role.SALES_MANAGER],
      teamId: 'team-west',
      teamMemberIds: ['manager-1', 'rep-3'],
    };
    const ok = await t.call('UpdateProfile', rename(mine), manager);
    expect(ok['eventTypes']).toEqual(['customers.ProfileUpdated']);
    await expectRefused(
      () => t.fail('UpdateProfile', rename(other), manager),
      grpc.status.NOT_FOUND,
      'CUSTOMER_NOT_FOUND',
    );
  });

  it('is refused operations its roles do not allow: PERMISSION_DENIED, nothing written', async () => {
    const id = await registerOwnedBy('rep-1');
    await expectRefused(
      () => t.fail('ErasePersonalData', { ctx: ctx(), customerId: id }, { roles: [Role.MARKETER] }),
      grpc.status.PERMISSION_DENIED,
      'PERMISSION_DENIED',
    );
    await expectRefused(
      () =>
        t.fail(
          'RegisterCustomer',
          { ctx: ctx(), person: { firstName: 'A', lastName: 'B' }, contacts: [] },
          { roles: [Role.AUDITOR] },
        ),
      grpc.status.PERMISSION_DENIED,
      'PERMISSION_DENIED',
    );
  });

  it('as a sales rep, cannot register a customer for someone else', async () => {
    await expectRefused(
      () =>
        t.fail(
          'RegisterCustomer',
          {
            ctx: ctx(),
            person: { firstName: 'For', lastName: 'Other' },
            contacts: [],
            ownerUserId: 'rep-2',
          },
          rep('rep-1'),
        ),
      grpc.status.PERMISSION_DENIED,
      'PERMISSION_DENIED',
    );
  });

  it('as a named system identity, appears as the system actor of the events it causes', async () => {
    const token = await mintSystemToken(
      new ServiceTokenSigner(parseServiceTokenPrivateKey(t.keys.privateKey)),
      SERVICE_AUDIENCES.customers,
      { name: 'seed-demo', tenantId: 'tenant-a', roles: [Role.ADMIN] },
    );
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    const response = await t.call(
      'RegisterCustomer',
      { ctx: ctx(), person: { firstName: 'Seeded', lastName: 'Person' }, contacts: [] },
      { metadata },
    );
    const events = await eventsOf(response['result'].aggregateId);
    expect(events[0]?.actor).toEqual({ kind: 'system', name: 'seed-demo' });
  });
});
