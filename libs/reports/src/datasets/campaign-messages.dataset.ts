// Campaign deliveries, one row per message sent (docs/reports.md, ADR 0306): bounce and
// unsubscribe rates per campaign from the reports context's own read model of marketing's events.
// Every step is dated, so the dataset answers asOf: a bounce or an unsubscribe after the instant
// had not happened yet. Tenant-wide for every role of the tenant, as marketing records are.
import {
  REPORT_CAMPAIGN_MESSAGES_MODEL,
  REPORT_CAMPAIGN_MESSAGES_PROJECTION,
  type CampaignMessageDocument,
} from '../read-models/report-read-models';
import { declareDataset, orNone } from './dataset';
import { field, isMissing, oneIf, orNoneOf } from './server-expressions';

const has = (path: string) => ({ $not: [isMissing(field(path))] });

export const campaignMessagesDataset = declareDataset<CampaignMessageDocument>({
  name: 'campaignMessages',
  label: 'Campaign messages (one row per message sent)',
  projection: REPORT_CAMPAIGN_MESSAGES_PROJECTION,
  model: REPORT_CAMPAIGN_MESSAGES_MODEL,
  scope: 'marketing',
  timeField: 'sentAt',
  fields: ['campaignId', 'bouncedAt', 'bounceKind', 'unsubscribedAt'],
  // A document an unsubscribe created before its message's send arrived is not a message yet.
  baseMatch: { sentAt: { $exists: true } },
  dimensions: {
    campaign: {
      label: 'Campaign',
      value: (doc) => doc.campaignId,
      server: () => field('campaignId'),
    },
    bounceKind: {
      label: 'Bounce kind',
      value: (doc) => orNone(doc.bounceKind),
      server: () => orNoneOf(field('bounceKind')),
    },
  },
  measures: {
    messages: { kind: 'count', label: 'Messages sent' },
    bounced: {
      kind: 'sum',
      label: 'Bounced',
      value: (doc) => (doc.bouncedAt ? 1 : 0),
      server: () => oneIf(has('bouncedAt')),
    },
    bounceRate: {
      kind: 'ratio',
      label: 'Bounce rate % (of messages sent)',
      numerator: (doc) => doc.bouncedAt !== undefined,
      denominator: () => true,
      server: () => ({ numerator: has('bouncedAt'), denominator: true }),
    },
    unsubscribed: {
      kind: 'sum',
      label: 'Unsubscribed through the campaign',
      value: (doc) => (doc.unsubscribedAt ? 1 : 0),
      server: () => oneIf(has('unsubscribedAt')),
    },
    unsubscribeRate: {
      kind: 'ratio',
      label: 'Unsubscribe rate % (of messages sent)',
      numerator: (doc) => doc.unsubscribedAt !== undefined,
      denominator: () => true,
      server: () => ({ numerator: has('unsubscribedAt'), denominator: true }),
    },
  },
  asOf: {
    at: (doc, asOf) => {
      const by = (iso: string | undefined) =>
        iso !== undefined && Date.parse(iso) <= asOf.getTime();
      // A skipped recipient (no message) or a message sent after the instant is no row then.
      if (!by(doc.sentAt)) return null;
      const { bouncedAt, bounceKind, unsubscribedAt, ...sent } = doc;
      return {
        ...sent,
        ...(by(bouncedAt) ? { bouncedAt, ...(bounceKind ? { bounceKind } : {}) } : {}),
        ...(by(unsubscribedAt) ? { unsubscribedAt } : {}),
      };
    },
    undatedDimensions: [],
    undatedMeasures: [],
  },
  record: (doc) => ({
    campaign: doc.campaignId,
    customer: doc.customerId,
    sentAt: doc.sentAt ?? null,
    bouncedAt: doc.bouncedAt ?? null,
    unsubscribedAt: doc.unsubscribedAt ?? null,
  }),
});
