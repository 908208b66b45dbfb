/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return --
   proto-loader responses and stored events are untyped at runtime; the specs assert their shape. */
// SLA warnings and breaches fire from durable timers in PostgreSQL with an injected clock: the
// scheduler reactor sets the timer from the ticket's events, the worker fires it when the clock
// has moved past it, a warning moves it to the breach, and meeting the milestone cancels it.
import { eventually } from '@crm/testing';
import {
  agent,
  ctx,
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../../test/service-desk-test-service';
import { ServiceDeskSlaTimers } from './service-desk-sla-timers';
import { escalationTimerKey, slaTimerKey } from './sla-timers';

jest.setTimeout(90_000);

let t: ServiceDeskTestService;
let sla: ServiceDeskSlaTimers;
beforeAll(async () => {
  // Monday 7 December 2026, 09:00 in Paris.
  t = await startServiceDeskTestService('desk-sla', '2026-12-07T08:00:00.000Z', {
    CRM_SERVICE_DESK_SLA_TIMERS: 'on',
  });
  sla = t.service.app.get(ServiceDeskSlaTimers);
});
afterAll(async () => {
  await t?.stop();
});

const urgentTicket = () => ({
  ctx: ctx(),
  channel: 'TICKET_CHANNEL_PHONE',
  subject: 'Checkout down',
  body: 'Nobody can pay.',
  priority: 'TICKET_PRIORITY_URGENT',
  type: 'TICKET_TYPE_INCIDENT',
});

async function timerDue(
  ticketId: string,
  milestone: 'firstResponse' | 'resolution',
): Promise<string | undefined> {
  const timer = await sla.timers.get('tenant-a', slaTimerKey(ticketId, milestone));
  return timer?.status === 'scheduled' ? timer.dueAt.toISOString() : timer?.status;
}

const typesOf = async (ticketId: string) =>
  (await t.events())
    .filter((e) => e.stream_id === `service-desk.Ticket-${ticketId}`)
    .map((e) => e.type);

describe('SLA timers', () => {
  it('warn at 80 %, breach at the deadline, and stop once the milestone is met', async () => {
    t.clock.set('2026-12-07T08:00:00.000Z');
    const { createdId: ticketId } = await t.call('OpenTicket', urgentTicket());
    // Urgent: first response 1 business hour, warning at 48 minutes.
    await eventually(async () =>
      expect(await timerDue(ticketId, 'firstResponse')).toBe('2026-12-07T08:48:00.000Z'),
    );

    t.clock.set('2026-12-07T08:50:00.000Z');
    // The service's own worker loop may claim the timer first (SKIP LOCKED): wait for the effect.
    await sla.worker.drain();
    await eventually(async () =>
      expect(await typesOf(ticketId)).toContain('service-desk.SlaWarningReached'),
    );
    await eventually(async () =>
      expect(await timerDue(ticketId, 'firstResponse')).toBe('2026-12-07T09:00:00.000Z'),
    );

    t.clock.set('2026-12-07T09:05:00.000Z');
    await sla.worker.drain();
    await eventually(async () => {
      const events = (await t.events()).filter((e) => e.type === 'service-desk.SlaBreached');
      expect(events.map((e) => [e.data.milestone, e.data.breachedAt, e.actor.name])).toEqual([
        ['firstResponse', '2026-12-07T09:00:00.000Z', 'service-desk.sla-timer'],
      ]);
    });
    // Fired, and not set again once the scheduler has read the breach.
    await eventually(async () => expect((await sla.scheduler.status()).lag).toBe(0));
    expect(await timerDue(ticketId, 'firstResponse')).toBe('done');

    // Firing again changes nothing: one breach per milestone cycle.
    await sla.worker.drain();
    expect(
      (await typesOf(ticketId)).filter((type) => type === 'service-desk.SlaBreached'),
    ).toHaveLength(1);
  });

  it('a first response in time cancels its timer; the resolution timer stays', async () => {
    t.clock.set('2026-12-07T08:00:00.000Z');
    const { createdId: ticketId } = await t.call('OpenTicket', urgentTicket());
    t.clock.set('2026-12-07T08:20:00.000Z');
    await t.call(
      'ReplyToCustomer',
      { ctx: ctx(), ticketId, body: 'Looking into it.' },
      agent('agent-1'),
    );
    await eventually(async () =>
      expect(await timerDue(ticketId, 'firstResponse')).toBe('cancelled'),
    );
    // Urgent resolution: 8 business hours, warning at 80 % = 6 h 24 min after 09:00 = 15:24 Paris.
    expect(await timerDue(ticketId, 'resolution')).toBe('2026-12-07T14:24:00.000Z');
  });

  it('a breach climbs the escalation ladder: notify at once, an hour later raise the priority', async () => {
    t.clock.set('2026-12-07T08:00:00.000Z');
    const { createdId: ticketId } = await t.call('OpenTicket', {
      ...urgentTicket(),
      priority: 'TICKET_PRIORITY_NORMAL',
      type: 'TICKET_TYPE_QUESTION',
    });
    await t.call('AssignTicket', { ctx: ctx(), ticketId, agentId: 'agent-1', teamId: 'team-a' });
    // Standard first response: 4 business hours, breached at 13:00 Paris; level 1 at the breach.
    t.clock.set('2026-12-07T12:01:00.000Z');
    await eventually(async () => expect((await sla.scheduler.status()).lag).toBe(0));
    await sla.worker.drain();
    await eventually(async () => {
      const timer = await sla.timers.get('tenant-a', escalationTimerKey(ticketId, 'firstResponse'));
      expect(timer?.status).toBe('scheduled');
    });
    await sla.worker.drain();
    await eventually(async () => expect((await sla.scheduler.status()).lag).toBe(0));
    const escalations = async () =>
      (await t.events())
        .filter((e) => e.type === 'service-desk.SlaEscalated' && e.data.ticketId === ticketId)
        .map((e) => e.data);
    await eventually(async () => expect(await escalations()).toHaveLength(1));
    expect(await escalations()).toEqual([
      expect.objectContaining({
        milestone: 'firstResponse',
        level: 1,
        notify: ['assignee', 'team_lead'],
        agentId: 'agent-1',
        teamId: 'team-a',
      }),
    ]);
    // Level 2 is due an hour of business time after the breach (14:00 Paris), not before.
    expect(
      (await sla.timers.get('tenant-a', escalationTimerKey(ticketId, 'firstResponse')))?.dueAt,
    ).toEqual(new Date('2026-12-07T13:00:00.000Z'));
    t.clock.set('2026-12-07T13:01:00.000Z');
    await sla.worker.drain();
    await eventually(async () =>
      expect((await escalations()).map((e) => [e.level, e.priorityRaisedTo])).toEqual([
        [1, undefined],
        [2, 'high'],
      ]),
    );
    const types = await typesOf(ticketId);
    expect(types.slice(types.lastIndexOf('service-desk.SlaEscalated'))).toEqual([
      'service-desk.SlaEscalated',
      'service-desk.TicketPriorityChanged',
      'service-desk.SlaPolicyApplied',
    ]);
    // The ladder has two levels: nothing more is scheduled, and firing again changes nothing.
    await eventually(async () => expect((await sla.scheduler.status()).lag).toBe(0));
    expect(
      (await sla.timers.get('tenant-a', escalationTimerKey(ticketId, 'firstResponse')))?.status,
    ).not.toBe('scheduled');
    await sla.worker.drain();
    expect(await escalations()).toHaveLength(2);
  });
});
