// Business calendars: the working hours of a support team in its time zone, minus holidays.
// `addBusinessTime` places a deadline ("2 business hours after Friday 16:30") and
// `businessTimeBetween` measures how much business time an interval holds; both are pure and
// exact to the millisecond, which the SLA clock (sla-clock.ts) relies on for carrying used time
// over when a policy changes.
import { NoBusinessTimeError, ServiceDeskValidationError, type FieldViolation } from '../errors';
import { SERVICE_DESK_LIMITS } from '../service-desk.limits';
import {
  formatLocalDate,
  isKnownTimeZone,
  isoWeekday,
  localDateOf,
  localMinuteToInstant,
  nextLocalDate,
  type LocalDate,
} from './zoned-time';

/** Working time within one day, in minutes after local midnight; `end` is exclusive. */
export interface WorkingInterval {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** Days off, inclusive local dates `YYYY-MM-DD`. */
export interface Holiday {
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

export interface BusinessCalendar {
  readonly calendarId: string;
  /** Raised on every change; tickets record the version their clock used. */
  readonly version: number;
  readonly timeZone: string;
  /** Index 1 (Monday) … 7 (Sunday); index 0 unused. Intervals sorted and disjoint. */
  readonly week: readonly (readonly WorkingInterval[])[];
  readonly holidays: readonly Holiday[];
}

/** The unparsed form: hours as `HH:MM` strings, weekdays by ISO number. */
export interface BusinessCalendarInput {
  readonly calendarId: string;
  readonly version: number;
  readonly timeZone: string;
  readonly workingHours: readonly { weekday: number; start: string; end: string }[];
  readonly holidays: readonly Holiday[];
}

const HOUR_MINUTE = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A deadline search gives up after this many local days without enough working time. */
const SEARCH_HORIZON_DAYS = 366 * 5;
const MINUTE_MS = 60_000;

function minuteOf(text: string): number | undefined {
  if (!HOUR_MINUTE.test(text)) return undefined;
  const [hours, minutes] = text.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function isRealDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

/**
 * Parses and checks a calendar definition: a known time zone, `HH:MM` hours with start before end,
 * no overlapping intervals on one day, real holiday dates in order, no overlapping holidays, at
 * least one working interval in the week. Throws every violation at once.
 */
export function defineBusinessCalendar(input: BusinessCalendarInput): BusinessCalendar {
  const violations: FieldViolation[] = [];
  const violate = (field: string, code: FieldViolation['code'], message: string): void => {
    violations.push({ field, code, message });
  };
  if (!input.calendarId) violate('calendarId', 'REQUIRED', 'a calendar needs an id');
  if (!isKnownTimeZone(input.timeZone)) {
    violate('timeZone', 'UNKNOWN_VALUE', `unknown IANA time zone "${input.timeZone}"`);
  }
  const week: WorkingInterval[][] = [[], [], [], [], [], [], [], []];
  input.workingHours.forEach((hours, index) => {
    const field = `workingHours[${index}]`;
    const start = minuteOf(hours.start);
    const end = minuteOf(hours.end);
    if (!Number.isInteger(hours.weekday) || hours.weekday < 1 || hours.weekday > 7) {
      violate(`${field}.weekday`, 'OUT_OF_RANGE', 'weekday is 1 (Monday) to 7 (Sunday)');
    } else if (start === undefined || end === undefined) {
      violate(field, 'INVALID_FORMAT', 'hours are HH:MM (00:00 to 24:00)');
    } else if (start >= end) {
      violate(field, 'OUT_OF_RANGE', 'start must be before end');
    } else {
      week[hours.weekday]?.push({ startMinute: start, endMinute: end });
    }
  });
  week.forEach((intervals, weekday) => {
    intervals.sort((a, b) => a.startMinute - b.startMinute);
    if (intervals.length > SERVICE_DESK_LIMITS.intervalsPerDay) {
      violate(
        'workingHours',
        'TOO_MANY',
        `weekday ${weekday} has more than ${SERVICE_DESK_LIMITS.intervalsPerDay} intervals`,
      );
    }
    for (let i = 1; i < intervals.length; i += 1) {
      const previous = intervals[i - 1];
      const current = intervals[i];
      if (previous && current && current.startMinute < previous.endMinute) {
        violate('workingHours', 'OVERLAPPING', `weekday ${weekday} has overlapping intervals`);
      }
    }
  });
  if (week.every((intervals) => intervals.length === 0)) {
    violate('workingHours', 'REQUIRED', 'a calendar needs at least one working interval');
  }
  if (input.holidays.length > SERVICE_DESK_LIMITS.holidays) {
    violate('holidays', 'TOO_MANY', `at most ${SERVICE_DESK_LIMITS.holidays} holidays`);
  }
  const validHolidays: Holiday[] = [];
  input.holidays.forEach((holiday, index) => {
    const field = `holidays[${index}]`;
    if (!isRealDate(holiday.from) || !isRealDate(holiday.to)) {
      violate(field, 'INVALID_FORMAT', 'holiday dates are YYYY-MM-DD');
    } else if (holiday.to < holiday.from) {
      violate(field, 'OUT_OF_RANGE', 'a holiday ends on or after its first day');
    } else {
      validHolidays.push(holiday);
    }
  });
  const sortedHolidays = [...validHolidays].sort((a, b) => a.from.localeCompare(b.from));
  for (let i = 1; i < sortedHolidays.length; i += 1) {
    const previous = sortedHolidays[i - 1];
    const current = sortedHolidays[i];
    if (previous && current && current.from <= previous.to) {
      violate(
        'holidays',
        'OVERLAPPING',
        `holidays "${previous.name}" and "${current.name}" overlap`,
      );
    }
  }
  if (violations.length > 0) throw new ServiceDeskValidationError(violations);
  return {
    calendarId: input.calendarId,
    version: input.version,
    timeZone: input.timeZone,
    week,
    holidays: sortedHolidays,
  };
}

function isHoliday(calendar: BusinessCalendar, date: LocalDate): boolean {
  const day = formatLocalDate(date);
  return calendar.holidays.some((holiday) => holiday.from <= day && day <= holiday.to);
}

/** The working intervals of one local date as UTC instants `[start, end)`. */
function workingInstantsOn(calendar: BusinessCalendar, date: LocalDate): [number, number][] {
  if (isHoliday(calendar, date)) return [];
  return (calendar.week[isoWeekday(date)] ?? []).map((interval) => [
    localMinuteToInstant(date, interval.startMinute, calendar.timeZone),
    localMinuteToInstant(date, interval.endMinute, calendar.timeZone),
  ]);
}

/**
 * The instant reached after `durationMs` of business time from `fromMs`. Zero returns `fromMs`
 * itself; a deadline that ends exactly at closing time is that closing time, not the next opening.
 */
export function addBusinessTime(
  calendar: BusinessCalendar,
  fromMs: number,
  durationMs: number,
): number {
  if (durationMs <= 0) return fromMs;
  let remaining = durationMs;
  let date = localDateOf(fromMs, calendar.timeZone);
  for (let day = 0; day < SEARCH_HORIZON_DAYS; day += 1) {
    for (const [start, end] of workingInstantsOn(calendar, date)) {
      if (end <= fromMs) continue;
      const from = Math.max(start, fromMs);
      const available = end - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
    date = nextLocalDate(date);
  }
  throw new NoBusinessTimeError(calendar.calendarId);
}

/** How much business time lies in `[fromMs, toMs)`; zero when `toMs <= fromMs`. */
export function businessTimeBetween(
  calendar: BusinessCalendar,
  fromMs: number,
  toMs: number,
): number {
  if (toMs <= fromMs) return 0;
  let total = 0;
  let date = localDateOf(fromMs, calendar.timeZone);
  const lastDay = formatLocalDate(localDateOf(toMs, calendar.timeZone));
  while (formatLocalDate(date) <= lastDay) {
    for (const [start, end] of workingInstantsOn(calendar, date)) {
      const overlap = Math.min(end, toMs) - Math.max(start, fromMs);
      if (overlap > 0) total += overlap;
    }
    date = nextLocalDate(date);
  }
  return total;
}

export function minutesToMs(minutes: number): number {
  return minutes * MINUTE_MS;
}
