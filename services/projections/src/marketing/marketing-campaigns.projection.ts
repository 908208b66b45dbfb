// Campaigns: one document per campaign with its status and delivery counts (sent, skipped by
// reason, bounced) and its tracked opens and clicks (marketing.EngagementRecorded of a campaign mail). Counts are increments: the runtime guards every change by the position it applies, so
// a redelivered event is not counted twice.
import type { EventEnvelope } from '@crm/event-sourcing';
import type { CampaignEvent, EngagementRecorded } from '@crm/marketing-domain';
import {
  MARKETING_CAMPAIGNS_MODEL,
  MARKETING_CAMPAIGNS_PROJECTION,
  marketingDocumentId,
} from '@crm/marketing-read-models';
import { defineProjection, upsert, type Fields, type ReadModelChange } from '@crm/read-models';

const CAMPAIGN_EVENT_TYPES: readonly CampaignEvent['type'][] = [
  'marketing.CampaignCreated',
  'marketing.CampaignScheduled',
  'marketing.CampaignSendingStarted',
  'marketing.CampaignMessageSent',
  'marketing.CampaignRecipientSkipped',
  'marketing.CampaignSent',
  'marketing.CampaignCancelled',
  'marketing.CampaignTestSent',
  'marketing.CampaignApproved',
  'marketing.CampaignMessageBounced',
  'marketing.CampaignWinnerChosen',
  'marketing.CampaignSendingDeferred',
];

/** An open or a click of a campaign mail: a count of the campaign (the event is the customer's). */
function engagementOf(envelope: EventEnvelope): ReadModelChange | undefined {
  const { sourceKind, sourceId, engagement } = envelope.data as EngagementRecorded['data'];
  if (sourceKind !== 'campaign') return undefined;
  return upsert(MARKETING_CAMPAIGNS_MODEL, marketingDocumentId(envelope.tenantId, sourceId), {
    set: { tenantId: envelope.tenantId, campaignId: sourceId },
    inc: { [engagement === 'opened' ? 'openedCount' : 'clickedCount']: 1 },
  });
}

export function projectMarketingCampaign(envelope: EventEnvelope): ReadModelChange | undefined {
  if (envelope.type === 'marketing.EngagementRecorded') return engagementOf(envelope);
  const event = { type: envelope.type, data: envelope.data } as CampaignEvent;
  const campaign = (set: Fields, inc?: Record<string, number>): ReadModelChange =>
    upsert(
      MARKETING_CAMPAIGNS_MODEL,
      marketingDocumentId(envelope.tenantId, event.data.campaignId),
      {
        set: {
          tenantId: envelope.tenantId,
          campaignId: event.data.campaignId,
          version: envelope.streamVersion,
          ...set,
        },
        ...(inc ? { inc } : {}),
      },
    );
  switch (event.type) {
    case 'marketing.CampaignCreated': {
      const { name, segmentId, templateId, locale, createdAt } = event.data;
      return campaign(
        { name, segmentId, templateId, locale, createdAt, status: 'draft' },
        { sentCount: 0, skippedCount: 0 },
      );
    }
    case 'marketing.CampaignScheduled':
      return campaign({ status: 'scheduled', sendAt: event.data.sendAt });
    case 'marketing.CampaignSendingStarted':
      return campaign({
        status: 'sending',
        audienceSize: event.data.audienceSize,
        startedAt: event.data.startedAt,
      });
    case 'marketing.CampaignMessageSent':
      return campaign({}, { sentCount: 1 });
    case 'marketing.CampaignRecipientSkipped':
      return campaign({}, { skippedCount: 1, [`skipped.${event.data.reason}`]: 1 });
    case 'marketing.CampaignSent':
      return campaign({ status: 'sent', completedAt: event.data.completedAt });
    case 'marketing.CampaignCancelled':
      return campaign({ status: 'cancelled' });
    case 'marketing.CampaignApproved':
      return campaign({ approvedAt: event.data.approvedAt, approvedBy: event.data.approvedBy });
    case 'marketing.CampaignTestSent':
      return campaign({ lastTestSentAt: event.data.sentAt }, { testSendCount: 1 });
    case 'marketing.CampaignWinnerChosen':
      return campaign({ winnerVariantId: event.data.variantId });
    case 'marketing.CampaignSendingDeferred':
      return campaign(
        { deferredReason: event.data.reason, deferredUntil: event.data.until },
        { deferralCount: 1 },
      );
    case 'marketing.CampaignMessageBounced':
      return campaign(
        {},
        { bouncedCount: 1, ...(event.data.kind === 'hard' ? { hardBouncedCount: 1 } : {}) },
      );
    default:
      return undefined;
  }
}

export const marketingCampaignsProjection = defineProjection({
  name: MARKETING_CAMPAIGNS_PROJECTION,
  version: 1,
  eventTypes: [...CAMPAIGN_EVENT_TYPES, 'marketing.EngagementRecorded'],
  readModels: [MARKETING_CAMPAIGNS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: { [MARKETING_CAMPAIGNS_MODEL]: [{ fields: { tenantId: 1, createdAt: -1 } }] },
  project: projectMarketingCampaign,
});
