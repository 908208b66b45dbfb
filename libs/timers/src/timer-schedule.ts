// When a timer is due: once at an instant, or by a calendar rule (a cron expression read in an IANA
// time zone, so "09:00 every day in Europe/Paris" stays 09:00 local across DST changes). The
// calendar arithmetic is cron-parser's (on luxon), not ours.
import { CronExpressionParser } from 'cron-parser';

export type TimerSchedule =
  /** Once, at this instant. */
  | { readonly at: Date | string }
  /** Every time the rule matches in the zone, e.g. `{ cron: '0 9 * * *', timeZone: 'Europe/Paris' }`. */
  | { readonly cron: string; readonly timeZone: string };

/** The stored form (JSON): instants as ISO strings. */
export type StoredSchedule =
  { readonly at: string } | { readonly cron: string; readonly timeZone: string };

export class InvalidTimerError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidTimerError';
  }
}

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Checks a schedule once, at the edge; throws InvalidTimerError naming the bad field. */
export function parseSchedule(schedule: TimerSchedule): StoredSchedule {
  if ('at' in schedule) {
    const at = schedule.at instanceof Date ? schedule.at : new Date(schedule.at);
    if (Number.isNaN(at.getTime())) throw new InvalidTimerError('at', 'is not a valid instant');
    return { at: at.toISOString() };
  }
  if (typeof schedule.timeZone !== 'string' || !isValidTimeZone(schedule.timeZone))
    throw new InvalidTimerError(
      'timeZone',
      `"${String(schedule.timeZone)}" is not an IANA time zone`,
    );
  const cron = typeof schedule.cron === 'string' ? schedule.cron.trim() : '';
  const fields = cron.split(/\s+/).length;
  // cron-parser reads an empty or short expression as "every minute"; a typo must not do that.
  if (!cron.startsWith('@') && (fields < 5 || fields > 6))
    throw new InvalidTimerError('cron', `"${String(schedule.cron)}" needs 5 or 6 fields`);
  try {
    CronExpressionParser.parse(cron, { tz: schedule.timeZone });
  } catch (error) {
    throw new InvalidTimerError(
      'cron',
      `"${schedule.cron}" is not a cron expression (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return { cron, timeZone: schedule.timeZone };
}

/** The first instant the schedule is due at or after `now` (a one-shot in the past is due at once). */
export function firstDue(schedule: StoredSchedule, now: Date): Date {
  if ('at' in schedule) return new Date(schedule.at);
  return nextByRule(schedule, new Date(now.getTime() - 1));
}

/** The next due instant after a firing at `dueAt`, or undefined when the timer is done. */
export function nextDue(schedule: StoredSchedule, dueAt: Date): Date | undefined {
  if ('at' in schedule) return undefined;
  return nextByRule(schedule, dueAt);
}

function nextByRule(rule: { cron: string; timeZone: string }, after: Date): Date {
  return CronExpressionParser.parse(rule.cron, { tz: rule.timeZone, currentDate: after })
    .next()
    .toDate();
}
