// Events of the Campaign aggregate (stream `marketing.Campaign-<campaignId>`). No personal data:
// a delivery names the customer id, never the address.
import type { DomainEvent } from '@crm/event-sourcing';
import type { TemplateLocale } from '../template/merge-fields';
import type { MarketingChannel } from '../delivery/channels';
import type { DeferralReason } from '../delivery/sending-policy';
import type { AbTest, WinnerMetric } from './variant-test';

export const SKIP_REASONS = [
  'NO_CONSENT',
  'UNSUBSCRIBED',
  'NO_EMAIL',
  'MERGE_FIELD_MISSING',
  'FREQUENCY_CAP',
  'SUPPRESSED',
  'NO_ADDRESS',
  // The mail server refused the recipient at hand-off (SMTP 5xx): the address is suppressed.
  'REFUSED',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export type CampaignCreated = DomainEvent<
  'marketing.CampaignCreated',
  {
    readonly campaignId: string;
    readonly name: string;
    readonly segmentId: string;
    readonly templateId: string;
    readonly locale: TemplateLocale;
    /** A/B variants: the campaign's template is then the one the winner replaces nobody with. */
    readonly abTest?: AbTest;
    /** Absent: e-mail. SMS, push and social messages are the template's subject line. */
    readonly channel?: MarketingChannel;
    readonly createdAt: string;
  }
>;
export type CampaignScheduled = DomainEvent<
  'marketing.CampaignScheduled',
  { readonly campaignId: string; readonly sendAt: string; readonly scheduledAt: string }
>;
export type CampaignSendingStarted = DomainEvent<
  'marketing.CampaignSendingStarted',
  { readonly campaignId: string; readonly audienceSize: number; readonly startedAt: string }
>;
export type CampaignMessageSent = DomainEvent<
  'marketing.CampaignMessageSent',
  {
    readonly campaignId: string;
    readonly customerId: string;
    /** The Message-ID header of the mail, for support and bounce matching. */
    readonly messageId: string;
    /** The A/B variant the customer got (the winner's for those sent after it was chosen). */
    readonly variantId?: string;
    /** Absent: e-mail. */
    readonly channel?: MarketingChannel;
    readonly sentAt: string;
  }
>;
export type CampaignRecipientSkipped = DomainEvent<
  'marketing.CampaignRecipientSkipped',
  {
    readonly campaignId: string;
    readonly customerId: string;
    readonly reason: SkipReason;
    readonly detail: string;
    readonly skippedAt: string;
  }
>;
export type CampaignSent = DomainEvent<
  'marketing.CampaignSent',
  {
    readonly campaignId: string;
    readonly sentCount: number;
    readonly skippedCount: number;
    readonly completedAt: string;
  }
>;
export type CampaignCancelled = DomainEvent<
  'marketing.CampaignCancelled',
  { readonly campaignId: string; readonly reason?: string; readonly cancelledAt: string }
>;

/** A test send of the campaign's message to a seed list; the addresses are not recorded. */
export type CampaignTestSent = DomainEvent<
  'marketing.CampaignTestSent',
  {
    readonly campaignId: string;
    readonly recipients: number;
    /** The customer whose data filled the merge fields, if one was chosen. */
    readonly sampleCustomerId?: string;
    /** The A/B variants whose messages were mailed (an A/B campaign's test send). */
    readonly variantIds?: readonly string[];
    readonly sentAt: string;
  }
>;

/** The campaign's launch was approved (by an admin, after a test send). */
export type CampaignApproved = DomainEvent<
  'marketing.CampaignApproved',
  { readonly campaignId: string; readonly approvedBy: string; readonly approvedAt: string }
>;

export const BOUNCE_KINDS = ['hard', 'soft'] as const;
/** hard: the address does not exist or never accepts mail (suppressed); soft: a passing refusal. */
export type BounceKind = (typeof BOUNCE_KINDS)[number];

/**
 * The receiving mail server refused a campaign mail after our SMTP hand-off (reported by the mail
 * provider on the inbound bounces topic). Once per recipient; the shape reports read.
 */
export type CampaignMessageBounced = DomainEvent<
  'marketing.CampaignMessageBounced',
  {
    readonly campaignId: string;
    readonly customerId: string;
    readonly messageId: string;
    readonly kind: BounceKind;
    /** The provider's diagnostic (an SMTP reply such as "550 5.1.1 user unknown"). */
    readonly detail?: string;
    readonly bouncedAt: string;
  }
>;

/** The A/B test's winner: the leading variant beat every other one at the campaign's confidence. */
export type CampaignWinnerChosen = DomainEvent<
  'marketing.CampaignWinnerChosen',
  {
    readonly campaignId: string;
    readonly variantId: string;
    readonly metric: WinnerMetric;
    /** The largest two-sided p-value of the leader against the other variants. */
    readonly pValue: number;
    readonly chosenAt: string;
  }
>;

/**
 * The send stopped for now and goes on at `until` on the campaign's durable timer: the tenant's quiet
 * hours, or its cap on the channel for the hour or the day (ADR 0385). Nobody is dropped: the members
 * not yet done are sent when it resumes.
 */
export type CampaignSendingDeferred = DomainEvent<
  'marketing.CampaignSendingDeferred',
  {
    readonly campaignId: string;
    readonly reason: DeferralReason;
    readonly until: string;
    readonly deferredAt: string;
  }
>;

export type CampaignEvent =
  | CampaignSendingDeferred
  | CampaignWinnerChosen
  | CampaignMessageBounced
  | CampaignApproved
  | CampaignTestSent
  | CampaignCreated
  | CampaignScheduled
  | CampaignSendingStarted
  | CampaignMessageSent
  | CampaignRecipientSkipped
  | CampaignSent
  | CampaignCancelled;
