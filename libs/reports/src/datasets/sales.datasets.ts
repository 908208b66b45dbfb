// Sales datasets over the lead queue and the pipeline board, guarded by the sales record scope.
// As of an instant: leads captured by then, with the status, owner and team of then from the
// reports context's lead history (ADR 0391); opportunities
// opened by then, in the stage and status they stood in then, replayed from the stage events the
// reports context keeps per opportunity (ADR 0391). An opportunity's owner is set at its opening and
// never changes, so it is dated too; the forecast category (moved by probability overrides) is not.
import {
  SALES_LEADS_MODEL,
  SALES_LEADS_PROJECTION,
  SALES_OPPORTUNITIES_MODEL,
  SALES_PIPELINE_PROJECTION,
  type LeadDocument,
  type OpportunityDocument,
} from '@crm/sales-read-models';
import {
  REPORT_OPPORTUNITY_STAGES_MODEL,
  REPORT_OPPORTUNITY_STAGES_PROJECTION,
  type OpportunityStagesDocument,
} from '../read-models/report-read-models';
import { daysSince, declareDataset, documentsById, orNone, type JoinSource } from './dataset';
import { field, orNoneOf, wholeDaysSince } from './server-expressions';
import {
  convertedDecimal,
  datedFromHistory,
  latestAmount,
  type WithAmountSet,
} from './amount-dates';
import type { AmountConversion } from '../currency/target-currency';
import { REPORT_LEAD_HISTORY_PROJECTION, withLeadThen, type LeadThen } from './lead-history';
import { stagesAsOf } from './stage-durations.dataset';

type LeadRow = LeadDocument & { readonly then?: LeadThen | null };

/**
 * The lead as it stood at `asOf`: status, owner and team from its history. Without one (the
 * reports projection trails), the lead as it stands now.
 */
export function leadAsOf(doc: LeadRow, _asOf: Date): LeadRow {
  const { then, ...lead } = doc;
  return then
    ? {
        ...lead,
        status: then.status as LeadDocument['status'],
        ownerId: then.ownerId,
        teamId: then.teamId,
      }
    : lead;
}

export const leadsDataset = declareDataset<LeadRow>({
  name: 'leads',
  label: 'Leads',
  projection: SALES_LEADS_PROJECTION,
  model: SALES_LEADS_MODEL,
  scope: 'sales',
  storeCategory: 'sales.Lead',
  timeField: 'capturedAt',
  fields: ['source', 'status', 'ownerId', 'teamId'],
  dimensions: {
    source: {
      label: 'Source',
      value: (doc) => orNone(doc.source),
      server: () => orNoneOf(field('source')),
    },
    status: { label: 'Status', value: (doc) => doc.status, server: () => field('status') },
    owner: {
      label: 'Owner',
      value: (doc) => orNone(doc.ownerId),
      server: () => orNoneOf(field('ownerId')),
    },
    team: {
      label: 'Team',
      value: (doc) => orNone(doc.teamId),
      server: () => orNoneOf(field('teamId')),
    },
  },
  measures: {
    leads: { kind: 'count', label: 'Leads' },
    conversionRate: {
      kind: 'ratio',
      label: 'Converted % (of leads)',
      numerator: (doc) => doc.status === 'converted',
      denominator: () => true,
      server: () => ({ numerator: { $eq: [field('status'), 'converted'] }, denominator: true }),
    },
  },
  asOf: {
    at: leadAsOf,
    join: withLeadThen,
    joinedProjections: [REPORT_LEAD_HISTORY_PROJECTION],
    undatedDimensions: [],
    undatedMeasures: [],
  },
  record: (doc) => ({
    id: doc._id,
    source: doc.source,
    status: doc.status,
    owner: doc.ownerId,
    capturedAt: doc.capturedAt,
  }),
});

/** Where an opportunity stood at an instant, replayed from its stage events. */
interface StageThen {
  readonly stageId: string;
  readonly status: OpportunityDocument['status'];
  readonly stageEnteredAt: string;
  readonly closedAt?: string;
}

type OpportunityRow = OpportunityDocument & {
  readonly stageThen?: StageThen | null;
} & WithAmountSet;

/** Each row with where it stood at `asOf` (null: no stage event by then was kept). */
async function withStageThen(
  rows: readonly OpportunityRow[],
  source: JoinSource,
  asOf: Date,
): Promise<OpportunityRow[]> {
  const byId = await documentsById<OpportunityStagesDocument>(
    source,
    REPORT_OPPORTUNITY_STAGES_PROJECTION,
    REPORT_OPPORTUNITY_STAGES_MODEL,
    rows.map((r) => r._id),
    ['ownerId', 'currentStageId', 'currentEnteredAt', 'status', 'openedAt', 'moves'],
  );
  return rows.map((row) => {
    const doc = byId.get(row._id);
    const then = doc?.moves ? stagesAsOf(doc, asOf) : null;
    const stageThen: StageThen | null = then && {
      stageId: then.currentStageId,
      status: then.status,
      stageEnteredAt: then.currentEnteredAt,
      ...(then.closedAt !== undefined && { closedAt: then.closedAt }),
    };
    return { ...row, stageThen };
  });
}

