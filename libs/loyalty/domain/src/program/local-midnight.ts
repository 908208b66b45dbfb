// Local-calendar arithmetic for lot expiry, pure (Intl only, no clock): a lot expires at the local
// midnight that ends its last day in the program's time zone, across DST changes.

export interface LocalDate {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function wallClock(epochMs: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(
    Number(parts['year']),
    Number(parts['month']) - 1,
    Number(parts['day']),
    Number(parts['hour']),
    Number(parts['minute']),
    Number(parts['second']),
  );
}

export function localDateOf(instant: string, timeZone: string): LocalDate {
  const wall = new Date(wallClock(Date.parse(instant), timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** The instant at which the local day `date` begins in `timeZone` (00:00 local). */
export function startOfLocalDay(date: LocalDate, timeZone: string): string {
  const target = Date.UTC(date.year, date.month - 1, date.day);
  let guess = target;
  // Two corrections settle the zone offset, including on the day of a DST change.
  for (let i = 0; i < 2; i += 1) guess = target - (wallClock(guess, timeZone) - guess);
  return new Date(guess).toISOString();
}

/** The local midnight that ends the local day `date`. */
export function endOfLocalDay(date: LocalDate, timeZone: string): string {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return startOfLocalDay(
    { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() },
    timeZone,
  );
}

/** `date` plus whole months, clamped to the last day of the target month (Jan 31 + 1 = Feb 28/29). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const first = new Date(Date.UTC(date.year, date.month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0),
  ).getUTCDate();
  return {
    year: first.getUTCFullYear(),
    month: first.getUTCMonth() + 1,
    day: Math.min(date.day, lastDay),
  };
}

/** `date` plus whole days (negative: earlier), across month and year ends. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}
