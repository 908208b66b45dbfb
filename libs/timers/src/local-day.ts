// The end of a calendar day where someone is: "valid until 2027-01-31" for a customer in
// Asia/Tokyo ends at the local midnight that starts 1 February there. The zone arithmetic (DST
// included) is cron-parser's on luxon, as for calendar timers (timer-schedule.ts).
import { CronExpressionParser } from 'cron-parser';
import { InvalidTimerError } from './timer-schedule';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The instant the local day `date` (YYYY-MM-DD) ends in `timeZone`: the next day's local 00:00. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  const match = DATE.exec(date);
  const day = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== date)
    throw new InvalidTimerError('date', `"${date}" is not a calendar date (YYYY-MM-DD)`);
  const next = new Date(day + DAY_MS);
  const rule = `0 0 ${next.getUTCDate()} ${next.getUTCMonth() + 1} *`;
  try {
    // Two days before the date in UTC is before that local midnight in every zone (UTC-12..+14).
    return CronExpressionParser.parse(rule, {
      tz: timeZone,
      currentDate: new Date(day - 2 * DAY_MS),
    })
      .next()
      .toDate();
  } catch {
    throw new InvalidTimerError('timeZone', `"${timeZone}" is not an IANA time zone`);
  }
}