/** The opportunity as it stood at `asOf`. */
export function opportunityAsOf(doc: OpportunityRow, asOf: Date): OpportunityRow {
  const { closedAt, stageThen, ...rest } = doc;
  if (stageThen)
    return {
      ...rest,
      stageId: stageThen.stageId,
      status: stageThen.status,
      stageEnteredAt: stageThen.stageEnteredAt,
      ...(stageThen.closedAt !== undefined && { closedAt: stageThen.closedAt }),
    };
  // No stage events kept (the reports projection trails): closed only if it closed by then.
  if (doc.status === 'open' || !closedAt || Date.parse(closedAt) <= asOf.getTime()) return doc;
  return { ...rest, status: 'open' };
}

/**
 * The opportunity's amount in the target currency: the amount its stage events date by the
 * report's instant (at the opening and at each change of lines), converted at that event's
 * instant. Without them (the reports projection trails), the amount on the board, dated by the
 * opening.
 */
function opportunityInCurrency(doc: OpportunityRow, convert: AmountConversion): OpportunityRow {
  const set = doc.amountSet ?? { at: doc.openedAt, amount: doc.amount };
  return {
    ...doc,
    amount: convertedDecimal(set.amount, set.currency ?? doc.currency, set.at, convert),
    currency: convert.target,
  };
}

function amountOf(doc: OpportunityDocument): number {
  const amount = Number(doc.amount);
  return Number.isFinite(amount) ? amount : 0;
}

export const opportunitiesDataset = declareDataset<OpportunityRow>({
  name: 'opportunities',
  label: 'Opportunities',
  projection: SALES_PIPELINE_PROJECTION,
  model: SALES_OPPORTUNITIES_MODEL,
  scope: 'sales',
  storeCategory: 'sales.Opportunity',
  timeField: 'openedAt',
  fields: [
    'pipelineId',
    'stageId',
    'status',
    'ownerId',
    'teamId',
    'amount',
    'currency',
    'forecastCategory',
    'closedAt',
    'stageEnteredAt',
  ],
  dimensions: {
    stage: { label: 'Stage', value: (doc) => doc.stageId, server: () => field('stageId') },
    status: { label: 'Status', value: (doc) => doc.status, server: () => field('status') },
    owner: {
      label: 'Owner',
      value: (doc) => orNone(doc.ownerId),
      server: () => orNoneOf(field('ownerId')),
    },
    pipeline: {
      label: 'Pipeline',
      value: (doc) => doc.pipelineId,
      server: () => field('pipelineId'),
    },
    currency: { label: 'Currency', value: (doc) => doc.currency, server: () => field('currency') },
    forecastCategory: {
      label: 'Forecast category',
      value: (doc) => doc.forecastCategory,
      server: () => field('forecastCategory'),
    },
  },
  measures: {
    opportunities: { kind: 'count', label: 'Opportunities' },
    won: {
      kind: 'ratio',
      label: 'Won % (of closed)',
      numerator: (doc) => doc.status === 'won',
      denominator: (doc) => doc.status !== 'open',
      server: () => ({
        numerator: { $eq: [field('status'), 'won'] },
        denominator: { $ne: [field('status'), 'open'] },
      }),
    },
    amount: {
      kind: 'sum',
      label: 'Amount (group by currency)',
      value: amountOf,
      // Decimal strings; one that does not parse counts as 0, as amountOf does.
      server: () => ({
        $convert: { input: field('amount'), to: 'double', onError: 0, onNull: 0 },
      }),
    },
    daysToClose: {
      kind: 'average',
      label: 'Average days from open to close',
      value: (doc) => (doc.closedAt ? daysSince(doc.openedAt, new Date(doc.closedAt)) : null),
      server: () => wholeDaysSince(field('openedAt'), field('closedAt')),
    },
    daysInStage: {
      kind: 'average',
      label: 'Average days in the current stage (open)',
      value: (doc, now) => (doc.status === 'open' ? daysSince(doc.stageEnteredAt, now) : null),
      server: (now) => ({
        $cond: [
          { $eq: [field('status'), 'open'] },
          wholeDaysSince(field('stageEnteredAt'), now),
          null,
        ],
      }),
    },
  },
  asOf: {
    at: opportunityAsOf,
    join: withStageThen,
    joinedProjections: [REPORT_OPPORTUNITY_STAGES_PROJECTION],
    undatedDimensions: ['forecastCategory'],
    undatedMeasures: [],
  },
  amounts: {
    dated: datedFromHistory<OpportunityStagesDocument>({
      projection: REPORT_OPPORTUNITY_STAGES_PROJECTION,
      model: REPORT_OPPORTUNITY_STAGES_MODEL,
      fields: ['amounts'],
      amountAt: (doc, at) => latestAmount(doc.amounts, at, (fact) => fact.currency),
    }),
    datedProjections: [REPORT_OPPORTUNITY_STAGES_PROJECTION],
    convert: opportunityInCurrency,
  },
  record: (doc) => ({
    id: doc._id,
    stage: doc.stageId,
    status: doc.status,
    owner: doc.ownerId,
    amount: doc.amount,
    currency: doc.currency,
    openedAt: doc.openedAt,
    closedAt: doc.closedAt ?? null,
  }),
});
