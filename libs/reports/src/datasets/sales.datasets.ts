// Sales datasets over the lead queue and the pipeline board, guarded by the sales record scope.
// As of an instant: leads captured by then (status and owner are not dated: refused); opportunities
// opened by then, won or lost only if they closed by then (closedAt is dated). The current stage,
// owner and forecast category are not dated, so they are refused with asOf. A reopened opportunity
// keeps no close date, so as of an instant between its close and its reopening it counts as open.
import {
  SALES_LEADS_MODEL,
  SALES_LEADS_PROJECTION,
  SALES_OPPORTUNITIES_MODEL,
  SALES_PIPELINE_PROJECTION,
  type LeadDocument,
  type OpportunityDocument,
} from '@crm/sales-read-models';
import { daysSince, declareDataset, orNone } from './dataset';
import { field, orNoneOf, wholeDaysSince } from './server-expressions';

export const leadsDataset = declareDataset<LeadDocument>({
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
    at: (doc) => doc,
    undatedDimensions: ['status', 'owner', 'team'],
    undatedMeasures: ['conversionRate'],
  },
  record: (doc) => ({
    id: doc._id,
    source: doc.source,
    status: doc.status,
    owner: doc.ownerId,
    capturedAt: doc.capturedAt,
  }),
});

function amountOf(doc: OpportunityDocument): number {
  const amount = Number(doc.amount);
  return Number.isFinite(amount) ? amount : 0;
}

export const opportunitiesDataset = declareDataset<OpportunityDocument>({
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
    at: (doc, asOf) => {
      if (doc.status === 'open' || !doc.closedAt || Date.parse(doc.closedAt) <= asOf.getTime())
        return doc;
      // Closed after the instant: it was still open then.
      const { closedAt: _closedAt, ...open } = doc;
      return { ...open, status: 'open' };
    },
    undatedDimensions: ['stage', 'owner', 'forecastCategory'],
    undatedMeasures: ['daysInStage'],
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
