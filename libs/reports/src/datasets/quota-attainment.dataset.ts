// Quota attainment (docs/reports.md): each owner's quota of a period, set by a sales manager
// (sales' SetQuota), beside what the owner won in the period, the owner's latest forecast of it and
// the open pipeline expected to close in it, all in the quota's currency and in the viewer's sales
// record scope. A team's figures add up its members' quotas. As of an instant: the quota in force
// then (the reports context keeps every setting), the latest forecast submitted by then, the
// deals won by then and the deals open then at their amount of then (replayed from the reports
// context's stage events and dated amounts; ADR 0415). In a target currency (ADR 0471) every
// amount converts at the rate of the event that set it: the quota at its setting, each won deal
// at its win, the forecast at its submission, each open deal at its latest amount's setting.
import {
  SALES_OPPORTUNITIES_MODEL,
  SALES_PIPELINE_PROJECTION,
  type OpportunityDocument,
} from '@crm/sales-read-models';
import {
  REPORT_FORECAST_SUBMISSIONS_MODEL,
  REPORT_FORECAST_SUBMISSIONS_PROJECTION,
  REPORT_OPPORTUNITY_STAGES_MODEL,
  REPORT_OPPORTUNITY_STAGES_PROJECTION,
  REPORT_QUOTAS_MODEL,
  REPORT_QUOTAS_PROJECTION,
  type ForecastSubmissionsDocument,
  type OpportunityStagesDocument,
  type QuotaSettingsDocument,
} from '../read-models/report-read-models';
import type { AmountConversion } from '../currency/target-currency';
import { convertedDecimal, latestAmount } from './amount-dates';
import { declareDataset, documentsById, orNone, type JoinSource } from './dataset';
import { latestFact } from './dated-facts';
import { forecastAsOf } from './forecast-accuracy.dataset';
import { stagesAsOf } from './stage-durations.dataset';
import {
  WON_DEALS_PROJECTIONS,
  convertedSum,
  decimal,
  ownersAndSpan,
  periodDates,
  wonDealsOf,
  wonIn,
  type DatedAmount,
  type OwnerPeriod,
  type WonFigures,
} from './won-deals';

export interface QuotaAttainmentRow extends QuotaSettingsDocument, WonFigures {
  /** The owner's latest forecast of the period in the quota's currency; null: none submitted. */
  readonly forecast: number | null;
  /** When that forecast was submitted (null: none). */
  readonly forecastAt: string | null;
  /** Open opportunities of the owner expected to close in the period (open then, as of an instant). */
  readonly openPipeline: number;
  readonly openDeals: number;
  /** Each open deal counted, dated by its amount's setting (`id`: a board deal not dated yet). */
  readonly openAmounts: readonly OpenAmount[];
}

type OpenAmount = DatedAmount & { readonly id?: string };

/** The quota as it stood at `asOf`: the setting in force then (none: not set yet). */
export function quotaAsOf(doc: QuotaSettingsDocument, asOf: Date): QuotaSettingsDocument | null {
  const latest = latestFact(doc.settings, asOf);
  return latest ? { ...doc, amount: latest.amount, setAt: latest.at } : null;
}

const sameQuota = (a: OwnerPeriod, b: OwnerPeriod) =>
  a.ownerId === b.ownerId && a.period === b.period && a.currency === b.currency;

/** The owners' forecasts of the quotas' periods, as they stood at `asOf` when given. */
async function forecastsOf(
  quotas: readonly QuotaSettingsDocument[],
  source: JoinSource,
  asOf: Date | undefined,
): Promise<ForecastSubmissionsDocument[]> {
  const owners = [...new Set(quotas.map((q) => q.ownerId))];
  const periods = [...new Set(quotas.map((q) => q.period))];
  if (owners.length === 0) return [];
  const found = (await source.find(
    REPORT_FORECAST_SUBMISSIONS_PROJECTION,
    REPORT_FORECAST_SUBMISSIONS_MODEL,
    { ownerId: { $in: owners }, period: { $in: periods } },
    ['ownerId', 'period', 'currency', 'submitted', 'submittedAt', 'submissions'],
  )) as unknown as ForecastSubmissionsDocument[];
  return found.flatMap((f) => {
    const seen = asOf ? forecastAsOf(f, asOf) : f;
    return seen ? [seen] : [];
  });
}

/**
 * An open deal as the quota rows read it, with the instant its amount was set: from the reports
 * context's dated amounts as of an instant; from the board, its opening (and its `id`, for
 * `datedOpenAmounts` to date it when the report asks for a target currency).
 */
