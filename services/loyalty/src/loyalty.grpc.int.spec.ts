// The Loyalty service over real gRPC on a throwaway PostgreSQL database: a member's ledger through
// every command, bad input refused with typed errors and nothing written, and the refusal matrix of
// the caller identity (no token, forged, expired, wrong audience, role, other tenant).
import { Role, generateServiceTokenKeys } from '@crm/access-policy';
import { status } from '@grpc/grpc-js';
import {
  PROGRAM_REQUEST,
  ctx,
  startLoyaltyTestService,
  type LoyaltyTestService,
} from '../test/loyalty-test-service';

const MEMBER = '0190a000-0000-7000-8000-00000000aaaa';
let t: LoyaltyTestService;

async function eventCount(): Promise<number> {
  const [row] = await t.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events');
  return Number(row?.n);
}

async function verify(): Promise<Record<string, unknown>> {
  return t.call('VerifyMember', { ctx: ctx(), memberId: MEMBER });
}

beforeAll(async () => {
  t = await startLoyaltyTestService();
  await t.call('DefineProgram', { ctx: ctx(), program: PROGRAM_REQUEST });
  await t.call('EnrolMember', { ctx: ctx(), memberId: MEMBER });
  await t.call('RecordPurchase', {
    ctx: ctx(),
    memberId: MEMBER,
    orderId: 'o-1',
    amount: '129.90',
    currency: 'EUR',
    lines: [{ category: 'shoes', quantity: 1, unitPrice: '129.90' }],
    placedAt: '2026-03-01T10:00:00.000Z',
  });
}, 60_000);
// Stopping the service (timers, reactors, pools) can take longer than jest's 5 s hook default under load.
afterAll(() => t?.stop(), 30_000);

