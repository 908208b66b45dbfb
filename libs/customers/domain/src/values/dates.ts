// Calendar dates (YYYY-MM-DD) and instants (ISO-8601 UTC). Parsing is strict so that what is stored
// round-trips exactly; "now" always comes from the command (the composition root's clock).

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in YYYY-MM-DD, or undefined. */
export function parseCalendarDate(input: string): string | undefined {
  const match = DATE.exec(input.trim());
  if (!match) return undefined;
  const [, y, m, d] = match as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(m) - 1 ||
    date.getUTCDate() !== Number(d)
  ) {
    return undefined;
  }
  return `${y}-${m}-${d}`;
}

/** Any ISO-8601 date-time with a zone, normalised to `toISOString()` form; undefined if unparseable. */
export function parseInstant(input: string): string | undefined {
  const text = input.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(text))
    return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The calendar date part of an instant (UTC). */
export function dateOf(instant: string): string {
  return instant.slice(0, 10);
}
