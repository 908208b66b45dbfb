// Wall-clock time in an IANA time zone, with nothing but `Intl` (no dependency, and the zone
// database is the one Node ships). Business calendars are defined in local time ("09:00–17:00 in
// Europe/Paris"); these helpers turn a local date and minute into the UTC instant it denotes and
// back, across daylight-saving changes.

/** A calendar date in some time zone; `weekday` is ISO (1 = Monday … 7 = Sunday). */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `Intl` knows the zone (an unknown zone makes `Intl.DateTimeFormat` throw). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock extends LocalDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallClockAt(instantMs: number, timeZone: string): WallClock {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields['year'] ?? 0,
    month: fields['month'] ?? 1,
    day: fields['day'] ?? 1,
    hour: fields['hour'] ?? 0,
    minute: fields['minute'] ?? 0,
    second: fields['second'] ?? 0,
  };
}

/** The zone's offset from UTC at that instant, in milliseconds (positive east of Greenwich). */
function offsetAt(instantMs: number, timeZone: string): number {
  const wall = wallClockAt(instantMs, timeZone);
  const wallAsUtc = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
  );
  return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The local date of an instant in the zone. */
export function localDateOf(instantMs: number, timeZone: string): LocalDate {
  const { year, month, day } = wallClockAt(instantMs, timeZone);
  return { year, month, day };
}

/**
 * The instant at which the zone's clocks show `minuteOfDay` on `date`. A local time skipped by a
 * daylight-saving jump resolves to the instant after the jump (as the offset before it would).
 */
export function localMinuteToInstant(
  date: LocalDate,
  minuteOfDay: number,
  timeZone: string,
): number {
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const firstGuess = wallAsUtc - offsetAt(wallAsUtc, timeZone);
  const secondOffset = offsetAt(firstGuess, timeZone);
  return wallAsUtc - secondOffset;
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

export function nextLocalDate(date: LocalDate): LocalDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** `YYYY-MM-DD`, which also orders dates correctly as strings. */
export function formatLocalDate(date: LocalDate): string {
  const pad = (value: number, width: number): string => String(value).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}
