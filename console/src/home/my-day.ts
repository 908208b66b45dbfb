// Pure pieces of "my day": where today ends (the activities due by then) and which tickets are
// near or past an SLA breach, most urgent first.
import { slaCountdown } from '../app/durations';

/** The first instant of tomorrow in the user's local time zone. */
export function endOfToday(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
}

interface TicketWithMarks {
  readonly slaMarks: readonly {
    dueAt?: string | null;
    metAt?: string | null;
    breachedAt?: string | null;
  }[];
}

/** Minutes to the ticket's most urgent running clock, or null when none is near or breached. */
export function minutesToBreach(ticket: TicketWithMarks, now: Date): number | null {
  let soonest: number | null = null;
  for (const mark of ticket.slaMarks) {
    const clock = slaCountdown(mark, null, now);
    if ((clock.urgency === 'near' || clock.urgency === 'breached') && clock.minutesLeft !== null)
      soonest = soonest === null ? clock.minutesLeft : Math.min(soonest, clock.minutesLeft);
  }
  return soonest;
}

/** The tickets with a clock near breach or breached, the most overdue first. */
export function ticketsNearBreach<T extends TicketWithMarks>(
  tickets: readonly T[],
  now: Date,
): { ticket: T; minutesLeft: number }[] {
  return tickets
    .map((ticket) => ({ ticket, minutesLeft: minutesToBreach(ticket, now) }))
    .filter((t): t is { ticket: T; minutesLeft: number } => t.minutesLeft !== null)
    .sort((a, b) => a.minutesLeft - b.minutesLeft);
}
