// Forecast accuracy (docs/reports.md, ADR 0305): each owner's latest forecast of a period beside
// what that owner won in the period, in the forecast's currency: the won opportunities of the
// pipeline board whose close date falls in the period (`YYYY-Qn` or `YYYY-MM`, UTC dates), read
// in the viewer's sales record scope like the forecasts. Accuracy is won ÷ submitted × 100 per
// forecast (100: the call was exact; null when the call was 0). As of an instant: the latest
// submission made by then (the reports context keeps every submission) against the deals that
// were won by then, replayed from the stage events the reports context keeps per opportunity.
// In a target currency (ADR 0471) the submission converts at the rate of its instant and each won
// deal at the rate of its win.
import {
  REPORT_FORECAST_SUBMISSIONS_MODEL,
  REPORT_FORECAST_SUBMISSIONS_PROJECTION,
  type ForecastSubmissionsDocument,
} from '../read-models/report-read-models';
import type { AmountConversion } from '../currency/target-currency';
import { convertedDecimal } from './amount-dates';
import { declareDataset, orNone } from './dataset';
import { latestFact } from './dated-facts';
import {
  WON_DEALS_PROJECTIONS,
  convertedSum,
  decimal,
  wonDealsOf,
  wonIn,
  type WonFigures,
} from './won-deals';

export { periodDates } from './won-deals';

export interface ForecastAccuracyRow extends ForecastSubmissionsDocument, WonFigures {}

/** The forecast as it stood at `asOf`: its latest submission by then (none: not submitted yet). */
export function forecastAsOf(
  doc: ForecastSubmissionsDocument,
  asOf: Date,
): ForecastSubmissionsDocument | null {
  const latest = latestFact(doc.submissions, asOf);
  return latest ? { ...doc, submitted: latest.amount, submittedAt: latest.at } : null;
}

/** The forecast and its won deals in the target currency, each at the rate of its own event. */
function forecastAccuracyInCurrency(
  row: ForecastAccuracyRow,
  convert: AmountConversion,
): ForecastAccuracyRow {
  return {
    ...row,
    submitted: convertedDecimal(row.submitted, row.currency, row.submittedAt, convert),
    wonAmount: convertedSum(row.wonAmounts, convert),
    currency: convert.target,
  };
}

export const forecastAccuracyDataset = declareDataset<ForecastAccuracyRow>({
  name: 'forecastAccuracy',
  label: 'Forecast accuracy (latest forecast per owner and period vs won)',
  projection: REPORT_FORECAST_SUBMISSIONS_PROJECTION,
  model: REPORT_FORECAST_SUBMISSIONS_MODEL,
  scope: 'sales',
  timeField: 'submittedAt',
  asOfTimeField: 'firstSubmittedAt',
  fields: ['period', 'ownerId', 'teamId', 'currency', 'submitted', 'submittedAt', 'submissions'],
  // The stored forecast as it stood; the join below adds its won figures (a ForecastAccuracyRow).
  expand: (doc, _now, asOf) => {
    const seen = asOf ? forecastAsOf(doc, asOf) : doc;
    return seen ? [seen as ForecastAccuracyRow] : [];
  },
  join: async (forecasts, source, asOf) => {
    const won = await wonDealsOf(forecasts, source, asOf);
    return forecasts.map((forecast) => ({ ...forecast, ...wonIn(forecast, won) }));
  },
  joinedProjections: [...WON_DEALS_PROJECTIONS],
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
  amounts: { convert: forecastAccuracyInCurrency },
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
