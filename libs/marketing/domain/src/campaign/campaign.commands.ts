// Commands of the Campaign aggregate, already parsed.
import type { TemplateLocale } from '../template/merge-fields';
import type { BounceKind, SkipReason } from './campaign.events';
import type { MarketingChannel } from '../delivery/channels';
import type { DeferralReason } from '../delivery/sending-policy';
import type { AbTest, WinnerMetric } from './variant-test';

interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data & { readonly campaignId: string; readonly now: string };
}

export type CreateCampaign = Command<
  'CreateCampaign',
  {
    readonly name: string;
    readonly segmentId: string;
    readonly templateId: string;
    readonly locale: TemplateLocale;
    readonly abTest?: AbTest;
    readonly channel?: MarketingChannel;
  }
>;
/** `approvalRequired`: the service's rule (CRM_MARKETING_CAMPAIGN_APPROVAL); absent: none. */
export type ScheduleCampaign = Command<
  'ScheduleCampaign',
  { readonly sendAt: string; readonly approvalRequired?: boolean }
>;
export type StartSending = Command<
  'StartSending',
  { readonly audienceSize: number; readonly approvalRequired?: boolean }
>;
/** An approver (admin) approves the campaign's launch, after a test send. */
export type ApproveCampaign = Command<'ApproveCampaign', { readonly approvedBy: string }>;
export type RecordDelivery = Command<
  'RecordDelivery',
  {
    readonly customerId: string;
    readonly outcome:
      | { readonly kind: 'sent'; readonly messageId: string; readonly variantId?: string }
      | { readonly kind: 'skipped'; readonly reason: SkipReason; readonly detail: string };
  }
>;
export type CompleteSending = Command<'CompleteSending', object>;
export type CancelCampaign = Command<'CancelCampaign', { readonly reason?: string }>;
/** A test send to a seed list (staff addresses, not customers) happened; counted, not named. */
export type RecordTestSend = Command<
  'RecordTestSend',
  {
    readonly recipients: number;
    readonly sampleCustomerId?: string;
    readonly variantIds?: readonly string[];
  }
>;

/** The mail server refused the campaign's mail `messageId` to the customer (a provider's report). */
export type RecordBounce = Command<
  'RecordBounce',
  {
    readonly customerId: string;
    readonly messageId: string;
    readonly kind: BounceKind;
    readonly detail?: string;
    readonly bouncedAt: string;
  }
>;

/** The A/B test's evaluation found a winner (decided by `decideWinner`). */
export type ChooseWinner = Command<
  'ChooseWinner',
  { readonly variantId: string; readonly metric: WinnerMetric; readonly pValue: number }
>;

/** The send waits until `until` (tenant quiet hours or cap); the members left go then. */
export type DeferSending = Command<
  'DeferSending',
  { readonly reason: DeferralReason; readonly until: string }
>;

export type CampaignCommand =
  | DeferSending
  | ChooseWinner
  | RecordBounce
  | CreateCampaign
  | ScheduleCampaign
  | StartSending
  | RecordDelivery
  | CompleteSending
  | CancelCampaign
  | RecordTestSend
  | ApproveCampaign;
