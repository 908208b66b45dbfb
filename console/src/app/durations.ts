// Time left on an SLA clock, and money in minor units, for display. Pure: the current time is
// passed in, so tests (and the ticking clock component) decide what "now" is.
export type SlaUrgency = 'met' | 'breached' | 'near' | 'ok' | 'none';

export interface SlaCountdown {
  readonly urgency: SlaUrgency;
  /** Minutes left (negative once overdue); null when nothing is due. */
  readonly minutesLeft: number | null;
}

/** A clock is "near" breach inside the last quarter of its target, or the last 30 minutes. */
export function slaCountdown(
  mark: { dueAt?: string | null; metAt?: string | null; breachedAt?: string | null },
  targetMs: number | null,
  now: Date,
): SlaCountdown {
  if (mark.metAt) return { urgency: 'met', minutesLeft: null };
  if (!mark.dueAt) return { urgency: 'none', minutesLeft: null };
  const leftMs = Date.parse(mark.dueAt) - now.getTime();
  const minutesLeft = Math.trunc(leftMs / 60_000);
  if (mark.breachedAt || leftMs <= 0) return { urgency: 'breached', minutesLeft };
  const nearMs = Math.max(30 * 60_000, targetMs ? targetMs / 4 : 0);
  return { urgency: leftMs <= nearMs ? 'near' : 'ok', minutesLeft };
}

/** "1d 2h", "3h 5m", "12m" (absolute value; the caller says whether it is left or overdue). */
export function formatMinutes(minutes: number): string {
  const m = Math.abs(minutes);
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${mins}m`;
  return `${mins}m`;
}

/** An amount in minor units (cents) in the user's language, e.g. 123456 EUR → "€1,234.56". */
export function formatMinor(amountMinor: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amountMinor / 100);
}
