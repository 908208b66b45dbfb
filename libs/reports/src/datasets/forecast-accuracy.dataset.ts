// Forecast accuracy (docs/reports.md, ADR 0305): each owner's latest forecast of a period beside
// what that owner won in the period, in the forecast's currency: the won opportunities of the
// pipeline board whose close date falls in the period (`YYYY-Qn` or `YYYY-MM`, UTC dates), read
// in the viewer's sales record scope like the forecasts. Accuracy is won ÷ submitted × 100 per
// forecast (100: the call was exact; null when the call was 0). As of an instant: the latest
// submission made by then (the reports context keeps every submission) against the deals that
// were won by then, replayed from the stage events the reports context keeps per opportunity.
import { SALES_OPPORTUNITIES_MODEL, SALES_PIPELINE_PROJECTION } from '@crm/sales-read-models';
import {
  REPORT_FORECAST_SUBMISSIONS_MODEL,
  REPORT_FORECAST_SUBMISSIONS_PROJECTION,
  REPORT_OPPORTUNITY_STAGES_MODEL,
  REPORT_OPPORTUNITY_STAGES_PROJECTION,
  type ForecastSubmissionsDocument,
  type OpportunityStagesDocument,
} from '../read-models/report-read-models';
import { declareDataset, orNone, type JoinSource } from './dataset';
import { wonAsOf } from './stage-durations.dataset';

export interface ForecastAccuracyRow extends ForecastSubmissionsDocument {
  /** Sum of the owner's won amounts in the period and currency, and how many deals. */
  readonly wonAmount: number;
  readonly wonDeals: number;
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

function decimal(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** A won deal as the join reads it: owner, currency, amount (decimal) and the close instant. */
interface WonDeal {
  readonly ownerId: unknown;
  readonly currency: unknown;
  readonly amount: unknown;
  readonly closedAt: unknown;
}

/** The forecasts' periods and owners, or undefined when no forecast names a valid period. */
function wanted(forecasts: readonly ForecastSubmissionsDocument[]) {
  const periods = forecasts.flatMap((f) => periodDates(f.period) ?? []);
  const owners = [...new Set(forecasts.flatMap((f) => (f.ownerId ? [f.ownerId] : [])))];
  if (periods.length === 0 || owners.length === 0) return undefined;
  return {
    owners,
    from: periods.map((p) => p.from).sort()[0]!,
    to: periods.map((p) => p.to).sort()[periods.length - 1]!,
  };
}

/** The won deals now, from the pipeline board. */
async function wonNow(
  forecasts: readonly ForecastSubmissionsDocument[],
  source: JoinSource,
): Promise<WonDeal[]> {
  const want = wanted(forecasts);
  if (!want) return [];
  return (await source.find(
    SALES_PIPELINE_PROJECTION,
    SALES_OPPORTUNITIES_MODEL,
    { status: 'won', ownerId: { $in: want.owners }, closedAt: { $gte: want.from, $lt: want.to } },
    ['ownerId', 'currency', 'amount', 'closedAt'],
  )) as unknown as WonDeal[];
}

/** The deals won as of `asOf`, replayed from the stage events of the reports context. */
async function wonThen(
  forecasts: readonly ForecastSubmissionsDocument[],
  source: JoinSource,
  asOf: Date,
): Promise<WonDeal[]> {
  const want = wanted(forecasts);
  if (!want) return [];
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

/** Each forecast with the amount and number of its owner's deals won in its period. */
function withWon(
  forecasts: readonly ForecastSubmissionsDocument[],
  won: readonly WonDeal[],
): ForecastAccuracyRow[] {
  return forecasts.map((forecast) => {
    const period = periodDates(forecast.period);
    let wonAmount = 0;
    let wonDeals = 0;
    for (const deal of won) {
      const day = typeof deal.closedAt === 'string' ? deal.closedAt.slice(0, 10) : '';
      if (
        period &&
        deal.ownerId === forecast.ownerId &&
        deal.currency === forecast.currency &&
        day >= period.from &&
        day < period.to
      ) {
        wonAmount += decimal(deal.amount);
        wonDeals += 1;
      }
    }
    return { ...forecast, wonAmount: Math.round(wonAmount * 100) / 100, wonDeals };
  });
}

/** The forecast as it stood at `asOf`: its latest submission by then (none: not submitted yet). */
export function forecastAsOf(
  doc: ForecastSubmissionsDocument,
  asOf: Date,
): ForecastSubmissionsDocument | null {
  const latest = Object.entries(doc.submissions ?? {})
    .map(([version, s]) => ({ version: Number(version), ...s }))
    .filter((s) => Date.parse(s.at) <= asOf.getTime())
    .sort((a, b) => b.version - a.version)[0];
  return latest ? { ...doc, submitted: latest.amount, submittedAt: latest.at } : null;
}

export const forecastAccuracyDataset = declareDataset<ForecastAccuracyRow>({
  name: 'forecastAccuracy',
  label: 'Forecast accuracy (latest forecast per owner and period vs won)',
  projection: REPORT_FORECAST_SUBMISSIONS_PROJECTION,
  model: REPORT_FORECAST_SUBMISSIONS_MODEL,
  scope: 'sales',
  timeField: 'submittedAt',
  asOfTimeField: 'firstSubmittedAt',
  fields: ['period', 'ownerId', 'teamId', 'currency', 'submitted', 'submissions'],
  // The stored forecast as it stood; the join below adds its won figures (a ForecastAccuracyRow).
  expand: (doc, _now, asOf) => {
    const seen = asOf ? forecastAsOf(doc, asOf) : doc;
    return seen ? [seen as ForecastAccuracyRow] : [];
  },
  join: async (forecasts, source, asOf) =>
    withWon(
      forecasts,
      asOf ? await wonThen(forecasts, source, asOf) : await wonNow(forecasts, source),
    ),
  joinedProjections: [SALES_PIPELINE_PROJECTION, REPORT_OPPORTUNITY_STAGES_PROJECTION],
  // Rows are the forecasts as they stood (expand) with the deals won by then (join).
  asOf: { at: (row) => row, undatedDimensions: [], undatedMeasures: [] },
  dimensions: {
    forecastPeriod: { label: 'Forecast period', value: (row) => row.period },
    owner: { label: 'Owner', value: (row) => orNone(row.ownerId) },
    currency: { label: 'Currency', value: (row) => row.currency },
  },
  measures: {
    forecasts: { kind: 'count', label: 'Forecasts' },
    submitted: {
      kind: 'sum',
      label: 'Submitted (group by currency)',
      value: (row) => decimal(row.submitted),
    },
    won: { kind: 'sum', label: 'Won in the period', value: (row) => row.wonAmount },
    wonDeals: { kind: 'sum', label: 'Deals won in the period', value: (row) => row.wonDeals },
    accuracy: {
      kind: 'average',
      label: 'Accuracy % (won ÷ submitted, per forecast)',
      value: (row) => {
        const submitted = decimal(row.submitted);
        return submitted > 0 ? (row.wonAmount / submitted) * 100 : null;
      },
    },
    gap: {
      kind: 'sum',
      label: 'Won minus submitted',
      value: (row) => row.wonAmount - decimal(row.submitted),
    },
  },
  record: (row) => ({
    owner: row.ownerId,
    period: row.period,
    currency: row.currency,
    submitted: row.submitted,
    won: row.wonAmount,
    wonDeals: row.wonDeals,
    submittedAt: row.submittedAt,
  }),
});
