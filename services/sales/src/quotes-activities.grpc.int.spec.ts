/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return --
   proto-loader responses and stored events are untyped at runtime; the specs assert their shape. */
// Quotes and activities over real gRPC and PostgreSQL, with a clock the test moves: a discount over
// the policy needs an approver's approval bound to the version it saw; acceptance wins the deal and
// places the order once; quotes expire (and remind) and activities remind through durable timers
// fired by the worker. Bad input and the wrong approver are typed errors that write nothing.
import { status } from '@grpc/grpc-js';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import { eventually } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import {
  ctx,
  manager,
  openEnginesDeal,
  rep,
  startSalesTestService,
  type SalesTestService,
} from '../test/sales-test-service';
import { SalesTimers } from './timers/sales-timers.wiring';
import {
  activityReminderKey,
  leadFollowUpKey,
  quoteExpiryKey,
  quoteReminderKey,
} from './timers/sales-timers';

jest.setTimeout(90_000);

const DAY = 86_400_000;
let nowMs = Date.parse('2026-03-02T09:00:00.000Z');
const runtime: RuntimeDependencies = { now: () => new Date(nowMs), newId: () => uuidv7() };
const at = (offsetMs: number) =>
  new Date(Date.parse('2026-03-02T09:00:00.000Z') + offsetMs).toISOString();

const REP = rep('rep-1', 'team-a');
const MANAGER = manager('mgr-1', 'team-a', ['rep-1']);
const OTHER_MANAGER = manager('mgr-2', 'team-b', ['rep-9']);

let t: SalesTestService;
let timers: SalesTimers;
beforeAll(async () => {
  t = await startSalesTestService('sales-quotes', runtime);
  timers = t.service.app.get(SalesTimers);
});
afterAll(async () => {
  await t?.stop();
});

const eventsOf = async (streamId: string) =>
  (await t.events()).filter((e) => e.stream_id === streamId);
const count = async () => (await t.events()).length;

const openOpportunity = () => openEnginesDeal(t, REP);

const line = (discountPercent: number, quantity = 3) => ({
  sku: 'ENG-1',
  name: 'Engine',
  category: 'engines',
  quantity,
  unitPrice: '100.00',
  discountPercent,
});

async function timerDue(key: string): Promise<string | undefined> {
  const timer = await timers.timers.get('tenant-a', key);
  return timer?.status === 'scheduled' ? timer.dueAt.toISOString() : timer?.status;
}

