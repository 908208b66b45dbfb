// SLA warnings and breaches from durable timers (@crm/timers, ADR 0086). The reactor
// `service-desk.sla-scheduler` follows every ticket event on the store's log and (re)schedules, per
// milestone, one timer `sla:<ticketId>:<milestone>` at the next instant the clock needs a look
// (nextSlaCheck), or cancels it. The timer worker fires it as `CheckSla` under the identity
// `service-desk.sla-timer` with the timer's idempotency key; the decider records a warning or a
// breach only when the clock rebuilt from the events says so. After a breach the same reactor keeps
// one timer `escalation:<ticketId>:<milestone>` at the next rung of the policy's ladder
// (nextEscalation), fired as `EscalateSla`. Clock injected: tests travel in time.
import { Role, systemCaller } from '@crm/access-policy';
import type { ReactorDefinition } from '@crm/reactors';
import {
  SLA_MILESTONES,
  TICKET_CATEGORY,
  isExisting,
  nextEscalation,
  nextSlaCheck,
  raisedPriority,
  type SlaMilestone,
} from '@crm/service-desk-domain';
import type { TimerFiring, TimerScheduler } from '@crm/timers';
import type { RequestMeta, ServiceDeskApplication } from '../application/service-desk.application';

export const SLA_SCHEDULER = 'service-desk.sla-scheduler';
export const SLA_TIMER = 'service-desk.sla-timer';
export const SLA_TIMER_OWNER = 'service-desk';

const TICKET_EVENT_TYPES = [
  'service-desk.TicketOpened',
  'service-desk.SlaPolicyApplied',
  'service-desk.TicketStatusChanged',
  'service-desk.AgentReplied',
  'service-desk.CustomerMessageReceived',
  'service-desk.TicketResolved',
  'service-desk.TicketClosed',
  'service-desk.TicketReopened',
  'service-desk.SlaWarningReached',
  'service-desk.SlaBreached',
  'service-desk.SlaEscalated',
  'service-desk.TicketPriorityChanged',
  'service-desk.TicketMerged',
];

export function slaTimerKey(ticketId: string, milestone: SlaMilestone): string {
  return `sla:${ticketId}:${milestone}`;
}

export function escalationTimerKey(ticketId: string, milestone: SlaMilestone): string {
  return `escalation:${ticketId}:${milestone}`;
}

export function slaScheduler(
  app: ServiceDeskApplication,
  timers: TimerScheduler,
): ReactorDefinition {
  return {
    name: SLA_SCHEDULER,
    eventTypes: TICKET_EVENT_TYPES,
    async react(event, reaction) {
      if (!event.streamId.startsWith(`${TICKET_CATEGORY}-`)) return;
      const { ticketId, at } = event.data as { ticketId: string; at: string };
      const caller = systemCaller(reaction.actor.name, reaction.tenantId, [Role.ADMIN]);
      // The ticket as this event left it: replaying old events never schedules from later state.
      const asOf = Date.parse(at);
      const ticket = await app.ticketAsOf(
        { caller, tenantId: reaction.tenantId, correlationId: reaction.correlationId },
        ticketId,
        asOf,
      );
      for (const milestone of SLA_MILESTONES) {
        const key = slaTimerKey(ticketId, milestone);
        const due = nextSlaCheck(ticket, milestone, asOf);
        if (due === undefined) await timers.cancel(reaction.tenantId, key);
        else
          await timers.schedule({
            tenantId: reaction.tenantId,
            key,
            command: { type: 'CheckSla', data: { ticketId, milestone } },
            schedule: { at: new Date(due) },
          });
        const escalationKey = escalationTimerKey(ticketId, milestone);
        const escalation = nextEscalation(ticket, milestone, asOf);
        if (escalation === undefined) await timers.cancel(reaction.tenantId, escalationKey);
        else
          await timers.schedule({
            tenantId: reaction.tenantId,
            key: escalationKey,
            command: { type: 'EscalateSla', data: { ticketId, milestone } },
            schedule: { at: new Date(Math.max(escalation.dueAt, asOf)) },
          });
      }
    },
  };
}

/** A firing acts as the timer worker's identity, keyed by the timer's idempotency key. */
export function timerMeta(firing: TimerFiring): RequestMeta {
  return {
    caller: systemCaller(firing.actor.name, firing.tenantId, [Role.ADMIN]),
    tenantId: firing.tenantId,
    correlationId: firing.timerId,
    idempotencyKey: firing.idempotencyKey,
  };
}

/** What the timer worker runs when a timer is due: an SLA check or the next escalation level. */
export function fireSlaCheck(app: ServiceDeskApplication): (firing: TimerFiring) => Promise<void> {
  return async (firing) => {
    const { ticketId, milestone } = firing.command.data as {
      ticketId: string;
      milestone: SlaMilestone;
    };
    if (firing.command.type === 'EscalateSla')
      return fireEscalation(app, firing, ticketId, milestone);
    await app.execute(timerMeta(firing), ticketId, {
      rpc: 'CheckSla',
      fields: { milestone, dueAt: firing.dueAt.toISOString() },
      build: (_state, at) => ({ type: 'CheckSla', data: { ticketId, at, milestone } }),
    });
  };
}

async function fireEscalation(
  app: ServiceDeskApplication,
  firing: TimerFiring,
  ticketId: string,
  milestone: SlaMilestone,
): Promise<void> {
  await app.execute(timerMeta(firing), ticketId, {
    rpc: 'EscalateSla',
    fields: { milestone, dueAt: firing.dueAt.toISOString() },
    build: (state, at) => {
      // The level that raises the priority needs the policy matched for the raised priority.
      const due = isExisting(state) ? nextEscalation(state, milestone, Date.parse(at)) : undefined;
      const raised =
        isExisting(state) && due?.step.raisePriority ? raisedPriority(state.priority) : undefined;
      return {
        type: 'EscalateSla',
        data: {
          ticketId,
          at,
          milestone,
          ...(raised &&
            isExisting(state) && { raisedPolicy: app.policyFor({ ...state, priority: raised }) }),
        },
      };
    },
  });
}
