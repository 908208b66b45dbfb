// The escalation ladder of a breached milestone: which level runs next and when. Levels come from
// the policy in force (so a policy that changes mid-ticket brings its own ladder) and count per
// milestone cycle: a milestone met and breached again later climbs its ladder from the start.
// The timers scheduled from `nextEscalation` send `EscalateSla`; the decider runs a level only when
// this says it is due at the firing instant, so an early, late or repeated timer is harmless.
import { addBusinessTime, minutesToMs } from '../calendar/business-calendar';
import { slaAlertKey, type ExistingTicket } from '../ticket/ticket.state';
import type { TicketPriority } from '../ticket/ticket.types';
import { milestoneClockAt } from './sla-clock';
import type { EscalationLevel, SlaMilestone } from './sla-policy';

export interface DueEscalation {
  /** 1 for the first rung. */
  readonly level: number;
  readonly step: EscalationLevel;
  readonly dueAt: number;
  readonly cycleStartedAt: string;
}

export function escalationKey(milestone: SlaMilestone, cycleStartedAt: string, level: number) {
  return `${milestone}:${cycleStartedAt}:${level}`;
}

const PRIORITY_LADDER: readonly TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

/** One step up (low → normal → high → urgent); undefined when already urgent. */
export function raisedPriority(priority: TicketPriority): TicketPriority | undefined {
  return PRIORITY_LADDER[PRIORITY_LADDER.indexOf(priority) + 1];
}

/**
 * The next level of the ladder for a milestone whose breach is recorded and which is still unmet
 * at `now`, with the instant it is due; undefined when there is none (not breached, met, ticket
 * resolved or closed, ladder exhausted).
 */
export function nextEscalation(
  ticket: ExistingTicket,
  milestone: SlaMilestone,
  now: number,
): DueEscalation | undefined {
  if (ticket.status === 'resolved' || ticket.status === 'closed') return undefined;
  const span = ticket.sla.milestones[milestone];
  const clock = milestoneClockAt(ticket.sla, milestone, now);
  if (!span || clock?.state !== 'breached') return undefined;
  const cycleStartedAt = new Date(span.startedAt).toISOString();
  if (!ticket.slaAlerts.includes(slaAlertKey('breach', milestone, cycleStartedAt)))
    return undefined;
  const policy = ticket.sla.policies[ticket.sla.policies.length - 1]?.policy;
  const ladder = policy?.escalation ?? [];
  let level = 1;
  while (ticket.escalations.includes(escalationKey(milestone, cycleStartedAt, level))) level += 1;
  const step = ladder[level - 1];
  if (!policy || !step) return undefined;
  const dueAt = addBusinessTime(policy.calendar, clock.breachedAt, minutesToMs(step.afterMinutes));
  return { level, step, dueAt, cycleStartedAt };
}