describe('quotes over gRPC', () => {
  it('needs approval above the discount policy, bound to the version the approver saw', async () => {
    const opportunityId = await openOpportunity();
    const created = await t.call(
      'CreateQuote',
      { ctx: ctx(), opportunityId, lines: [line(30)], validUntil: at(10 * DAY) },
      REP,
    );
    const quoteId = created.createdId as string;
    const [quoteCreated] = await eventsOf(`sales.Quote-${quoteId}`);
    expect(quoteCreated?.data).toMatchObject({
      version: 1,
      amount: '210.00',
      approvalReasons: ['discount'],
      customerId: 'cust-1',
      currency: 'EUR',
      ownerId: 'rep-1',
      teamId: 'team-a',
    });

    const before = await count();
    expect(await t.fail('SendQuote', { ctx: ctx(), quoteId }, REP)).toMatchObject({
      code: status.FAILED_PRECONDITION,
      detail: { code: 'QUOTE_NEEDS_APPROVAL' },
    });
    // A rep is not an approver; a manager of another team does not see the quote.
    expect(await t.fail('ApproveQuote', { ctx: ctx(), quoteId, version: 1 }, REP)).toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    expect(
      await t.fail('ApproveQuote', { ctx: ctx(), quoteId, version: 1 }, OTHER_MANAGER),
    ).toMatchObject({ code: status.NOT_FOUND });
    expect(await count()).toBe(before);

    await t.call('ApproveQuote', { ctx: ctx(), quoteId, version: 1 }, MANAGER);
    // An edit after approval is a new version that needs approval again.
    await t.call(
      'ReviseQuote',
      { ctx: ctx(), quoteId, lines: [line(30, 4)], validUntil: at(10 * DAY) },
      REP,
    );
    expect(await t.fail('SendQuote', { ctx: ctx(), quoteId }, REP)).toMatchObject({
      detail: { code: 'QUOTE_NEEDS_APPROVAL' },
    });
    expect(
      await t.fail('ApproveQuote', { ctx: ctx(), quoteId, version: 1 }, MANAGER),
    ).toMatchObject({ code: status.FAILED_PRECONDITION, detail: { code: 'QUOTE_SUPERSEDED' } });
    await t.call('ApproveQuote', { ctx: ctx(), quoteId, version: 2 }, MANAGER);
    await t.call('SendQuote', { ctx: ctx(), quoteId }, REP);

    // Accepting wins the deal and places the order at the quote's net prices, once.
    expect(await t.fail('AcceptQuote', { ctx: ctx(), quoteId, version: 1 }, REP)).toMatchObject({
      detail: { code: 'QUOTE_SUPERSEDED' },
    });
    const accepted = await t.call('AcceptQuote', { ctx: ctx(), quoteId, version: 2 }, REP);
    const orderId = accepted.createdId as string;
    expect(accepted.eventTypes).toEqual(['sales.OrderPlaced', 'sales.OrderAttributed']);
    const [placed] = await eventsOf(`sales.Order-${orderId}`);
    expect(placed?.data).toMatchObject({
      customerId: 'cust-1',
      amount: '280.00',
      items: [{ sku: 'ENG-1', quantity: 4, unitPrice: '70.00' }],
      channel: 'offline_store',
    });
    expect((await eventsOf(`sales.Opportunity-${opportunityId}`)).map((e) => e.type)).toContain(
      'sales.OpportunityWon',
    );
    const again = await t.call('AcceptQuote', { ctx: ctx(), quoteId, version: 2 }, REP);
    expect(again).toMatchObject({ createdId: orderId, replayed: true });
    expect((await eventsOf(`sales.Order-${orderId}`)).length).toBe(2);
    // Decided: its timers are gone.
    await eventually(async () => expect(await timerDue(quoteExpiryKey(quoteId))).toBe('cancelled'));
  });

  it('refuses bad lines and validity with field violations, writing nothing', async () => {
    const opportunityId = await openOpportunity();
    const before = await count();
    const failure = await t.fail(
      'CreateQuote',
      {
        ctx: ctx(),
        opportunityId,
        lines: [{ ...line(101), quantity: 0, unitPrice: '-5' }],
        validUntil: at(-DAY),
      },
      REP,
    );
    expect(failure.code).toBe(status.INVALID_ARGUMENT);
    expect(failure.detail.violations.map((v) => v.field).sort()).toEqual([
      'lines[0].discountPercent',
      'lines[0].quantity',
      'lines[0].unitPrice',
      'validUntil',
    ]);
    expect(
      await t.fail(
        'CreateQuote',
        { ctx: ctx(), opportunityId: 'no-such-deal', lines: [line(0)], validUntil: at(DAY) },
        REP,
      ),
    ).toMatchObject({ code: status.NOT_FOUND });
    expect(await count()).toBe(before);
  });

  it('reminds 7 days before validUntil and expires at it through timers; an expired quote cannot be accepted', async () => {
    const opportunityId = await openOpportunity();
    const { createdId: quoteId } = await t.call(
      'CreateQuote',
      { ctx: ctx(), opportunityId, lines: [line(10)], validUntil: at(10 * DAY) },
      REP,
    );
    await t.call('SendQuote', { ctx: ctx(), quoteId }, REP);
    await eventually(async () => {
      expect(await timerDue(quoteExpiryKey(quoteId))).toBe(at(10 * DAY));
      expect(await timerDue(quoteReminderKey(quoteId, 7))).toBe(at(3 * DAY));
      expect(await timerDue(quoteReminderKey(quoteId, 1))).toBe(at(9 * DAY));
    });

    nowMs = Date.parse(at(3 * DAY + 60_000));
    await timers.worker.drain();
    nowMs = Date.parse(at(9 * DAY + 60_000));
    await timers.worker.drain();
    nowMs = Date.parse(at(10 * DAY + 60_000));
    await timers.worker.drain();
    await timers.worker.drain(); // a second pass fires nothing again
    const quoteEvents = await eventsOf(`sales.Quote-${quoteId}`);
    expect(quoteEvents.map((e) => [e.type, e.actor.name ?? e.actor.userId])).toEqual([
      ['sales.QuoteCreated', 'rep-1'],
      ['sales.QuoteSent', 'rep-1'],
      ['sales.QuoteExpiryReminderDue', 'sales.timers'],
      ['sales.QuoteExpiryReminderDue', 'sales.timers'],
      ['sales.QuoteExpired', 'sales.timers'],
    ]);
    expect(quoteEvents.slice(2, 4).map((e) => e.data.daysBefore)).toEqual([7, 1]);
    expect(await t.fail('AcceptQuote', { ctx: ctx(), quoteId, version: 1 }, REP)).toMatchObject({
      code: status.FAILED_PRECONDITION,
      detail: { code: 'QUOTE_EXPIRED' },
    });
  });

  it('expires a quote valid through a day at the end of that day in the customer’s time zone', async () => {
    const clockBefore = nowMs;
    const opportunityId = await openOpportunity();
    // "Valid until 2026-03-20" for a customer in Tokyo ends at 2026-03-20T15:00Z (midnight JST).
    const endOfDayInTokyo = '2026-03-20T15:00:00.000Z';
    const { createdId: quoteId } = await t.call(
      'CreateQuote',
      {
        ctx: ctx(),
        opportunityId,
        lines: [line(5)],
        validUntilDate: '2026-03-20',
        customerTimeZone: 'Asia/Tokyo',
      },
      REP,
    );
    const [created] = await eventsOf(`sales.Quote-${quoteId}`);
    expect(created?.data).toMatchObject({
      validUntil: endOfDayInTokyo,
      validUntilDate: '2026-03-20',
      customerTimeZone: 'Asia/Tokyo',
    });
    await t.call('SendQuote', { ctx: ctx(), quoteId }, REP);
    await eventually(async () => {
      expect(await timerDue(quoteExpiryKey(quoteId))).toBe(endOfDayInTokyo);
    });

    // A minute before midnight in Tokyo (still 20 March there, though UTC says 20 March 14:59):
    // not expired; a minute after: expired by the timer.
    nowMs = Date.parse(endOfDayInTokyo) - 60_000;
    await timers.worker.drain();
    expect((await eventsOf(`sales.Quote-${quoteId}`)).map((e) => e.type)).not.toContain(
      'sales.QuoteExpired',
    );
    nowMs = Date.parse(endOfDayInTokyo) + 60_000;
    await timers.worker.drain();
    expect((await eventsOf(`sales.Quote-${quoteId}`)).map((e) => e.type)).toContain(
      'sales.QuoteExpired',
    );
    nowMs = clockBefore;
  });

  it('refuses a validity day without a zone, with an unknown zone, or beside an instant', async () => {
    const opportunityId = await openOpportunity();
    const before = await count();
    const fields = async (validity: object) =>
      (
        await t.fail(
          'CreateQuote',
          { ctx: ctx(), opportunityId, lines: [line(0)], ...validity },
          REP,
        )
      ).detail.violations.map((v) => `${v.field}:${v.code}`);
    expect(await fields({ validUntilDate: '2026-03-20' })).toEqual(['customerTimeZone:REQUIRED']);
    expect(
      await fields({ validUntilDate: '2026-03-20', customerTimeZone: 'Mars/Olympus' }),
    ).toEqual(['customerTimeZone:INVALID_FORMAT']);
    expect(await fields({ validUntilDate: '2026-02-30', customerTimeZone: 'UTC' })).toEqual([
      'validUntilDate:INVALID_FORMAT',
    ]);
    expect(
      await fields({ validUntil: at(DAY), validUntilDate: '2026-03-20', customerTimeZone: 'UTC' }),
    ).toEqual(['validUntil:INVALID_FORMAT']);
    expect(await count()).toBe(before);
  });
});

