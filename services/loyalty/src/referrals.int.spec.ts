// Referrals on the real service, PostgreSQL and the points reactor (Sales stands in as a producer
// appending its public sales.OrderPlaced): a member's code, a new member referred with it, both
// sides rewarded once when the referee's first order is placed (not on the second order, not again
// on a replay), and the fraud guards and bad input refused with typed errors, nothing written.
import { PostgresEventStore } from '@crm/event-sourcing';
import { eventually } from '@crm/testing';
import { status } from '@grpc/grpc-js';
import {
  PROGRAM_REQUEST,
  ctx,
  startLoyaltyTestService,
  type LoyaltyTestService,
} from '../test/loyalty-test-service';
import {
  SETTLE,
  memberEventTypes,
  orderPlaced,
  reactorsCaughtUp,
} from '../test/loyalty-spec-helpers';

jest.setTimeout(300_000);
const TENANT = 'tenant-a';
const REFERRER = '0190a000-0000-7000-8000-00000000cc01';
const REFEREE = '0190a000-0000-7000-8000-00000000cc02';
const LATE = '0190a000-0000-7000-8000-00000000cc03';
/** A second account of the referrer's owner: same e-mail, found by the gateway. */
const TWIN = '0190a000-0000-7000-8000-00000000cc04';
let t: LoyaltyTestService;
let producer: PostgresEventStore;

const typesOf = (memberId: string) => memberEventTypes(t, memberId);
const verify = (memberId: string) => t.call('VerifyMember', { ctx: ctx(), memberId });

async function placed(customerId: string, amount: string): Promise<void> {
  const event = orderPlaced(t, TENANT, customerId, amount);
  await producer.append(`sales.Order-${(event.data as { orderId: string }).orderId}`, [event]);
}

beforeAll(async () => {
  t = await startLoyaltyTestService({ env: { CRM_LOYALTY_TIMERS: 'off' } });
  await t.call('DefineProgram', {
    ctx: ctx(),
    program: { ...PROGRAM_REQUEST, referralReward: { refereePoints: 100, referrerPoints: 200 } },
  });
  for (const memberId of [REFERRER, REFEREE, LATE, TWIN])
    await t.call('EnrolMember', { ctx: ctx(), memberId });
  producer = await PostgresEventStore.create({
    connectionString: t.database.url,
    eventTypes: [{ type: 'sales.OrderPlaced', schemaVersion: 1 }],
    poolConfig: { max: 2 },
  });
}, 60_000);
afterAll(async () => {
  await producer?.close();
  await t?.stop();
});

describe('loyalty referrals', () => {
  let code = '';

  it('issues one code per member', async () => {
    const issued = await t.call('IssueReferralCode', { ctx: ctx(), memberId: REFERRER });
    code = issued['code'] as string;
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    expect(issued['result']).toMatchObject({ eventTypes: ['loyalty.ReferralCodeIssued'] });
    const again = await t.call('IssueReferralCode', { ctx: ctx(), memberId: REFERRER });
    expect(again).toMatchObject({ code, result: { eventTypes: [] } });
  });

  it('rewards both sides once when the referee places a first order', async () => {
    const recorded = await t.call('RecordReferral', {
      ctx: ctx(),
      memberId: REFEREE,
      referralCode: ` ${code.toLowerCase()} `,
    });
    expect(recorded['eventTypes']).toEqual(['loyalty.ReferralRecorded']);

    await placed(REFEREE, '50.00');
    await eventually(async () => (await verify(REFERRER))['availablePoints'] === 200, SETTLE);
    expect(await verify(REFEREE)).toMatchObject({ consistent: true, availablePoints: 50 + 100 });

    // A second order of the referee rewards nobody again.
    await placed(REFEREE, '10.00');
    await eventually(async () => (await verify(REFEREE))['availablePoints'] === 160, SETTLE);
    await reactorsCaughtUp(t);
    expect(await verify(REFERRER)).toMatchObject({ consistent: true, availablePoints: 200 });
    expect(
      (await typesOf(REFEREE)).filter((type) => type === 'loyalty.ReferralRewardCredited'),
    ).toHaveLength(1);
  });

  it('flags a referral sharing contact details with the referrer and withholds both rewards', async () => {
    // Only e-mail and phone are compared: another kind is refused, nothing written.
    expect(
      await t.fail('RecordReferral', {
        ctx: ctx(),
        memberId: TWIN,
        referralCode: code,
        sharedContacts: ['fax'],
        contactsCheckedAgainst: REFERRER,
      }),
    ).toMatchObject({
      code: status.INVALID_ARGUMENT,
      detail: { violations: [{ field: 'sharedContacts[0]', code: 'UNKNOWN_VALUE' }] },
    });
    const recorded = await t.call('RecordReferral', {
      ctx: ctx(),
      memberId: TWIN,
      referralCode: code,
      sharedContacts: ['email'],
      contactsCheckedAgainst: REFERRER,
    });
    expect(recorded['eventTypes']).toEqual(['loyalty.ReferralRecorded', 'loyalty.ReferralFlagged']);

    await placed(TWIN, '30.00');
    await eventually(
      async () => (await typesOf(TWIN)).includes('loyalty.ReferralRewardWithheld'),
      SETTLE,
    );
    await reactorsCaughtUp(t);
    expect(await verify(TWIN)).toMatchObject({ consistent: true, availablePoints: 30 });
    expect(await verify(REFERRER)).toMatchObject({ availablePoints: 200 });
    expect(
      (await typesOf(REFERRER)).filter((type) => type === 'loyalty.ReferralRewardCredited'),
    ).toHaveLength(1);
  });

  it('refuses self-referral, a second referral, a referee who already ordered and unknown codes, writing nothing', async () => {
    const before = await Promise.all([REFERRER, REFEREE, LATE].map(typesOf));
    const refuse = (memberId: string, referralCode: string) =>
      t.fail('RecordReferral', { ctx: ctx(), memberId, referralCode });
    expect(await refuse(REFERRER, code)).toMatchObject({
      code: status.FAILED_PRECONDITION,
      detail: { code: 'SELF_REFERRAL' },
    });
    expect(await refuse(REFEREE, code)).toMatchObject({
      code: status.ALREADY_EXISTS,
      detail: { code: 'ALREADY_REFERRED' },
    });
    await placed(LATE, '20.00');
    await eventually(async () => (await verify(LATE))['availablePoints'] === 20, SETTLE);
    const lateBefore = await typesOf(LATE);
    expect(await refuse(LATE, code)).toMatchObject({ detail: { code: 'REFEREE_NOT_NEW' } });
    expect(await refuse(LATE, 'ZZZZZZZZ')).toMatchObject({
      code: status.NOT_FOUND,
      detail: { code: 'REFERRAL_CODE_NOT_FOUND' },
    });
    expect(await refuse(LATE, 'no')).toMatchObject({
      code: status.INVALID_ARGUMENT,
      detail: { violations: [{ field: 'referralCode', code: 'INVALID_FORMAT' }] },
    });
    // Another tenant cannot use this tenant's code.
    expect(
      await t.fail(
        'RecordReferral',
        { ctx: ctx(), memberId: LATE, referralCode: code },
        { tenantId: 'tenant-b' },
      ),
    ).toMatchObject({ code: status.NOT_FOUND });
    expect(await typesOf(LATE)).toEqual(lateBefore);
    expect(await typesOf(REFERRER)).toEqual(before[0]);
    expect(await typesOf(REFEREE)).toEqual(before[1]);
  });
});
