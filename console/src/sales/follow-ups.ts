// Lead follow-ups in the console (ADR 0383): the form values of a local date and time, and which
// of the user's leads "my day" lists: those whose follow-up falls by the end of the day, soonest
// (the overdue ones) first.
const pad = (n: number) => String(n).padStart(2, '0');

/** A date as an `<input type="date">` value, in the browser's time zone (YYYY-MM-DD). */
export const localDateInput = (at: Date): string =>
  `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;

/** An instant as an `<input type="datetime-local">` value, to the minute, in local time. */
export const localDateTimeInput = (at: Date): string =>
  `${localDateInput(at)}T${pad(at.getHours())}:${pad(at.getMinutes())}`;

interface LeadWithFollowUp {
  readonly followUpAt?: string | null;
}

/** The leads whose follow-up is due by `endOfDay` (overdue included), soonest first. */
export function followUpsDueBy<L extends LeadWithFollowUp>(
  leads: readonly L[],
  endOfDay: Date,
): (L & { followUpAt: string })[] {
  return leads
    .filter((l): l is L & { followUpAt: string } => Boolean(l.followUpAt))
    .filter((l) => Date.parse(l.followUpAt) <= endOfDay.getTime())
    .sort((a, b) => Date.parse(a.followUpAt) - Date.parse(b.followUpAt));
}
