// Campaign deliveries for reports (docs/reports.md, ADR 0306): one document per campaign and
// recipient, dated at each step (sent, bounced, unsubscribed through the campaign's link), so
// bounce and unsubscribe rates answer asOf. Reads marketing's published events only. The bounce
// event is the one marketing publishes for a mail the receiving server refused; until marketing
// records bounces, none arrives and the rate is 0 of the messages sent. Version 2 also dates each
// recipient skipped (and why), so campaign results (sent, skipped by reason) answer asOf.
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type Fields, type ReadModelChange } from '@crm/read-models';
import {
  REPORT_CAMPAIGN_MESSAGES_MODEL,
  REPORT_CAMPAIGN_MESSAGES_PROJECTION,
  campaignMessageId,
} from '@crm/reports/read-models';

export const CAMPAIGN_MESSAGE_SENT = 'marketing.CampaignMessageSent';
export const CAMPAIGN_MESSAGE_BOUNCED = 'marketing.CampaignMessageBounced';
export const CUSTOMER_UNSUBSCRIBED = 'marketing.CustomerUnsubscribed';
export const CAMPAIGN_RECIPIENT_SKIPPED = 'marketing.CampaignRecipientSkipped';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export function projectCampaignMessage(envelope: EventEnvelope): ReadModelChange | undefined {
  const data = (envelope.data ?? {}) as Record<string, unknown>;
  const campaignId = text(data['campaignId']);
  const customerId = text(data['customerId']);
  // An unsubscribe without a campaign (not through a mail's link) is no campaign's figure.
  if (!campaignId || !customerId) return undefined;
  const message = (set: Fields): ReadModelChange =>
    upsert(
      REPORT_CAMPAIGN_MESSAGES_MODEL,
      campaignMessageId(envelope.tenantId, campaignId, customerId),
      {
        set: { tenantId: envelope.tenantId, campaignId, customerId, ...set },
      },
    );
  switch (envelope.type) {
    case CAMPAIGN_MESSAGE_SENT: {
      const sentAt = text(data['sentAt']);
      return sentAt ? message({ sentAt }) : undefined;
    }
    case CAMPAIGN_MESSAGE_BOUNCED: {
      const bouncedAt = text(data['bouncedAt']) ?? envelope.occurredAt;
      const kind = text(data['bounceType']) ?? text(data['kind']);
      return message({ bouncedAt, ...(kind ? { bounceKind: kind } : {}) });
    }
    case CAMPAIGN_RECIPIENT_SKIPPED: {
      const skippedAt = text(data['skippedAt']);
      const skipReason = text(data['reason']);
      return skippedAt && skipReason ? message({ skippedAt, skipReason }) : undefined;
    }
    case CUSTOMER_UNSUBSCRIBED: {
      const unsubscribedAt = text(data['unsubscribedAt']);
      return unsubscribedAt ? message({ unsubscribedAt }) : undefined;
    }
    default:
      return undefined;
  }
}

export const reportCampaignMessagesProjection = defineProjection({
  name: REPORT_CAMPAIGN_MESSAGES_PROJECTION,
  version: 2,
  eventTypes: [
    CAMPAIGN_MESSAGE_SENT,
    CAMPAIGN_MESSAGE_BOUNCED,
    CUSTOMER_UNSUBSCRIBED,
    CAMPAIGN_RECIPIENT_SKIPPED,
  ],
  readModels: [REPORT_CAMPAIGN_MESSAGES_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [REPORT_CAMPAIGN_MESSAGES_MODEL]: [{ fields: { tenantId: 1, campaignId: 1, sentAt: 1 } }],
  },
  project: projectCampaignMessage,
});
