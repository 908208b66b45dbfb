// Tiers over a rolling window and time travel on the real service, PostgreSQL and durable timers:
// an order upgrades at once; the tier review timer fires at the review date as the injected clock
// moves, grants the grace period, then downgrades; GetMemberAsOf replays the member's events to any
// past instant (tier history included); bad input and the wrong role are refused, nothing written.
import { Role } from '@crm/access-policy';
import { status } from '@grpc/grpc-js';
import {
  PROGRAM_REQUEST,
  ctx,
  startLoyaltyTestService,
  type LoyaltyTestService,
} from '../test/loyalty-test-service';
import { fireTimersAt as fireTimers, memberEventTypes } from '../test/loyalty-spec-helpers';

jest.setTimeout(300_000);
const MEMBER = '0190a000-0000-7000-8000-00000000bbbb';
const MARCH = '2026-03-01T10:00:00.000Z';
/** One 12-month window after MARCH, at local midnight (Berlin). */
const REVIEW = '2027-03-01T23:00:00.000Z';
/** 30 local days later: 1 April 2027 00:00 Berlin (CEST). */
const GRACE_END = '2027-03-31T22:00:00.000Z';
let t: LoyaltyTestService;

const typesOf = (memberId: string) => memberEventTypes(t, memberId);
const fireTimersAt = (at: string) => fireTimers(t, at);

const asOf = (at: string, memberId = MEMBER) =>
  t.call('GetMemberAsOf', { ctx: ctx(), memberId, asOf: at });

beforeAll(async () => {
  // Timers are fired by the test (drain) after it moves the clock, not by the running worker.
  t = await startLoyaltyTestService({ env: { CRM_LOYALTY_TIMERS: 'off' }, start: MARCH });
  await t.call('DefineProgram', {
    ctx: ctx(),
    program: { ...PROGRAM_REQUEST, tierReview: { windowMonths: 12, graceDays: 30 } },
  });
  await t.call('EnrolMember', { ctx: ctx(), memberId: MEMBER });
}, 60_000);
// Stopping the service (timers, reactors, pools) can take longer than jest's 5 s hook default under load.
afterAll(() => t?.stop(), 30_000);

describe('loyalty tiers and time travel', () => {
  it('upgrades at once, then reviews at the review date: grace first, downgrade after it', async () => {
    const earned = await t.call('RecordPurchase', {
      ctx: ctx(),
      memberId: MEMBER,
      orderId: 'o-1',
      amount: '600.00',
      currency: 'EUR',
      lines: [],
      placedAt: MARCH,
    });
    expect(earned['eventTypes']).toEqual(['loyalty.PointsEarned', 'loyalty.TierUpgraded']);

    await fireTimersAt('2027-03-01T22:59:59.000Z');
    expect(await typesOf(MEMBER)).not.toContain('loyalty.TierReviewed');
    await fireTimersAt(REVIEW);
    expect(await typesOf(MEMBER)).toContain('loyalty.TierReviewed');
    expect(await typesOf(MEMBER)).not.toContain('loyalty.TierDowngraded');

    await fireTimersAt('2027-03-31T21:59:59.000Z');
    expect(await typesOf(MEMBER)).not.toContain('loyalty.TierDowngraded');
    await fireTimersAt(GRACE_END);
    expect((await typesOf(MEMBER)).filter((type) => type.startsWith('loyalty.Tier'))).toEqual([
      'loyalty.TierUpgraded',
      'loyalty.TierReviewed',
      'loyalty.TierDowngraded',
    ]);
    // Down to the base tier: no review is left, a later drain adds no tier event.
    const tierEvents = async () =>
      (await typesOf(MEMBER)).filter((type) => type.startsWith('loyalty.Tier'));
    const count = (await tierEvents()).length;
    await fireTimersAt('2028-06-01T00:00:00.000Z');
    expect(await tierEvents()).toHaveLength(count);
  });

  it('answers balance, lots and tier as of past instants, from the stream', async () => {
    expect(await asOf('2026-06-01T00:00:00.000Z')).toMatchObject({
      enrolled: true,
      tier: 'Silver',
      availablePoints: 600,
      lots: [{ lotId: 'order:o-1', points: 600, expiresAt: REVIEW }],
      tierReviewAt: REVIEW,
      tierInGrace: false,
      tierHistory: [{ change: 'upgrade', fromTier: 'Bronze', toTier: 'Silver', at: MARCH }],
    });
    expect(await asOf('2027-03-15T00:00:00.000Z')).toMatchObject({
      tier: 'Silver',
      tierInGrace: true,
      tierReviewAt: GRACE_END,
      availablePoints: 0,
      lots: [],
    });
    const now = await asOf('2028-06-01T00:00:00.000Z');
    expect(now).toMatchObject({ tier: 'Bronze', tierReviewAt: '' });
    const history = now['tierHistory'] as { change: string }[];
    expect(history.map((c) => c.change)).toEqual(['upgrade', 'downgrade']);
    expect(await asOf('2026-03-01T09:59:59.000Z')).toMatchObject({ enrolled: false, events: 0 });
  });

  it('refuses bad input, the wrong role and another tenant with typed errors, writing nothing', async () => {
    const before = await typesOf(MEMBER);
    expect(
      await t.fail('GetMemberAsOf', {
        ctx: ctx(),
        memberId: MEMBER,
        asOf: '2099-01-01T00:00:00.000Z',
      }),
    ).toMatchObject({
      code: status.INVALID_ARGUMENT,
      detail: { code: 'VALIDATION_FAILED', violations: [{ field: 'asOf', code: 'OUT_OF_RANGE' }] },
    });
    expect(
      await t.fail('GetMemberAsOf', { ctx: ctx(), memberId: MEMBER, asOf: 'yesterday' }),
    ).toMatchObject({ detail: { violations: [{ field: 'asOf', code: 'INVALID_FORMAT' }] } });
    expect(
      await t.fail(
        'GetMemberAsOf',
        { ctx: ctx(), memberId: MEMBER, asOf: MARCH },
        { roles: [Role.SALES_REP] },
      ),
    ).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(
      await t.fail(
        'GetMemberAsOf',
        { ctx: ctx(), memberId: MEMBER, asOf: MARCH },
        { tenantId: 'tenant-b' },
      ),
    ).toMatchObject({ detail: { code: 'MEMBER_NOT_ENROLLED' } });
    expect(
      await t.fail('DefineProgram', {
        ctx: ctx(),
        program: { ...PROGRAM_REQUEST, tierReview: { windowMonths: 0, graceDays: 30 } },
      }),
    ).toMatchObject({ detail: { code: 'INVALID_PROGRAM' } });
    expect(await typesOf(MEMBER)).toEqual(before);
  });
});
