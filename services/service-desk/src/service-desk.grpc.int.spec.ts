/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call --
   proto-loader responses and stored events are untyped at runtime; the specs assert their shape. */
// The service-desk service over real gRPC against a real PostgreSQL: a ticket's life from opening to
// closing, SLA clocks answered as of any instant with an injected clock, complaints refused without
// their analysis, bad input refused with field violations and nothing written.
import * as grpc from '@grpc/grpc-js';
import {
  agent,
  ctx,
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../test/service-desk-test-service';

jest.setTimeout(60_000);

let t: ServiceDeskTestService;
beforeAll(async () => {
  // Monday 7 December 2026, 09:00 in Paris.
  t = await startServiceDeskTestService('desk-grpc', '2026-12-07T08:00:00.000Z');
});
afterAll(async () => {
  await t?.stop();
});

const open = (extra: object = {}) => ({
  ctx: ctx(),
  channel: 'TICKET_CHANNEL_WEB_FORM',
  subject: 'Broken vase',
  body: 'It arrived in pieces.',
  requesterEmail: 'Ada@Example.com',
  priority: 'TICKET_PRIORITY_URGENT',
  type: 'TICKET_TYPE_QUESTION',
  tags: ['Delivery'],
  ...extra,
});

describe('a ticket over gRPC', () => {
  it('meets its first response, breaches its resolution, and answers the clock as of any instant', async () => {
    t.clock.set('2026-12-07T08:00:00.000Z');
    const opened = await t.call('OpenTicket', open());
    const ticketId = opened.createdId as string;
    expect(opened.eventTypes).toEqual([
      'service-desk.TicketOpened',
      'service-desk.SlaPolicyApplied',
    ]);
    expect(Number(opened.globalPosition)).toBeGreaterThan(0);

    t.clock.set('2026-12-07T08:30:00.000Z'); // 09:30: the agent answers within the urgent 1 h
    await t.call(
      'ReplyToCustomer',
      { ctx: ctx(), ticketId, body: 'We are sending a new one.' },
      agent('agent-1'),
    );

    t.clock.set('2026-12-07T09:00:00.000Z'); // 10:00: waiting on the customer for a day
    await t.call('SetTicketStatus', {
      ctx: ctx(),
      ticketId,
      status: 'SETTABLE_STATUS_WAITING_ON_CUSTOMER',
    });
    t.clock.set('2026-12-08T09:00:00.000Z'); // Tuesday 10:00: back in progress
    await t.call('SetTicketStatus', {
      ctx: ctx(),
      ticketId,
      status: 'SETTABLE_STATUS_IN_PROGRESS',
    });

    // Urgent resolution is 8 business hours: 1 h used on Monday, the pause moves the rest to Tuesday 17:00.
    const now = await t.call('GetSlaClock', { ctx: ctx(), ticketId });
    const byName = Object.fromEntries(
      now.milestones.map((m: { milestone: string }) => [m.milestone, m]),
    );
    expect(byName.firstResponse).toMatchObject({ state: 'met', metAt: '2026-12-07T08:30:00.000Z' });
    expect(byName.resolution).toMatchObject({
      state: 'running',
      usedMs: String(3_600_000),
      dueAt: '2026-12-08T16:00:00.000Z',
    });

    // Past Tuesday 17:00 the resolution is breached; the timeline says why.
    t.clock.set('2026-12-08T17:00:00.000Z');
    const late = await t.call('GetSlaClock', { ctx: ctx(), ticketId });
    const resolution = late.milestones.find(
      (m: { milestone: string }) => m.milestone === 'resolution',
    );
    expect(resolution).toMatchObject({ state: 'breached', breachedAt: '2026-12-08T16:00:00.000Z' });
    expect(
      resolution.timeline.map((i: { status: string; running: boolean }) => [i.status, i.running]),
    ).toEqual([
      ['new', true],
      ['in_progress', true],
      ['waiting_on_customer', false],
      ['in_progress', true],
    ]);

    // As of Monday 09:15 (before the reply) the first response was still running.
    const past = await t.call('GetSlaClock', {
      ctx: ctx(),
      ticketId,
      asOf: '2026-12-07T08:15:00.000Z',
    });
    expect(past.status).toBe('new');
    expect(
      past.milestones.find((m: { milestone: string }) => m.milestone === 'firstResponse'),
    ).toMatchObject({
      state: 'running',
      dueAt: '2026-12-07T09:00:00.000Z',
    });
  });

  it('keeps bodies and the requester address encrypted in the store', async () => {
    const events = await t.events();
    const openedEvent = events.find((e) => e.type === 'service-desk.TicketOpened');
    expect(openedEvent?.data.subject).toBe('Broken vase');
    expect(openedEvent?.data.body).toMatchObject({ $enc: 'v1' });
    expect(openedEvent?.data.requesterEmail).toMatchObject({ $enc: 'v1' });
  });

  it('refuses to resolve a complaint without root cause and remedy, then resolves it', async () => {
    const { createdId: ticketId } = await t.call(
      'OpenTicket',
      open({ type: 'TICKET_TYPE_COMPLAINT' }),
    );
    await t.call('AssignTicket', { ctx: ctx(), ticketId, agentId: 'agent-1' });
    const before = await t.eventCount();
    const refused = await t.fail('ResolveTicket', { ctx: ctx(), ticketId, resolution: 'Done' });
    expect({ code: grpc.status[refused.code], detail: refused.detail.code }).toEqual({
      code: 'FAILED_PRECONDITION',
      detail: 'COMPLAINT_ANALYSIS_MISSING',
    });
    expect(await t.eventCount()).toBe(before);
    await t.call('RecordComplaintAnalysis', {
      ctx: ctx(),
      ticketId,
      rootCause: 'Packaging',
      remedy: 'New vase sent',
    });
    const resolved = await t.call('ResolveTicket', {
      ctx: ctx(),
      ticketId,
      resolution: 'Replaced',
    });
    expect(resolved.eventTypes).toEqual(['service-desk.TicketResolved']);
  });

  it('refuses bad input with every field violation and writes nothing', async () => {
    const before = await t.eventCount();
    const failure = await t.fail(
      'OpenTicket',
      open({
        subject: '',
        requesterEmail: 'not-an-address',
        channel: 'TICKET_CHANNEL_UNSPECIFIED',
        tags: ['x'.repeat(65)],
      }),
    );
    expect(grpc.status[failure.code]).toBe('INVALID_ARGUMENT');
    expect(failure.detail.violations.map((v) => [v.field, v.code])).toEqual([
      ['channel', 'REQUIRED'],
      ['subject', 'REQUIRED'],
      ['requesterEmail', 'INVALID_EMAIL'],
      ['tags[0]', 'TOO_LONG'],
    ]);
    expect(await t.eventCount()).toBe(before);
  });

  it('returns the first result for a retried request with the same idempotency key', async () => {
    const first = await t.call('OpenTicket', open({ ctx: ctx('retry-1') }));
    const again = await t.call('OpenTicket', open({ ctx: ctx('retry-1') }));
    expect(again).toMatchObject({ createdId: first.createdId, replayed: true });
  });
});
