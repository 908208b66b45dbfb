// Limits on marketing sends beside consent (docs/marketing.md#frequency-cap-and-quiet-hours): a
// frequency cap (at most N marketing mails per customer and channel in a rolling window of days)
// and quiet hours in the customer's own time zone (journey sends wait until they end). Both are
// pure functions of the facts a send already has: the customer's recorded touches and the clock.
import { localDateTime } from '../journeys/journey-birthday';

export interface FrequencyCap {
  readonly max: number;
  readonly days: number;
}

/** Quiet hours as minutes since local midnight; `from` > `to` spans midnight (21:00–08:00). */
export interface QuietHours {
  readonly from: number;
  readonly to: number;
}

const CAP = /^(\d{1,3})\/(\d{1,3})$/;
const RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** `<max>/<days>` (3/7: at most three in seven days), or undefined for an empty text (no cap). */
export function parseFrequencyCap(text: string): FrequencyCap | undefined {
  const match = CAP.exec(text);
  if (!match) return undefined;
  const [max, days] = [Number(match[1]), Number(match[2])];
  return max >= 1 && days >= 1 ? { max, days } : undefined;
}

/** `HH:MM-HH:MM` (21:00-08:00), or undefined (no quiet hours). */
export function parseQuietHours(text: string): QuietHours | undefined {
  const m = RANGE.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  return from === to ? undefined : { from, to };
}

const DAY_MS = 86_400_000;

/** Whether `sentAt` (the customer's earlier sends on the channel) already fill the cap at `now`. */
export function capReached(sentAt: readonly string[], now: Date, cap: FrequencyCap): boolean {
  const from = now.getTime() - cap.days * DAY_MS;
  return sentAt.filter((at) => Date.parse(at) > from).length >= cap.max;
}

/**
 * When `now` falls in the quiet hours of `timeZone`, the instant they end (to the minute); else
 * null. Counted in local wall-clock minutes: across a daylight-saving change the end may be an hour
 * off, once a year.
 */
export function quietHoursEnd(now: Date, timeZone: string, quiet: QuietHours): string | null {
  const local = localDateTime(now, timeZone).minutes;
  const inside =
    quiet.from < quiet.to
      ? local >= quiet.from && local < quiet.to
      : local >= quiet.from || local < quiet.to;
  if (!inside) return null;
  const minutesLeft = (quiet.to - local + 1440) % 1440;
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  return new Date(minute + minutesLeft * 60_000).toISOString();
}