type OpenDeal = Pick<OpportunityDocument, 'ownerId' | 'currency' | 'amount' | 'expectedCloseOn'> & {
  readonly at: string;
  readonly id?: string;
};

/**
 * Open opportunities of the quotas' owners expected to close within the quotas' periods: now, or
 * those open at `asOf` with the amount they had then.
 */
async function openPipelineOf(
  quotas: readonly QuotaSettingsDocument[],
  source: JoinSource,
  asOf: Date | undefined,
): Promise<OpenDeal[]> {
  const want = ownersAndSpan(quotas);
  if (!want) return [];
  const closing = { $gte: want.from, $lt: want.to };
  if (!asOf) {
    const board = (await source.find(
      SALES_PIPELINE_PROJECTION,
      SALES_OPPORTUNITIES_MODEL,
      { status: 'open', ownerId: { $in: want.owners }, expectedCloseOn: closing },
      ['ownerId', 'currency', 'amount', 'expectedCloseOn', 'openedAt'],
    )) as unknown as OpportunityDocument[];
    return board.map((o) => ({
      id: String(o._id),
      ownerId: o.ownerId,
      currency: o.currency,
      amount: o.amount,
      expectedCloseOn: o.expectedCloseOn,
      at: o.openedAt,
    }));
  }
  const opportunities = (await source.find(
    REPORT_OPPORTUNITY_STAGES_PROJECTION,
    REPORT_OPPORTUNITY_STAGES_MODEL,
    {
      ownerId: { $in: want.owners },
      openedAt: { $lte: asOf.toISOString() },
      expectedCloseOn: closing,
    },
    [
      'ownerId',
      'currentStageId',
      'currentEnteredAt',
      'status',
      'openedAt',
      'moves',
      'amounts',
      'expectedCloseOn',
    ],
  )) as unknown as OpportunityStagesDocument[];
  return opportunities.flatMap((doc) => {
    const amount = latestFact(doc.amounts, asOf);
    if (stagesAsOf(doc, asOf)?.status !== 'open' || !amount || !doc.expectedCloseOn) return [];
    const { amount: value, currency, at } = amount;
    return [
      { ownerId: doc.ownerId, currency, amount: value, expectedCloseOn: doc.expectedCloseOn, at },
    ];
  });
}

/** The open deals of the quota's owner, currency and period, and their amount. */
function openIn(quota: QuotaSettingsDocument, open: readonly OpenDeal[]) {
  const period = periodDates(quota.period);
  const deals = open.filter(
    (o) =>
      period &&
      o.ownerId === quota.ownerId &&
      o.currency === quota.currency &&
      o.expectedCloseOn >= period.from &&
      o.expectedCloseOn < period.to,
  );
  const openAmounts = deals.map((o): OpenAmount => ({
    amount: decimal(o.amount),
    currency: o.currency,
    at: o.at,
    ...(o.id !== undefined && { id: o.id }),
  }));
  const amount = openAmounts.reduce((sum, o) => sum + o.amount, 0);
  return { openPipeline: Math.round(amount * 100) / 100, openDeals: deals.length, openAmounts };
}

/**
 * The rows with their board deals dated by the reports context's dated amounts (the latest by
 * `at`), as the opportunities dataset dates them; a deal whose history has not arrived yet stays
 * dated by its opening (ADR 0455).
 */
async function datedOpenAmounts(
  rows: readonly QuotaAttainmentRow[],
  source: JoinSource,
  at: Date,
): Promise<QuotaAttainmentRow[]> {
  const ids = rows.flatMap((row) => row.openAmounts.flatMap((o) => (o.id ? [o.id] : [])));
  const byId = await documentsById<OpportunityStagesDocument>(
    source,
    REPORT_OPPORTUNITY_STAGES_PROJECTION,
    REPORT_OPPORTUNITY_STAGES_MODEL,
    [...new Set(ids)],
    ['amounts'],
  );
  return rows.map((row) => ({
    ...row,
    openAmounts: row.openAmounts.map((open) => {
      const doc = open.id === undefined ? undefined : byId.get(open.id);
      const set = doc && latestAmount(doc.amounts, at, (fact) => fact.currency);
      return set
        ? { amount: decimal(set.amount), currency: set.currency ?? open.currency, at: set.at }
        : open;
    }),
  }));
}

/** The row with every amount in the target currency, each at the rate of the event that set it. */
function quotaInCurrency(row: QuotaAttainmentRow, convert: AmountConversion): QuotaAttainmentRow {
  const { forecast, forecastAt } = row;
  return {
    ...row,
    amount: convertedDecimal(row.amount, row.currency, row.setAt, convert),
    wonAmount: convertedSum(row.wonAmounts, convert),
    openPipeline: convertedSum(row.openAmounts, convert),
    forecast:
      forecast === null ? null : convert.amount(forecast, row.currency, forecastAt ?? row.setAt),
    currency: convert.target,
  };
}

