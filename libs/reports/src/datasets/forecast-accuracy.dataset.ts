// Forecast accuracy (docs/reports.md, ADR 0305): each owner's latest forecast of a period beside
// what that owner won in the period, in the forecast's currency: the won opportunities of the
// pipeline board whose close date falls in the period (`YYYY-Qn` or `YYYY-MM`, UTC dates), read
// in the viewer's sales record scope like the forecasts. Accuracy is won ÷ submitted × 100 per
// forecast (100: the call was exact; null when the call was 0). No asOf: the forecast read model
// keeps the latest submission only.
import {
  SALES_FORECASTS_MODEL,
  SALES_FORECASTS_PROJECTION,
  SALES_OPPORTUNITIES_MODEL,
  SALES_PIPELINE_PROJECTION,
  type ForecastDocument,
} from '@crm/sales-read-models';
import { declareDataset, orNone, type JoinSource } from './dataset';

export interface ForecastAccuracyRow extends ForecastDocument {
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

/** Adds each forecast's won amount and deals, from one read of the won opportunities. */
async function withWon(
  forecasts: readonly ForecastDocument[],
  source: JoinSource,
): Promise<ForecastAccuracyRow[]> {
  const periods = forecasts.flatMap((f) => periodDates(f.period) ?? []);
  const owners = [...new Set(forecasts.flatMap((f) => (f.ownerId ? [f.ownerId] : [])))];
  const won =
    periods.length === 0 || owners.length === 0
      ? []
      : await source.find(
          SALES_PIPELINE_PROJECTION,
          SALES_OPPORTUNITIES_MODEL,
          {
            status: 'won',
            ownerId: { $in: owners },
            closedAt: {
              $gte: periods.map((p) => p.from).sort()[0],
              $lt: periods.map((p) => p.to).sort()[periods.length - 1],
            },
          },
          ['ownerId', 'currency', 'amount', 'closedAt'],
        );
  return forecasts.map((forecast) => {
    const period = periodDates(forecast.period);
    let wonAmount = 0;
    let wonDeals = 0;
    for (const deal of won) {
      const day = typeof deal['closedAt'] === 'string' ? deal['closedAt'].slice(0, 10) : '';
      if (
        period &&
        deal['ownerId'] === forecast.ownerId &&
        deal['currency'] === forecast.currency &&
        day >= period.from &&
        day < period.to
      ) {
        wonAmount += decimal(deal['amount']);
        wonDeals += 1;
      }
    }
    return { ...forecast, wonAmount: Math.round(wonAmount * 100) / 100, wonDeals };
  });
}

export const forecastAccuracyDataset = declareDataset<ForecastAccuracyRow>({
  name: 'forecastAccuracy',
  label: 'Forecast accuracy (latest forecast per owner and period vs won)',
  projection: SALES_FORECASTS_PROJECTION,
  model: SALES_FORECASTS_MODEL,
  scope: 'sales',
  timeField: 'submittedAt',
  fields: ['period', 'ownerId', 'teamId', 'currency', 'submitted', 'adjusted'],
  join: withWon,
  joinedProjections: [SALES_PIPELINE_PROJECTION],
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
