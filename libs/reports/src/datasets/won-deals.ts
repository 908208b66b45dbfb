// What an owner won in a period (forecast accuracy, quota attainment): the won opportunities of
// the pipeline board whose close date falls in the period (`YYYY-Qn` or `YYYY-MM`, UTC dates), in
// the row's currency, read in the viewer's sales record scope. As of an instant: the deals that
// stood won then, replayed from the stage events the reports context keeps per opportunity.
import { SALES_OPPORTUNITIES_MODEL, SALES_PIPELINE_PROJECTION } from '@crm/sales-read-models';
import {
  REPORT_OPPORTUNITY_STAGES_MODEL,
  REPORT_OPPORTUNITY_STAGES_PROJECTION,
  type OpportunityStagesDocument,
} from '../read-models/report-read-models';
import type { AmountConversion } from '../currency/target-currency';
import type { JoinSource } from './dataset';
import { wonAsOf } from './stage-durations.dataset';

/** A row that asks what its owner won in a period, in a currency. */
export interface OwnerPeriod {
  readonly ownerId: string | null;
  readonly period: string;
  readonly currency: string;
}

/** A won deal as the join reads it: owner, currency, amount (decimal) and the close instant. */
export interface WonDeal {
  readonly ownerId: unknown;
  readonly currency: unknown;
  readonly amount: unknown;
  readonly closedAt: unknown;
}

/** An amount (number) of a currency, set by an event at `at`: what a target currency converts. */
export interface DatedAmount {
  readonly amount: number;
  readonly currency: string;
  readonly at: string;
}

/** Sum of the owner's won amounts in the period and currency, and how many deals. */
export interface WonFigures {
  readonly wonAmount: number;
  readonly wonDeals: number;
  /** Each deal counted, dated by its win (a target currency converts each at its rate then). */
  readonly wonAmounts: readonly DatedAmount[];
}

/** The sum, rounded to the cent, of the amounts each converted at the rate of its own instant. */
export function convertedSum(amounts: readonly DatedAmount[], convert: AmountConversion): number {
  const total = amounts.reduce((sum, a) => sum + convert.amount(a.amount, a.currency, a.at), 0);
  return Math.round(total * 100) / 100;
}

/** The `[from, to)` UTC dates of a forecast period, or undefined for a name that is neither. */
export function periodDates(name: string): { from: string; to: string } | undefined {
  const match = /^(\d{4})-(?:Q([1-4])|(0[1-9]|1[0-2]))$/.exec(name);
  if (!match) return undefined;
  const year = Number(match[1]);
  const first = match[2] ? (Number(match[2]) - 1) * 3 : Number(match[3]) - 1;
  const date = (month: number) => new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
  return { from: date(first), to: date(first + (match[2] ? 3 : 1)) };
}

/** A decimal string (or number) as a number; 0 for one that does not parse. */
export function decimal(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** The rows' owners and the span of their periods, or undefined when no row names a valid one. */
export function ownersAndSpan(rows: readonly OwnerPeriod[]) {
  const periods = rows.flatMap((r) => periodDates(r.period) ?? []);
  const owners = [...new Set(rows.flatMap((r) => (r.ownerId ? [r.ownerId] : [])))];
  if (periods.length === 0 || owners.length === 0) return undefined;
  return {
    owners,
    from: periods.map((p) => p.from).sort()[0]!,
    to: periods.map((p) => p.to).sort()[periods.length - 1]!,
  };
}

/** The deals the rows' owners won in the span of their periods: now, or as of an instant. */
export async function wonDealsOf(
  rows: readonly OwnerPeriod[],
  source: JoinSource,
  asOf: Date | undefined,
): Promise<WonDeal[]> {
  const want = ownersAndSpan(rows);
  if (!want) return [];
  if (!asOf)
    return (await source.find(
      SALES_PIPELINE_PROJECTION,
      SALES_OPPORTUNITIES_MODEL,
      {
        status: 'won',
        ownerId: { $in: want.owners },
        closedAt: { $gte: want.from, $lt: want.to },
      },
      ['ownerId', 'currency', 'amount', 'closedAt'],
    )) as unknown as WonDeal[];
  const opportunities = (await source.find(
    REPORT_OPPORTUNITY_STAGES_PROJECTION,
    REPORT_OPPORTUNITY_STAGES_MODEL,
    { ownerId: { $in: want.owners }, openedAt: { $lte: asOf.toISOString() } },
    ['ownerId', 'currentStageId', 'currentEnteredAt', 'status', 'openedAt', 'moves'],
  )) as unknown as OpportunityStagesDocument[];
  return opportunities.flatMap((doc) => {
    const won = wonAsOf(doc, asOf);
    return won ? [{ ownerId: doc.ownerId, ...won, closedAt: won.at }] : [];
  });
}

/** The projections `wonDealsOf` reads (read your own writes waits for them). */
export const WON_DEALS_PROJECTIONS = [
  SALES_PIPELINE_PROJECTION,
  REPORT_OPPORTUNITY_STAGES_PROJECTION,
] as const;

/** What the row's owner won in its period and currency, among `won`. */
export function wonIn(row: OwnerPeriod, won: readonly WonDeal[]): WonFigures {
  const period = periodDates(row.period);
  const wonAmounts: DatedAmount[] = [];
  for (const deal of won) {
    const at = typeof deal.closedAt === 'string' ? deal.closedAt : '';
    const day = at.slice(0, 10);
    if (
      period &&
      deal.ownerId === row.ownerId &&
      deal.currency === row.currency &&
      day >= period.from &&
      day < period.to
    )
      wonAmounts.push({ amount: decimal(deal.amount), currency: row.currency, at });
  }
  const wonAmount = wonAmounts.reduce((sum, deal) => sum + deal.amount, 0);
  return { wonAmount: Math.round(wonAmount * 100) / 100, wonDeals: wonAmounts.length, wonAmounts };
}