describe('activities over gRPC', () => {
  it('reminds the owner through a timer, once, and is completed; subjects must be in scope', async () => {
    nowMs = Date.parse(at(20 * DAY));
    const opportunityId = await openOpportunity();
    const dueAt = at(21 * DAY);
    const remindAt = at(21 * DAY - 15 * 60_000);
    const scheduled = await t.call(
      'ScheduleActivity',
      {
        ctx: ctx(),
        kind: 'ACTIVITY_KIND_CALL',
        subject: 'Call about the proposal',
        aboutKind: 'ACTIVITY_SUBJECT_KIND_OPPORTUNITY',
        aboutId: opportunityId,
        dueAt,
        remindAt,
      },
      REP,
    );
    const activityId = scheduled.createdId as string;
    await eventually(async () =>
      expect(await timerDue(activityReminderKey(activityId))).toBe(remindAt),
    );

    const before = await count();
    expect(
      await t.fail(
        'ScheduleActivity',
        {
          ctx: ctx(),
          kind: 'ACTIVITY_KIND_TASK',
          subject: 'Follow up',
          aboutKind: 'ACTIVITY_SUBJECT_KIND_OPPORTUNITY',
          aboutId: opportunityId,
          dueAt,
        },
        rep('rep-9', 'team-b'),
      ),
    ).toMatchObject({ code: status.NOT_FOUND });
    const invalid = await t.fail(
      'ScheduleActivity',
      {
        ctx: ctx(),
        kind: 'ACTIVITY_KIND_MEETING',
        subject: 'x',
        aboutKind: 'ACTIVITY_SUBJECT_KIND_CUSTOMER',
        aboutId: 'cust-1',
        dueAt,
        remindAt: at(22 * DAY),
      },
      REP,
    );
    expect(invalid.detail.violations.map((v) => v.field)).toEqual(['remindAt']);
    expect(await count()).toBe(before);

    nowMs = Date.parse(remindAt);
    await timers.worker.drain();
    await timers.worker.drain();
    await t.call('CompleteActivity', { ctx: ctx(), activityId, outcome: 'demo booked' }, REP);
    const events = await eventsOf(`sales.Activity-${activityId}`);
    expect(events.map((e) => e.type)).toEqual([
      'sales.ActivityScheduled',
      'sales.ActivityReminderDue',
      'sales.ActivityCompleted',
    ]);
    expect(events[1]?.data).toMatchObject({ ownerId: 'rep-1', dueAt });
  });
});

