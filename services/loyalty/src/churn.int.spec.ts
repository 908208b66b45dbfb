// The churn early warning on the real service, PostgreSQL and durable timers: every enrolled
// member gets a daily churn timer; as the injected clock moves past a long silence the timer
// fires, ChurnRiskRaised is published with its factors, and the next firing without a change
// publishes nothing.
import {
  PROGRAM_REQUEST,
  ctx,
  startLoyaltyTestService,
  type LoyaltyTestService,
} from '../test/loyalty-test-service';
import { fireTimersAt as fireTimers } from '../test/loyalty-spec-helpers';

jest.setTimeout(300_000);
const MEMBER = '0190a000-0000-7000-8000-00000000dd01';
let t: LoyaltyTestService;

async function churnEvents(): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return t.query(
    `SELECT type, data FROM event_store.events WHERE stream_id = $1 AND type LIKE 'loyalty.Churn%' ORDER BY stream_version`,
    [`loyalty.Member-${MEMBER}`],
  );
}

const fireTimersAt = (at: string) => fireTimers(t, at);

async function purchase(orderId: string, at: string): Promise<void> {
  t.clock.set(at);
  await t.call('RecordPurchase', {
    ctx: ctx(),
    memberId: MEMBER,
    orderId,
    amount: '20.00',
    currency: 'EUR',
    lines: [],
    placedAt: at,
  });
}

beforeAll(async () => {
  t = await startLoyaltyTestService({
    env: { CRM_LOYALTY_TIMERS: 'off' },
    start: '2026-01-01T10:00:00.000Z',
  });
  await t.call('DefineProgram', { ctx: ctx(), program: PROGRAM_REQUEST });
  await t.call('EnrolMember', { ctx: ctx(), memberId: MEMBER });
}, 60_000);
// Stopping the service (timers, reactors, pools) can take longer than jest's 5 s hook default under load.
afterAll(() => t?.stop(), 30_000);

describe('loyalty churn early warning', () => {
  it('raises the risk band from the daily timer with the factors that drove it, once', async () => {
    for (const [i, at] of [
      '2026-01-01T10:00:00.000Z',
      '2026-01-11T10:00:00.000Z',
      '2026-01-21T10:00:00.000Z',
      '2026-01-31T10:00:00.000Z',
    ].entries())
      await purchase(`o-${i}`, at);
    // A day later, at the usual pace: the timer fires, nothing to raise.
    await fireTimersAt('2026-02-02T03:00:00.000Z');
    expect(await churnEvents()).toEqual([]);

    // Two months of silence for a member who orders every 10 days.
    await fireTimersAt('2026-04-01T03:00:00.000Z');
    const raised = await churnEvents();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      type: 'loyalty.ChurnRiskRaised',
      data: { band: 'medium', previousBand: 'low', score: 50 },
    });
    expect(raised[0]!.data['factors']).toContainEqual({
      factor: 'recency',
      points: 50,
      detail: '59 days since the last order; usual interval 10 days',
    });

    await fireTimersAt('2026-04-02T03:00:00.000Z');
    expect(await churnEvents()).toHaveLength(1);
  });
});