describe('loyalty service', () => {
  it('earns, reserves and confirms, with the position of its events and a consistent ledger', async () => {
    const reserved = await t.call('ReservePoints', {
      ctx: ctx('checkout-1'),
      memberId: MEMBER,
      reservationId: 'r-1',
      points: 29,
    });
    expect(reserved).toMatchObject({
      aggregateId: MEMBER,
      eventTypes: ['loyalty.PointsReserved'],
      replayed: false,
    });
    expect(Number(reserved['globalPosition'])).toBeGreaterThan(0);
    // The same idempotency key returns the first result and writes nothing, also a minute later
    // (the instant the service stamps on the command is not part of "the same request").
    const before = await eventCount();
    t.clock.set('2026-03-01T10:01:00.000Z');
    expect(
      await t.call('ReservePoints', {
        ctx: ctx('checkout-1'),
        memberId: MEMBER,
        reservationId: 'r-1',
        points: 29,
      }),
    ).toMatchObject({ replayed: true, globalPosition: reserved['globalPosition'] });
    expect(await eventCount()).toBe(before);
    await t.call('ConfirmReservation', { ctx: ctx(), memberId: MEMBER, reservationId: 'r-1' });
    expect(await verify()).toMatchObject({
      consistent: true,
      violations: [],
      availablePoints: 100,
      reservedPoints: 0,
      debtPoints: 0,
    });
  });

  it.each([
    [
      'redeeming more than the balance',
      'ReservePoints',
      { memberId: MEMBER, reservationId: 'r-big', points: 1_000 },
      status.FAILED_PRECONDITION,
      'INSUFFICIENT_BALANCE',
    ],
    [
      'confirming a released reservation',
      'ConfirmReservation',
      { memberId: MEMBER, reservationId: 'r-released' },
      status.FAILED_PRECONDITION,
      'RESERVATION_NOT_OPEN',
    ],
    [
      'earning twice for one order',
      'RecordPurchase',
      {
        memberId: MEMBER,
        orderId: 'o-1',
        amount: '10.00',
        currency: 'EUR',
        placedAt: '2026-03-01T10:00:00.000Z',
      },
      status.ALREADY_EXISTS,
      'ORDER_ALREADY_EARNED',
    ],
    [
      'zero points',
      'AdjustPoints',
      { memberId: MEMBER, adjustmentId: 'a-0', points: 0, reason: 'x' },
      status.INVALID_ARGUMENT,
      'VALIDATION_FAILED',
    ],
    [
      'a fractional amount',
      'RecordPurchase',
      {
        memberId: MEMBER,
        orderId: 'o-x',
        amount: '1.999',
        currency: 'EUR',
        placedAt: '2026-03-01T10:00:00.000Z',
      },
      status.INVALID_ARGUMENT,
      'VALIDATION_FAILED',
    ],
    [
      'expiring into the past',
      'AdjustPoints',
      {
        memberId: MEMBER,
        adjustmentId: 'a-past',
        points: 5,
        reason: 'x',
        expiresAt: '2026-02-01T00:00:00.000Z',
      },
      status.INVALID_ARGUMENT,
      'EXPIRY_IN_THE_PAST',
    ],
    [
      'a member that is not enrolled',
      'ReservePoints',
      { memberId: 'nobody', reservationId: 'r-n', points: 1 },
      status.NOT_FOUND,
      'MEMBER_NOT_ENROLLED',
    ],
  ])(
    'refuses %s with a typed error and writes nothing',
    async (_what, rpc, request, code, detailCode) => {
      if (rpc === 'ConfirmReservation') {
        await t.call('ReservePoints', {
          ctx: ctx('released-setup'),
          memberId: MEMBER,
          reservationId: 'r-released',
          points: 1,
        });
        await t.call('ReleaseReservation', {
          ctx: ctx('released-setup'),
          memberId: MEMBER,
          reservationId: 'r-released',
        });
      }
      const before = await eventCount();
      const failure = await t.fail(rpc, { ctx: ctx(), ...request });
      expect([failure.code, failure.detail.code]).toEqual([code, detailCode]);
      expect(await eventCount()).toBe(before);
    },
  );

  it('holds an adjustment above the threshold until another user approves it', async () => {
    const requested = await t.call('AdjustPoints', {
      ctx: ctx(),
      memberId: MEMBER,
      adjustmentId: 'a-big',
      points: 5_000,
      reason: 'Lost parcel',
      expiresAt: '2026-12-31T23:00:00.000Z',
    });
    expect(requested['eventTypes']).toEqual(['loyalty.PointsAdjustmentRequested']);
    const self = await t.fail('ApproveAdjustment', {
      ctx: ctx(),
      memberId: MEMBER,
      adjustmentId: 'a-big',
    });
    expect([self.code, self.detail.code]).toEqual([
      status.PERMISSION_DENIED,
      'ADJUSTMENT_NEEDS_APPROVER',
    ]);
    const approved = await t.call(
      'ApproveAdjustment',
      { ctx: ctx(), memberId: MEMBER, adjustmentId: 'a-big' },
      { actor: { kind: 'user', userId: 'manager-2' }, roles: [Role.SALES_MANAGER] },
    );
    expect(approved['eventTypes']).toEqual(['loyalty.PointsAdjusted']);
    expect(await verify()).toMatchObject({ consistent: true, availablePoints: 5_100 });
  });

  it('names every bad field of a program definition', async () => {
    const failure = await t.fail('DefineProgram', {
      ctx: ctx(),
      program: {
        ...PROGRAM_REQUEST,
        currency: 'euro',
        earnRules: [{ ruleId: '', kind: 'EARN_RULE_KIND_AMOUNT', points: 1, perAmount: 'x' }],
      },
    });
    expect(failure.code).toBe(status.INVALID_ARGUMENT);
    expect(failure.detail.violations.map((v) => v.field).sort()).toEqual([
      'program.currency',
      'program.earnRules[0].perAmount',
      'program.earnRules[0].ruleId',
    ]);
  });
});

describe('loyalty caller identity', () => {
  const reserve = { ctx: ctx(), memberId: MEMBER, reservationId: 'r-refused', points: 1 };

  it.each([
    [
      'no token',
      async () => ({ metadata: new (await import('@grpc/grpc-js')).Metadata() }),
      status.UNAUTHENTICATED,
    ],
    [
      'a forged token',
      async () => ({
        metadata: await t.metadata({}, { privateKey: generateServiceTokenKeys().privateKey }),
      }),
      status.UNAUTHENTICATED,
    ],
    [
      'an expired token',
      async () => ({
        metadata: await t.metadata(
          {},
          { now: () => new Date(t.clock.now().getTime() - 3_600_000) },
        ),
      }),
      status.UNAUTHENTICATED,
    ],
    [
      "another service's token",
      async () => ({ metadata: await t.metadata({}, { audience: 'crm.customers' }) }),
      status.UNAUTHENTICATED,
    ],
    [
      'a role that may not redeem',
      async () => ({ roles: [Role.MARKETER] }),
      status.PERMISSION_DENIED,
    ],
    ['an auditor', async () => ({ roles: [Role.AUDITOR] }), status.PERMISSION_DENIED],
    ["another tenant's caller", async () => ({ tenantId: 'tenant-b' }), status.NOT_FOUND],
  ])('refuses %s and writes nothing', async (_who, as, code) => {
    const before = await eventCount();
    const failure = await t.fail('ReservePoints', reserve, await as());
    expect(failure.code).toBe(code);
    expect(await eventCount()).toBe(before);
  });
});
