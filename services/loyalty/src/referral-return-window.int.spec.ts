// Referral rewards after the first order's return window, on the real service, PostgreSQL, the
// points reactor and the timer worker (Sales stands in as a producer appending its public events):
// nothing is credited when the first order is placed; when the window has passed, a kept order
// rewards both sides and an order cancelled within the window rewards nobody (withheld, once).
import { PostgresEventStore, type NewEvent } from '@crm/event-sourcing';
import { v7 as uuidv7 } from 'uuid';
import { LoyaltyWorkers } from './loyalty-workers';
import {
  PROGRAM_REQUEST,
  ctx,
  startLoyaltyTestService,
  type LoyaltyTestService,
} from '../test/loyalty-test-service';
import {
  fireTimersAt,
  memberEventTypes,
  orderPlaced,
  reactorsCaughtUp,
} from '../test/loyalty-spec-helpers';

jest.setTimeout(300_000);
const TENANT = 'tenant-a';
const REFERRER = '0190a000-0000-7000-8000-00000000dd01';
const KEEPS = '0190a000-0000-7000-8000-00000000dd02';
const RETURNS = '0190a000-0000-7000-8000-00000000dd03';
/** Orders on 1 March 2026 (the test clock's start); 14 days end at 16 March 00:00 Berlin (CET). */
const DUE = '2026-03-15T23:00:00.000Z';
let t: LoyaltyTestService;
let producer: PostgresEventStore;

const rewards = async (memberId: string) =>
  (await memberEventTypes(t, memberId)).filter((type) => type.startsWith('loyalty.ReferralReward'));
const verify = (memberId: string) => t.call('VerifyMember', { ctx: ctx(), memberId });

async function publish(event: NewEvent): Promise<string> {
  const { orderId } = event.data as { orderId: string };
  await producer.append(`sales.Order-${orderId}`, [event]);
  return orderId;
}

function cancelled(customerId: string, orderId: string): NewEvent {
  const now = t.clock.now().toISOString();
  return {
    eventId: uuidv7(),
    type: 'sales.OrderCancelled',
    tenantId: TENANT,
    occurredAt: now,
    actor: { kind: 'user', userId: 'seller-1', roles: ['sales_rep'] },
    correlationId: `corr-${orderId}`,
    causationId: `cancel-${orderId}`,
    data: { orderId, customerId, cancelledAt: now },
  };
}

beforeAll(async () => {
  t = await startLoyaltyTestService({ env: { CRM_LOYALTY_TIMERS: 'off' } });
  await t.call('DefineProgram', {
    ctx: ctx(),
    program: {
      ...PROGRAM_REQUEST,
      referralReward: { refereePoints: 100, referrerPoints: 200, returnWindowDays: 14 },
    },
  });
  for (const memberId of [REFERRER, KEEPS, RETURNS])
    await t.call('EnrolMember', { ctx: ctx(), memberId });
  producer = await PostgresEventStore.create({
    connectionString: t.database.url,
    eventTypes: ['sales.OrderPlaced', 'sales.OrderCancelled'].map((type) => ({
      type,
      schemaVersion: 1,
    })),
    poolConfig: { max: 2 },
  });
}, 60_000);
afterAll(async () => {
  await producer?.close();
  await t?.stop();
});

describe('loyalty referral rewards after the return window', () => {
  it('credits nobody at the first order, then both sides of a kept order once the window has passed', async () => {
    const { code } = (await t.call('IssueReferralCode', { ctx: ctx(), memberId: REFERRER })) as {
      code: string;
    };
    for (const memberId of [KEEPS, RETURNS])
      await t.call('RecordReferral', { ctx: ctx(), memberId, referralCode: code });

    await publish(orderPlaced(t, TENANT, KEEPS, '50.00'));
    const returned = await publish(orderPlaced(t, TENANT, RETURNS, '40.00'));
    await reactorsCaughtUp(t);
    t.clock.set('2026-03-05T10:00:00.000Z');
    await publish(cancelled(RETURNS, returned));
    await reactorsCaughtUp(t);
    expect(await rewards(KEEPS)).toEqual([]);
    expect(await rewards(REFERRER)).toEqual([]);
    expect(await verify(KEEPS)).toMatchObject({ availablePoints: 50 });

    // The last day of the window: still nothing.
    await fireTimersAt(t, '2026-03-15T12:00:00.000Z');
    expect(await rewards(KEEPS)).toEqual([]);

    await fireTimersAt(t, DUE);
    expect(await rewards(KEEPS)).toEqual(['loyalty.ReferralRewardCredited']);
    expect(await rewards(RETURNS)).toEqual(['loyalty.ReferralRewardWithheld']);
    // The referrer is rewarded for the kept order only.
    expect(await rewards(REFERRER)).toEqual(['loyalty.ReferralRewardCredited']);
    expect(await verify(KEEPS)).toMatchObject({ consistent: true, availablePoints: 150 });
    expect(await verify(RETURNS)).toMatchObject({ consistent: true, availablePoints: 0 });
    expect(await verify(REFERRER)).toMatchObject({ consistent: true, availablePoints: 200 });
    const [withheld] = await t.query<{ data: { reasons: string[] } }>(
      "SELECT data FROM event_store.events WHERE stream_id = $1 AND type = 'loyalty.ReferralRewardWithheld'",
      [`loyalty.Member-${RETURNS}`],
    );
    expect(withheld?.data.reasons).toEqual(['order_returned']);

    // The points reactor replaying the orders after the window (a redelivery) pays nobody twice.
    await t.service.app.get(LoyaltyWorkers).reactors[0]!.replayFrom(0);
    await reactorsCaughtUp(t);
    expect(await rewards(REFERRER)).toEqual(['loyalty.ReferralRewardCredited']);
    expect(await rewards(KEEPS)).toEqual(['loyalty.ReferralRewardCredited']);
    expect(await rewards(RETURNS)).toEqual(['loyalty.ReferralRewardWithheld']);
  });
});