describe('lead follow-up over gRPC (ADR 0383)', () => {
  it('reminds the owner through a timer at the time set, once; moving it moves the timer', async () => {
    const clockBefore = nowMs;
    const captured = await t.call(
      'CaptureLead',
      { ctx: ctx(), source: 'LEAD_SOURCE_WEB_FORM', contact: { name: 'Fay Follow' } },
      REP,
    );
    const leadId = captured.createdId as string;
    const first = new Date(nowMs + 2 * DAY).toISOString();
    const moved = new Date(nowMs + 3 * DAY).toISOString();
    await t.call('ScheduleLeadFollowUp', { ctx: ctx(), leadId, dueAt: first, note: 'Call' }, REP);
    await eventually(async () => expect(await timerDue(leadFollowUpKey(leadId))).toBe(first));
    await t.call('ScheduleLeadFollowUp', { ctx: ctx(), leadId, dueAt: moved }, REP);
    await eventually(async () => expect(await timerDue(leadFollowUpKey(leadId))).toBe(moved));
    // In the past, or for a lead out of scope: refused, nothing written.
    const before = await count();
    expect(
      await t.fail('ScheduleLeadFollowUp', { ctx: ctx(), leadId, dueAt: at(-DAY) }, REP),
    ).toMatchObject({ code: status.INVALID_ARGUMENT });
    expect(
      await t.fail('ScheduleLeadFollowUp', { ctx: ctx(), leadId, dueAt: moved }, rep('rep-9')),
    ).toMatchObject({ code: status.NOT_FOUND });
    expect(await count()).toBe(before);

    nowMs = Date.parse(moved) + 60_000;
    await timers.worker.drain();
    await timers.worker.drain();
    const leadEvents = await eventsOf(`sales.Lead-${leadId}`);
    expect(
      leadEvents
        .filter((e) => e.type === 'sales.LeadFollowUpDue')
        .map((e) => [e.data.dueAt, e.data.ownerId, e.actor.name]),
    ).toEqual([[moved, 'rep-1', 'sales.timers']]);
    nowMs = clockBefore;
  });

  it('cancels the follow-up when the lead is disqualified', async () => {
    const captured = await t.call(
      'CaptureLead',
      { ctx: ctx(), source: 'LEAD_SOURCE_WEB_FORM', contact: { name: 'Dan Drop' } },
      REP,
    );
    const leadId = captured.createdId as string;
    const dueAt = new Date(nowMs + DAY).toISOString();
    await t.call('ScheduleLeadFollowUp', { ctx: ctx(), leadId, dueAt }, REP);
    await eventually(async () => expect(await timerDue(leadFollowUpKey(leadId))).toBe(dueAt));
    await t.call('DisqualifyLead', { ctx: ctx(), leadId, reason: 'no budget' }, REP);
    await eventually(async () => expect(await timerDue(leadFollowUpKey(leadId))).toBe('cancelled'));
  });
});
