// Sales quotes and forecasts, guarded by the sales record scope. Quotes: the acceptance rate of
// the quotes the customer decided (accepted ÷ accepted + rejected + expired), the days from
// creation to that decision, the share that needed an approval. The quote read model keeps no
// approval instant, so approval turnaround is not offered. Forecasts: per owner and forecast
// period, the latest submission and the manager's adjustment (amounts of one currency per row;
// group by currency). Quotes as of an instant: the status, amount, approvals needed and decision
// of then, from the reports context's quote history (ADR 0415).
// Forecasts as of an instant: the latest submission and adjustment made by then, from the
// reports context's dated forecast submissions (ADR 0391).
import {
  SALES_FORECASTS_MODEL,
  SALES_FORECASTS_PROJECTION,
  SALES_QUOTES_MODEL,
  SALES_QUOTES_PROJECTION,
  type ForecastDocument,
} from '@crm/sales-read-models';
import {
  REPORT_FORECAST_SUBMISSIONS_MODEL,
  REPORT_FORECAST_SUBMISSIONS_PROJECTION,
  type ForecastSubmissionsDocument,
} from '../read-models/report-read-models';
import { declareDataset, daysSince, documentsById, orNone, type JoinSource } from './dataset';
import { latestFact } from './dated-facts';
import {
  REPORT_QUOTE_HISTORY_PROJECTION,
  quoteAsOf,
  withQuoteThen,
  type QuoteRow,
} from './quote-history';
import { field, orNoneOf, wholeDaysSince } from './server-expressions';
import { convertedDecimal, datedFromHistory, type WithAmountSet } from './amount-dates';
import { factsUpTo } from './dated-facts';
import {
  REPORT_QUOTE_HISTORY_MODEL,
  type QuoteHistoryDocument,
} from '../read-models/report-read-models';
import type { AmountConversion } from '../currency/target-currency';

const DECIDED = ['accepted', 'rejected', 'expired'];

/** A decimal string as a number; one that does not parse counts as 0. */
function decimal(value: string | undefined): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}
const decimalOnServer = (path: string) => ({
  $convert: { input: field(path), to: 'double', onError: 0, onNull: 0 },
});

const ownerDimension = {
  label: 'Owner',
  value: (doc: { ownerId: string | null }) => orNone(doc.ownerId),
  server: () => orNoneOf(field('ownerId')),
};
const currencyDimension = {
  label: 'Currency',
  value: (doc: { currency: string }) => doc.currency,
  server: () => field('currency'),
};

/** The version current at `at`: its amount and when it was written (the quote's currency is fixed). */
function quoteVersionAt(doc: QuoteHistoryDocument, at: Date) {
  const version = factsUpTo(doc.facts, at)
    .filter((fact) => fact.kind === 'version')
    .pop();
  return version && { at: version.at, amount: version.amount };
}

/**
 * The quote's amount (as of the report's instant) in the target currency, at the instant its
 * version was written; without a history yet, at the quote's creation.
 */
function quoteInCurrency(doc: QuoteRow & WithAmountSet, convert: AmountConversion): QuoteRow {
  const at = doc.amountSet?.at ?? doc.createdAt;
  return {
    ...doc,
    amount: convertedDecimal(doc.amount, doc.currency, at, convert),
    currency: convert.target,
  };
}

export const quotesDataset = declareDataset<QuoteRow & WithAmountSet>({
  name: 'quotes',
  label: 'Quotes',
  projection: SALES_QUOTES_PROJECTION,
  model: SALES_QUOTES_MODEL,
  scope: 'sales',
  storeCategory: 'sales.Quote',
  timeField: 'createdAt',
  fields: ['status', 'ownerId', 'teamId', 'currency', 'amount', 'approvalReasons', 'decidedAt'],
  dimensions: {
    status: { label: 'Status', value: (doc) => doc.status, server: () => field('status') },
    owner: ownerDimension,
    currency: currencyDimension,
  },
  measures: {
    quotes: { kind: 'count', label: 'Quotes' },
    acceptanceRate: {
      kind: 'ratio',
      label: 'Accepted % (of decided)',
      numerator: (doc) => doc.status === 'accepted',
      denominator: (doc) => DECIDED.includes(doc.status),
      server: () => ({
        numerator: { $eq: [field('status'), 'accepted'] },
        denominator: { $in: [field('status'), DECIDED] },
      }),
    },
    daysToDecision: {
      kind: 'average',
      label: 'Average days from creation to decision',
      value: (doc) => (doc.decidedAt ? daysSince(doc.createdAt, new Date(doc.decidedAt)) : null),
      server: () => wholeDaysSince(field('createdAt'), field('decidedAt')),
    },
    neededApproval: {
      kind: 'ratio',
      label: 'Needed approval % (of quotes)',
      numerator: (doc) => (doc.approvalReasons ?? []).length > 0,
      denominator: () => true,
      server: () => ({
        numerator: { $gt: [{ $size: { $ifNull: [field('approvalReasons'), []] } }, 0] },
        denominator: true,
      }),
    },
    amount: {
      kind: 'sum',
      label: 'Amount (group by currency)',
      value: (doc) => decimal(doc.amount),
      server: () => decimalOnServer('amount'),
    },
  },
  asOf: {
    at: quoteAsOf,
    join: withQuoteThen,
    joinedProjections: [REPORT_QUOTE_HISTORY_PROJECTION],
    undatedDimensions: [],
    undatedMeasures: [],
  },
  amounts: {
    dated: datedFromHistory<QuoteHistoryDocument>({
      projection: REPORT_QUOTE_HISTORY_PROJECTION,
      model: REPORT_QUOTE_HISTORY_MODEL,
      fields: ['facts'],
      amountAt: quoteVersionAt,
    }),
    datedProjections: [REPORT_QUOTE_HISTORY_PROJECTION],
    convert: quoteInCurrency,
  },
  record: (doc) => ({
    id: doc._id,
    status: doc.status,
    owner: doc.ownerId,
    amount: doc.amount,
    currency: doc.currency,
    createdAt: doc.createdAt,
    decidedAt: doc.decidedAt ?? null,
  }),
});