const hasQuota = (row: QuotaAttainmentRow) => decimal(row.amount) > 0;

export const quotaAttainmentDataset = declareDataset<QuotaAttainmentRow>({
  name: 'quotaAttainment',
  label: 'Quota attainment (quota per owner and period vs won, forecast and pipeline)',
  projection: REPORT_QUOTAS_PROJECTION,
  model: REPORT_QUOTAS_MODEL,
  scope: 'sales',
  storeCategory: 'sales.Quota',
  timeField: 'setAt',
  asOfTimeField: 'firstSetAt',
  fields: ['period', 'ownerId', 'teamId', 'currency', 'amount', 'setAt', 'settings'],
  expand: (doc, _now, asOf) => {
    const seen = asOf ? quotaAsOf(doc, asOf) : doc;
    return seen ? [seen as QuotaAttainmentRow] : [];
  },
  join: async (quotas, source, asOf) => {
    const [won, forecasts, open] = await Promise.all([
      wonDealsOf(quotas, source, asOf),
      forecastsOf(quotas, source, asOf),
      openPipelineOf(quotas, source, asOf),
    ]);
    return quotas.map((quota) => {
      const forecast = forecasts.find((f) => sameQuota(f, quota));
      return {
        ...quota,
        ...wonIn(quota, won),
        ...openIn(quota, open),
        forecast: forecast ? decimal(forecast.submitted) : null,
        forecastAt: forecast?.submittedAt ?? null,
      };
    });
  },
  // The open pipeline reads the board and the stage events, as the won deals do.
  joinedProjections: [...WON_DEALS_PROJECTIONS, REPORT_FORECAST_SUBMISSIONS_PROJECTION].filter(
    (p, i, all) => all.indexOf(p) === i,
  ),
  // Rows are the quotas in force (expand) with the deals and forecasts of then (join).
  asOf: {
    at: (row) => row,
    undatedDimensions: [],
    undatedMeasures: [],
  },
  dimensions: {
    quotaPeriod: { label: 'Quota period', value: (row) => row.period },
    owner: { label: 'Owner', value: (row) => orNone(row.ownerId) },
    team: { label: 'Team', value: (row) => orNone(row.teamId) },
    currency: { label: 'Currency', value: (row) => row.currency },
  },
  measures: {
    quotas: { kind: 'count', label: 'Quotas' },
    quota: {
      kind: 'sum',
      label: 'Quota (group by currency)',
      value: (row) => decimal(row.amount),
    },
    won: { kind: 'sum', label: 'Won in the period', value: (row) => row.wonAmount },
    wonDeals: { kind: 'sum', label: 'Deals won in the period', value: (row) => row.wonDeals },
    attainment: {
      kind: 'quotient',
      label: 'Attainment % (won ÷ quota)',
      numerator: (row) => row.wonAmount,
      denominator: (row) => (hasQuota(row) ? decimal(row.amount) : null),
    },
    forecast: {
      kind: 'sum',
      label: 'Latest forecast submitted',
      value: (row) => row.forecast,
    },
    forecastToQuota: {
      kind: 'quotient',
      label: 'Forecast % of quota (quotas with a forecast)',
      numerator: (row) => row.forecast ?? 0,
      denominator: (row) => (hasQuota(row) && row.forecast !== null ? decimal(row.amount) : null),
    },
    openPipeline: {
      kind: 'sum',
      label: 'Open pipeline expected to close in the period',
      value: (row) => row.openPipeline,
    },
    openDeals: { kind: 'sum', label: 'Open deals in the period', value: (row) => row.openDeals },
    coverage: {
      kind: 'quotient',
      label: 'Pipeline coverage % (won + open ÷ quota)',
      numerator: (row) => row.wonAmount + row.openPipeline,
      denominator: (row) => (hasQuota(row) ? decimal(row.amount) : null),
    },
  },
  amounts: {
    dated: datedOpenAmounts,
    datedProjections: [REPORT_OPPORTUNITY_STAGES_PROJECTION],
    convert: quotaInCurrency,
  },
  record: (row) => ({
    owner: row.ownerId,
    team: row.teamId,
    period: row.period,
    currency: row.currency,
    quota: row.amount,
    won: row.wonAmount,
    wonDeals: row.wonDeals,
    forecast: row.forecast,
    openPipeline: row.openPipeline,
    setAt: row.setAt,
  }),
});
