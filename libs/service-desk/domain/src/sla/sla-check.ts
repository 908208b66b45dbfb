// When a ticket's SLA milestone next needs a look: the instant its warning is due (unless already
// recorded for this cycle), else the instant it breaches (unless recorded). Undefined when nothing
// can become due: met, paused (resuming is an event, which asks again) or already reported. The
// timers scheduled from this send `CheckSla`, which decides on the clock rebuilt at firing time.
import { slaAlertKey, type ExistingTicket } from '../ticket/ticket.state';
import { milestoneClockAt } from './sla-clock';
import type { SlaMilestone } from './sla-policy';

export function nextSlaCheck(
  ticket: ExistingTicket,
  milestone: SlaMilestone,
  now: number,
): number | undefined {
  const span = ticket.sla.milestones[milestone];
  const clock = milestoneClockAt(ticket.sla, milestone, now);
  if (!span || !clock) return undefined;
  const cycle = new Date(span.startedAt).toISOString();
  const breachRecorded = ticket.slaAlerts.includes(slaAlertKey('breach', milestone, cycle));
  if (clock.state === 'breached') return breachRecorded ? undefined : now;
  if (clock.state !== 'running') return undefined;
  const warningRecorded = ticket.slaAlerts.includes(slaAlertKey('warning', milestone, cycle));
  return warningRecorded ? clock.dueAt : Math.max(clock.warnAt, now);
}
