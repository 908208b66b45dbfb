// The forecast of a period, by owner (and team) and currency, from opportunities: the open ones
// expected to close in the period, weighted by their probability and split by forecast category,
// beside what was won in the period (forecast vs won). Pure: the gateway passes the opportunities of
// the caller's scope. Amounts in minor units; a weighted amount is rounded once per opportunity.
import { parseMinorUnits } from '../values/money';

/** A calendar quarter `2027-Q1` or month `2027-03`: [from, to) as dates YYYY-MM-DD. */
export interface ForecastPeriod {
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

const isoDate = (year: number, monthIndex: number): string =>
  new Date(Date.UTC(year, monthIndex, 1)).toISOString().slice(0, 10);

/** The period a name denotes, or undefined when it is neither `YYYY-Qn` nor `YYYY-MM`. */
export function forecastPeriod(name: string): ForecastPeriod | undefined {
  const quarter = QUARTER.exec(name);
  if (quarter) {
    const year = Number(quarter[1]);
    const first = (Number(quarter[2]) - 1) * 3;
    return { name, from: isoDate(year, first), to: isoDate(year, first + 3) };
  }
  const month = MONTH.exec(name);
  if (month) {
    const year = Number(month[1]);
    const index = Number(month[2]) - 1;
    return { name, from: isoDate(year, index), to: isoDate(year, index + 1) };
  }
  return undefined;
}

export interface ForecastOpportunity {
  readonly ownerId: string | null;
  readonly teamId: string | null;
  readonly amount: string;
  readonly currency: string;
  readonly probability: number;
  readonly forecastCategory: string;
  readonly status: string;
  readonly expectedCloseOn: string;
  readonly closedAt?: string;
}

export interface ForecastLine {
  readonly ownerId: string | null;
  readonly teamId: string | null;
  readonly currency: string;
  readonly openCount: number;
  readonly pipelineMinor: number;
  readonly weightedMinor: number;
  readonly bestCaseMinor: number;
  readonly commitMinor: number;
  readonly wonCount: number;
  readonly wonMinor: number;
}

/** A line with nothing in it yet (an owner who only submitted a call, say). */
export function emptyForecastLine(
  ownerId: string | null,
  teamId: string | null,
  currency: string,
): ForecastLine {
  return {
    ownerId,
    teamId,
    currency,
    openCount: 0,
    pipelineMinor: 0,
    weightedMinor: 0,
    bestCaseMinor: 0,
    commitMinor: 0,
    wonCount: 0,
    wonMinor: 0,
  };
}

const inPeriod = (date: string, period: ForecastPeriod): boolean =>
  date.slice(0, 10) >= period.from && date.slice(0, 10) < period.to;

/** One line per owner, team and currency (amounts of different currencies are never added). */
export function forecastLines(
  opportunities: readonly ForecastOpportunity[],
  period: ForecastPeriod,
): ForecastLine[] {
  const lines = new Map<string, ForecastLine>();
  const lineOf = (o: ForecastOpportunity): ForecastLine => {
    const key = JSON.stringify([o.ownerId, o.teamId, o.currency]);
    const line = lines.get(key) ?? emptyForecastLine(o.ownerId, o.teamId, o.currency);
    lines.set(key, line);
    return line;
  };
  for (const o of opportunities) {
    const amount = parseMinorUnits(o.amount) ?? 0;
    if (o.status === 'open' && inPeriod(o.expectedCloseOn, period)) {
      const line = lineOf(o);
      const commit = o.forecastCategory === 'commit' ? amount : 0;
      lines.set(JSON.stringify([o.ownerId, o.teamId, o.currency]), {
        ...line,
        openCount: line.openCount + 1,
        pipelineMinor: line.pipelineMinor + amount,
        weightedMinor: line.weightedMinor + Math.round((amount * o.probability) / 100),
        // Best case includes what is committed (Salesforce's and Odoo's convention).
        bestCaseMinor:
          line.bestCaseMinor + (o.forecastCategory === 'best_case' ? amount : 0) + commit,
        commitMinor: line.commitMinor + commit,
      });
    } else if (o.status === 'won' && o.closedAt !== undefined && inPeriod(o.closedAt, period)) {
      const line = lineOf(o);
      lines.set(JSON.stringify([o.ownerId, o.teamId, o.currency]), {
        ...line,
        wonCount: line.wonCount + 1,
        wonMinor: line.wonMinor + amount,
      });
    }
  }
  return [...lines.values()].sort(
    (a, b) =>
      (a.teamId ?? '').localeCompare(b.teamId ?? '') ||
      (a.ownerId ?? '').localeCompare(b.ownerId ?? '') ||
      a.currency.localeCompare(b.currency),
  );
}
