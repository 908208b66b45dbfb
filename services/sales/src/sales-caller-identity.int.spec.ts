// The service verifies its caller itself (docs/security.md "Trust boundary"): called directly over
// gRPC, without the gateway, every request without a valid service call token (audience crm.sales),
// or outside the caller's roles, tenant or record scope, is refused with a clear status and writes
// nothing. Reps act on their own records, managers on their team's.
import * as grpc from '@grpc/grpc-js';
import { Role } from '@crm/access-policy';
import { refusalCheck, untrustedCallers } from '@crm/grpc-service/testing';
import {
  ctx,
  manager,
  rep,
  startSalesTestService,
  type CallAs,
  type SalesTestService,
} from '../test/sales-test-service';

jest.setTimeout(60_000);

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-caller');
});
afterAll(async () => {
  await t?.stop();
});

const expectRefused = refusalCheck(
  () => t,
  async () => (await t.events()).length,
);

async function leadOf(as: CallAs): Promise<string> {
  const captured = await t.call(
    'CaptureLead',
    { ctx: ctx(), source: 'LEAD_SOURCE_API', contact: { name: 'Grace Hopper' } },
    as,
  );
  return captured.createdId as string;
}

const qualify = (leadId: string) => ({ ctx: ctx(), leadId });

describe('the sales service’s caller', () => {
  let leadId: string;
  beforeAll(async () => {
    leadId = await leadOf(rep('rep-1'));
  });

  it('is refused without a valid service call token', async () => {
    for (const metadata of untrustedCallers(t, 'crm.customers')) {
      await expectRefused(
        'QualifyLead',
        qualify(leadId),
        { metadata: await metadata() },
        grpc.status.UNAUTHENTICATED,
        'UNAUTHENTICATED',
      );
    }
  });

  it('acts in its own tenant only: another tenant’s lead does not exist', async () => {
    await expectRefused(
      'QualifyLead',
      qualify(leadId),
      { tenantId: 'tenant-b' },
      grpc.status.NOT_FOUND,
      'NOT_FOUND',
    );
  });

  it('may call only the RPCs of its roles', async () => {
    await expectRefused(
      'AssignLead',
      { ctx: ctx(), leadId, ownerId: 'rep-1' },
      rep('rep-1'),
      grpc.status.PERMISSION_DENIED,
      'PERMISSION_DENIED',
    );
    await expectRefused(
      'CaptureLead',
      { ctx: ctx(), source: 'LEAD_SOURCE_API', contact: { name: 'X' } },
      { roles: [Role.AUDITOR] },
      grpc.status.PERMISSION_DENIED,
      'PERMISSION_DENIED',
    );
  });

  it('sees a rep’s own records, a manager their team’s, and nobody else’s', async () => {
    // Another rep of the same team: out of scope, reads as not found.
    await expectRefused(
      'QualifyLead',
      qualify(leadId),
      rep('rep-2'),
      grpc.status.NOT_FOUND,
      'NOT_FOUND',
    );
    // A manager of another team neither.
    await expectRefused(
      'QualifyLead',
      qualify(leadId),
      manager('boss-b', 'team-b', ['rep-9']),
      grpc.status.NOT_FOUND,
      'NOT_FOUND',
    );
    // The owner and the team's manager may.
    await t.call('QualifyLead', qualify(leadId), rep('rep-1'));
    await t.call(
      'AssignLead',
      { ctx: ctx(), leadId, ownerId: 'rep-2' },
      manager('boss-a', 'team-a', ['rep-1', 'rep-2']),
    );
    const events = await t.events();
    expect(events.filter((e) => e.stream_id === `sales.Lead-${leadId}`).map((e) => e.type)).toEqual(
      ['sales.LeadCaptured', 'sales.LeadQualified', 'sales.LeadAssigned'],
    );
    // The events name who caused them, from the token.
    expect(events.at(-1)!.actor).toMatchObject({ kind: 'user', userId: 'boss-a' });
    expect(events[0]!.data).toMatchObject({ ownerId: 'rep-1', teamId: 'team-a' });
  });

  it('may give records only to owners it may choose', async () => {
    await expectRefused(
      'CaptureLead',
      {
        ctx: ctx(),
        source: 'LEAD_SOURCE_API',
        contact: { name: 'X' },
        ownerId: 'rep-2',
      },
      rep('rep-1'),
      grpc.status.PERMISSION_DENIED,
      'PERMISSION_DENIED',
    );
    await expectRefused(
      'AssignLead',
      { ctx: ctx(), leadId, ownerId: 'rep-9', teamId: 'team-b' },
      manager('boss-a', 'team-a', ['rep-1', 'rep-2']),
      grpc.status.PERMISSION_DENIED,
      'PERMISSION_DENIED',
    );
  });

  it('cannot place an order from a deal it cannot see', async () => {
    const opened = await t.call(
      'OpenOpportunity',
      {
        ctx: ctx(),
        name: 'Deal',
        customerId: 'cust-1',
        amount: '100.00',
        currency: 'EUR',
        expectedCloseOn: '2026-12-31',
      },
      rep('rep-1'),
    );
    await t.call('WinOpportunity', { ctx: ctx(), opportunityId: opened.createdId }, rep('rep-1'));
    await expectRefused(
      'PlaceOrder',
      {
        ctx: ctx(),
        customerId: 'cust-1',
        opportunityId: opened.createdId,
        lines: [{ category: 'c', quantity: 1, unitPrice: '100.00' }],
        currency: 'EUR',
        channel: 'ORDER_CHANNEL_IMPORT',
      },
      rep('rep-2'),
      grpc.status.NOT_FOUND,
      'NOT_FOUND',
    );
  });
});
