// When a birthday journey enrols a customer: on their birthday, from the journey's local time, in
// their time zone (a profile that names none uses the journey's). The entry key carries the local
// year, so a customer enters once per birthday however often the sweep runs (ADR 0197). A 29 February
// birthday is kept on 28 February in other years.

export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** Minutes since local midnight. */
  readonly minutes: number;
}

export function localDateTime(now: Date, timeZone: string): LocalDateTime {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    minutes: part('hour') * 60 + part('minute'),
  };
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** `birthday:<year>` when it is the birthday at or after `localTime` in the zone, else null. */
export function birthdayEntryKey(
  birthday: string,
  now: Date,
  timeZone: string,
  localTime: string,
): string | null {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(birthday);
  if (!match) return null;
  const month = Number(match[1]);
  const local = localDateTime(now, timeZone);
  const day = month === 2 && match[2] === '29' && !isLeap(local.year) ? 28 : Number(match[2]);
  const [hh, mm] = localTime.split(':').map(Number) as [number, number];
  const due = local.month === month && local.day === day && local.minutes >= hh * 60 + mm;
  return due ? `birthday:${local.year}` : null;
}

/** The `-MM-DD` endings of birthdays that may be today somewhere on Earth (UTC−12 … UTC+14). */
export function birthdaySuffixesAround(now: Date): string[] {
  const suffixes = new Set<string>();
  for (const hours of [-12, 0, 14]) {
    const d = new Date(now.getTime() + hours * 3_600_000);
    const mmdd = `${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
    suffixes.add(`-${mmdd}`);
    if (mmdd === '02-28' && !isLeap(d.getUTCFullYear())) suffixes.add('-02-29');
  }
  return [...suffixes];
}

export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
