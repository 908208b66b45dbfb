// Campaigns of the marketing read model (tenant-wide: marketing records are read by every role of
// the tenant). Campaign results: the audience resolved when sending started, the messages sent,
// and the recipients skipped, in all and by reason. As of an instant: the campaigns created by
// then, with the audience resolved by then and the messages sent and recipients skipped by then,
// counted from the reports context's dated deliveries; the status is not dated (refused).
import {
  MARKETING_CAMPAIGNS_MODEL,
  MARKETING_CAMPAIGNS_PROJECTION,
} from '@crm/marketing-read-models';
import {
  REPORT_CAMPAIGN_MESSAGES_PROJECTION,
  campaignAsOf,
  withCampaignCountsThen,
  type CampaignRow,
} from './campaign-counts-then';
import { declareDataset, orNone, type MeasureSpec } from './dataset';
import { counter, field, orNoneOf } from './server-expressions';

/**
 * The skip reasons of `marketing.RecipientSkipped` (a published event contract; the domain's
 * SKIP_REASONS): one measure each, so a report names a reason, never a client-chosen field.
 */
const SKIP_REASON_MEASURES = {
  skippedNoConsent: ['NO_CONSENT', 'Skipped: no consent'],
  skippedUnsubscribed: ['UNSUBSCRIBED', 'Skipped: unsubscribed'],
  skippedNoEmail: ['NO_EMAIL', 'Skipped: no e-mail address'],
  skippedMergeFieldMissing: ['MERGE_FIELD_MISSING', 'Skipped: merge field missing'],
} as const;

const skippedFor = (reason: string, label: string): MeasureSpec<CampaignRow> => ({
  kind: 'sum',
  label,
  value: (doc) => doc.skipped?.[reason] ?? 0,
  server: () => counter(`skipped.${reason}`),
});

export const campaignsDataset = declareDataset<CampaignRow>({
  name: 'campaigns',
  label: 'Campaigns',
  projection: MARKETING_CAMPAIGNS_PROJECTION,
  model: MARKETING_CAMPAIGNS_MODEL,
  scope: 'marketing',
  storeCategory: 'marketing.Campaign',
  timeField: 'createdAt',
  fields: [
    'campaignId',
    'name',
    'status',
    'segmentId',
    'templateId',
    'locale',
    'audienceSize',
    'sentCount',
    'skippedCount',
    'skipped',
    'startedAt',
    'completedAt',
  ],
  dimensions: {
    campaign: {
      label: 'Campaign',
      value: (doc) => doc.campaignId,
      server: () => field('campaignId'),
    },
    status: { label: 'Status', value: (doc) => doc.status, server: () => field('status') },
    segment: { label: 'Segment', value: (doc) => doc.segmentId, server: () => field('segmentId') },
    template: {
      label: 'Template',
      value: (doc) => doc.templateId,
      server: () => field('templateId'),
    },
    locale: {
      label: 'Locale',
      value: (doc) => orNone(doc.locale),
      server: () => orNoneOf(field('locale')),
    },
  },
  measures: {
    campaigns: { kind: 'count', label: 'Campaigns' },
    audience: {
      kind: 'sum',
      label: 'Audience (recipients resolved)',
      value: (doc) => doc.audienceSize ?? 0,
      server: () => counter('audienceSize'),
    },
    sent: {
      kind: 'sum',
      label: 'Sent',
      value: (doc) => doc.sentCount ?? 0,
      server: () => counter('sentCount'),
    },
    skipped: {
      kind: 'sum',
      label: 'Skipped',
      value: (doc) => doc.skippedCount ?? 0,
      server: () => counter('skippedCount'),
    },
    ...Object.fromEntries(
      Object.entries(SKIP_REASON_MEASURES).map(([name, [reason, label]]) => [
        name,
        skippedFor(reason, label),
      ]),
    ),
  },
  asOf: {
    at: campaignAsOf,
    join: withCampaignCountsThen,
    joinedProjections: [REPORT_CAMPAIGN_MESSAGES_PROJECTION],
    undatedDimensions: ['status'],
    undatedMeasures: [],
  },
  record: (doc) => ({
    id: doc.campaignId,
    name: doc.name,
    status: doc.status,
    audience: doc.audienceSize ?? null,
    sent: doc.sentCount ?? null,
    skipped: doc.skippedCount ?? null,
    createdAt: doc.createdAt,
  }),
});
