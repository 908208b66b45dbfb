// The churn early warning on the real service, PostgreSQL and durable timers: every enrolled
// member gets a daily churn timer; as the injected clock moves past a long silence the timer
// fires, ChurnRiskRaised is published with its factors, and the next firing without a change
// publishes nothing. Signals from the service desk (a complaint, an unhappy CSAT answer) and
// marketing (an unsubscribe), appended as those contexts publish them, move the band at once.
import { PostgresEventStore, type NewEvent } from '@crm/event-sourcing';
import { eventually } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import {
  PROGRAM_REQUEST,
  ctx,
  startLoyaltyTestService,
  type LoyaltyTestService,
} from '../test/loyalty-test-service';
import { SETTLE, fireTimersAt as fireTimers, reactorsCaughtUp } from '../test/loyalty-spec-helpers';

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

  it('weighs complaints, CSAT and unsubscribes from the other contexts, raising the band at once', async () => {
    const producer = await PostgresEventStore.create({
      connectionString: t.database.url,
      eventTypes: [
        { type: 'service-desk.TicketOpened', schemaVersion: 1 },
        { type: 'service-desk.CsatAnswered', schemaVersion: 1 },
        { type: 'service-desk.TicketResolved', schemaVersion: 1 },
        { type: 'marketing.CustomerUnsubscribed', schemaVersion: 1 },
      ],
      poolConfig: { max: 1 },
    });
    const publish = (streamId: string, type: string, data: Record<string, unknown>) => {
      const event: NewEvent = {
        eventId: uuidv7(),
        type,
        tenantId: 'tenant-a',
        occurredAt: t.clock.now().toISOString(),
        actor: { kind: 'user', userId: 'agent-1', roles: ['service_agent'] },
        correlationId: `corr-${type}`,
        causationId: `cmd-${type}`,
        data,
      };
      return producer.append(streamId, [event]);
    };
    try {
      t.clock.set('2026-04-02T10:00:00.000Z');
      const ticket = 'service-desk.Ticket-tk-1';
      const at = t.clock.now().toISOString();
      await publish(ticket, 'service-desk.TicketOpened', {
        ticketId: 'tk-1',
        at,
        channel: 'email',
        subject: 'Broken vase',
        body: 'It arrived broken.',
        customerId: MEMBER,
        priority: 'normal',
        type: 'complaint',
        tags: [],
        dataSubjectId: MEMBER,
      });
      // recency 50 + one open complaint 15 = 65: from medium to high at once.
      await eventually(async () => (await churnEvents()).length === 3, SETTLE);
      const [, signal, raised] = await churnEvents();
      expect(signal).toMatchObject({
        type: 'loyalty.ChurnSignalRecorded',
        data: { signal: 'complaint_opened', sourceId: 'tk-1' },
      });
      expect(raised).toMatchObject({
        type: 'loyalty.ChurnRiskRaised',
        data: { band: 'high', previousBand: 'medium', score: 65 },
      });
      expect(raised!.data['factors']).toContainEqual({
        factor: 'open_complaints',
        points: 15,
        detail: '1 open complaint at the service desk',
      });

      await publish(ticket, 'service-desk.CsatAnswered', {
        ticketId: 'tk-1',
        at,
        surveyId: '2026-04-02T10:00:00.000Z',
        score: 1,
        dataSubjectId: MEMBER,
      });
      await publish('marketing.Unsubscribe-1', 'marketing.CustomerUnsubscribed', {
        customerId: MEMBER,
        channel: 'email',
        unsubscribedAt: '2026-04-02T10:00:00.000Z',
      });
      await publish(ticket, 'service-desk.TicketResolved', {
        ticketId: 'tk-1',
        at,
        resolution: 'Replaced.',
      });
      await reactorsCaughtUp(t);
      expect(await t.query('SELECT reason FROM reactors.parked')).toEqual([]);
      const signals = (await churnEvents()).filter((e) => e.type === 'loyalty.ChurnSignalRecorded');
      expect(signals.map((e) => [e.data['signal'], e.data['csatScore']])).toEqual([
        ['complaint_opened', undefined],
        ['csat_answered', 1],
        ['email_unsubscribed', undefined],
        ['complaint_closed', undefined],
      ]);
      // Still high (50 + 20 + 10 = 80 after the ticket closed): no other band change.
      expect(
        (await churnEvents()).filter((e) => e.type !== 'loyalty.ChurnSignalRecorded'),
      ).toHaveLength(2);
    } finally {
      await producer.close();
    }
  });
});