/** A forecast's submission and adjustment standing at the report's instant. */
interface ForecastThen {
  readonly submitted: string;
  readonly submittedAt: string;
  readonly adjusted?: string;
  readonly adjustedAt?: string;
}
type ForecastRow = ForecastDocument & { readonly then?: ForecastThen | null };

/** Each forecast with its latest submission and adjustment by `asOf` (null: none by then). */
async function withForecastThen(
  rows: readonly ForecastRow[],
  source: JoinSource,
  asOf: Date,
): Promise<ForecastRow[]> {
  const byId = await documentsById<ForecastSubmissionsDocument>(
    source,
    REPORT_FORECAST_SUBMISSIONS_PROJECTION,
    REPORT_FORECAST_SUBMISSIONS_MODEL,
    rows.map((r) => r._id),
    ['submissions', 'adjustments'],
  );
  return rows.map((row) => {
    const doc = byId.get(row._id);
    const submission = doc && latestFact(doc.submissions, asOf);
    const adjustment = doc && latestFact(doc.adjustments, asOf);
    const then: ForecastThen | null = submission
      ? {
          submitted: submission.amount,
          submittedAt: submission.at,
          ...(adjustment && { adjusted: adjustment.amount, adjustedAt: adjustment.at }),
        }
      : null;
    return { ...row, then };
  });
}

/** The forecast as it stood at `asOf`; null when it had not been submitted by then. */
export function forecastRowAsOf(doc: ForecastRow, asOf: Date): ForecastRow | null {
  const { then, adjusted, ...forecast } = doc;
  if (then) return { ...forecast, ...then };
  // No dated history read (the reports projection trails): as now, if submitted by then.
  return Date.parse(doc.submittedAt) <= asOf.getTime()
    ? { ...forecast, ...(adjusted && { adjusted }) }
    : null;
}

/**
 * The forecast's submission and adjustment (as of the report's instant) in the target currency,
 * each at the instant it was made: the forecast read model dates both.
 */
function forecastInCurrency(doc: ForecastRow, convert: AmountConversion): ForecastRow {
  const { adjusted, adjustedAt } = doc;
  return {
    ...doc,
    submitted: convertedDecimal(doc.submitted, doc.currency, doc.submittedAt, convert),
    ...(adjusted !== undefined && {
      adjusted: convertedDecimal(adjusted, doc.currency, adjustedAt ?? doc.submittedAt, convert),
    }),
    currency: convert.target,
  };
}

export const forecastsDataset = declareDataset<ForecastRow>({
  name: 'forecasts',
  label: 'Forecasts (latest per owner and period)',
  projection: SALES_FORECASTS_PROJECTION,
  model: SALES_FORECASTS_MODEL,
  scope: 'sales',
  timeField: 'submittedAt',
  // Resubmissions move `submittedAt`: as of an instant, the dated submissions decide.
  asOfTimeField: false,
  fields: ['period', 'ownerId', 'teamId', 'currency', 'submitted', 'adjusted', 'adjustedAt'],
  dimensions: {
    forecastPeriod: {
      label: 'Forecast period',
      value: (doc) => doc.period,
      server: () => field('period'),
    },
    owner: ownerDimension,
    currency: currencyDimension,
  },
  measures: {
    forecasts: { kind: 'count', label: 'Forecasts' },
    submitted: {
      kind: 'sum',
      label: 'Submitted (group by currency)',
      value: (doc) => decimal(doc.submitted),
      server: () => decimalOnServer('submitted'),
    },
    adjusted: {
      kind: 'sum',
      label: "Manager's figure (adjusted, else submitted)",
      value: (doc) => decimal(doc.adjusted ?? doc.submitted),
      server: () => ({
        $convert: {
          input: { $ifNull: [field('adjusted'), field('submitted')] },
          to: 'double',
          onError: 0,
          onNull: 0,
        },
      }),
    },
  },
  asOf: {
    at: forecastRowAsOf,
    join: withForecastThen,
    joinedProjections: [REPORT_FORECAST_SUBMISSIONS_PROJECTION],
    undatedDimensions: [],
    undatedMeasures: [],
  },
  amounts: { convert: forecastInCurrency },
  record: (doc) => ({
    owner: doc.ownerId,
    period: doc.period,
    currency: doc.currency,
    submitted: doc.submitted,
    adjusted: doc.adjusted ?? null,
    submittedAt: doc.submittedAt,
  }),
});
