/* eslint-disable @typescript-eslint/no-unsafe-return --
   proto-loader responses and stored events are untyped at runtime; the specs assert their shape. */
// A tenant's own quote approval policy over real gRPC and PostgreSQL (ADR 0382): an admin declares
// levels in approval order; quotes created or revised afterwards are routed through the levels
// they exceed, each approved in order by its role (a manager cannot give the admin's approval, nor
// one person two); a quote is sent only once every step is approved. Only admins define a policy,
// and a bad policy is a field violation that writes nothing.
import { Role } from '@crm/access-policy';
import { status } from '@grpc/grpc-js';
import { v7 as uuidv7 } from 'uuid';
import {
  ADMIN,
  ctx,
  manager,
  openEnginesDeal,
  rep,
  startSalesTestService,
  type SalesTestService,
} from '../test/sales-test-service';

jest.setTimeout(90_000);

const REP = rep('rep-1', 'team-a');
const MANAGER = manager('mgr-1', 'team-a', ['rep-1']);

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-quote-policy', {
    now: () => new Date('2026-03-02T09:00:00.000Z'),
    newId: () => uuidv7(),
  });
});
afterAll(async () => {
  await t?.stop();
});

const count = async () => (await t.events()).length;
const line = (discountPercent: number) => ({
  sku: 'ENG-1',
  name: 'Engine',
  category: 'engines',
  quantity: 3,
  unitPrice: '100.00',
  discountPercent,
});

async function quoteWith(discountPercent: number): Promise<string> {
  const opportunityId = await openEnginesDeal(t, REP);
  const created = await t.call(
    'CreateQuote',
    {
      ctx: ctx(),
      opportunityId,
      lines: [line(discountPercent)],
      validUntil: '2026-03-20T00:00:00.000Z',
    },
    REP,
  );
  return created.createdId as string;
}

const level = (role: string, maxDiscountPercent: number, maxAmount: string) => ({
  approverRole: `QUOTE_APPROVER_ROLE_${role}`,
  maxDiscountPercent,
  maxAmount,
});

describe('quote approval policy per tenant', () => {
  it('refuses a bad policy and non-admins, writing nothing', async () => {
    const before = await count();
    const bad = await t.fail(
      'DefineQuoteApprovalPolicy',
      {
        ctx: ctx(),
        levels: [level('SALES_MANAGER', 101, '-1'), level('SALES_MANAGER', 10, '10.00')],
      },
      ADMIN,
    );
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    expect(bad.detail.violations.map((v) => v.field).sort()).toEqual([
      'levels[0].maxAmount',
      'levels[0].maxDiscountPercent',
      'levels[1].approverRole',
    ]);
    expect(
      await t.fail('DefineQuoteApprovalPolicy', { ctx: ctx(), levels: [] }, ADMIN),
    ).toMatchObject({ code: status.INVALID_ARGUMENT });
    expect(
      await t.fail(
        'DefineQuoteApprovalPolicy',
        { ctx: ctx(), levels: [level('SALES_MANAGER', 10, '10.00')] },
        MANAGER,
      ),
    ).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(await count()).toBe(before);
  });

  it('routes quotes through the tenant’s levels in order, each approved by its role', async () => {
    // Before any policy: the default (a manager above 20 %).
    const before = await quoteWith(18);
    const [defaultRoute] = (await t.events()).filter(
      (e) => e.stream_id === `sales.Quote-${before}`,
    );
    expect(defaultRoute?.data).toMatchObject({ approvalSteps: [], approvalPolicyVersion: 0 });

    await t.call(
      'DefineQuoteApprovalPolicy',
      { ctx: ctx(), levels: [level('SALES_MANAGER', 15, '500.00'), level('ADMIN', 30, '2000.00')] },
      ADMIN,
    );
    const quoteId = await quoteWith(35);
    const created = (await t.events()).find((e) => e.stream_id === `sales.Quote-${quoteId}`);
    expect(created?.data).toMatchObject({
      approvalReasons: ['discount'],
      approvalSteps: [
        { approverRole: 'sales_manager', reasons: ['discount'] },
        { approverRole: 'admin', reasons: ['discount'] },
      ],
      approvalPolicyVersion: 1,
    });
    // The manager's step comes first: the admin's cannot be given by the manager.
    await t.call('ApproveQuote', { ctx: ctx(), quoteId, version: 1 }, MANAGER);
    expect(await t.fail('SendQuote', { ctx: ctx(), quoteId }, REP)).toMatchObject({
      detail: { code: 'QUOTE_NEEDS_APPROVAL' },
    });
    const written = await count();
    expect(
      await t.fail(
        'ApproveQuote',
        { ctx: ctx(), quoteId, version: 1 },
        manager('mgr-2', 'team-a', ['rep-1']),
      ),
    ).toMatchObject({ code: status.PERMISSION_DENIED, detail: { code: 'NOT_THE_APPROVER' } });
    expect(await count()).toBe(written);
    await t.call('ApproveQuote', { ctx: ctx(), quoteId, version: 1 }, ADMIN);
    await t.call('SendQuote', { ctx: ctx(), quoteId }, REP);
    const approvals = (await t.events()).filter(
      (e) => e.stream_id === `sales.Quote-${quoteId}` && e.type === 'sales.QuoteApproved',
    );
    expect(
      approvals.map((e) => [e.data.step, e.data.approverRole, e.data.nextApproverRole]),
    ).toEqual([
      [1, 'sales_manager', 'admin'],
      [2, 'admin', null],
    ]);

    // 18 % is within the default policy but above this tenant's manager level.
    const managerOnly = await quoteWith(18);
    const route = (await t.events()).find((e) => e.stream_id === `sales.Quote-${managerOnly}`);
    expect(route?.data.approvalSteps).toEqual([
      { approverRole: 'sales_manager', reasons: ['discount'] },
    ]);
  });

  it('answers the policy in force to admins and auditors of the tenant (ADR 0441)', async () => {
    const AUDITOR = { actor: { kind: 'user', userId: 'aud-1' }, roles: [Role.AUDITOR] } as const;
    expect(await t.call('QuoteApprovalPolicy', { ctx: ctx() }, AUDITOR)).toEqual({
      version: 1,
      definedAt: '2026-03-02T09:00:00.000Z',
      levels: [
        {
          approverRole: 'QUOTE_APPROVER_ROLE_SALES_MANAGER',
          maxDiscountPercent: 15,
          maxAmount: '500.00',
        },
        { approverRole: 'QUOTE_APPROVER_ROLE_ADMIN', maxDiscountPercent: 30, maxAmount: '2000.00' },
      ],
    });
    // Another tenant has defined none: the default, from the caller's token, not the request.
    expect(await t.call('QuoteApprovalPolicy', { ctx: ctx() }, { tenantId: 'tenant-b' })).toEqual({
      version: 0,
      definedAt: '',
      levels: [
        {
          approverRole: 'QUOTE_APPROVER_ROLE_SALES_MANAGER',
          maxDiscountPercent: 20,
          maxAmount: '100000.00',
        },
      ],
    });
    for (const caller of [MANAGER, REP])
      expect(await t.fail('QuoteApprovalPolicy', { ctx: ctx() }, caller)).toMatchObject({
        code: status.PERMISSION_DENIED,
      });
  });
});
