// Commands of the Campaign aggregate, already parsed.
import type { TemplateLocale } from '../template/merge-fields';
import type { SkipReason } from './campaign.events';

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
  }
>;
export type ScheduleCampaign = Command<'ScheduleCampaign', { readonly sendAt: string }>;
export type StartSending = Command<'StartSending', { readonly audienceSize: number }>;
export type RecordDelivery = Command<
  'RecordDelivery',
  {
    readonly customerId: string;
    readonly outcome:
      | { readonly kind: 'sent'; readonly messageId: string }
      | { readonly kind: 'skipped'; readonly reason: SkipReason; readonly detail: string };
  }
>;
export type CompleteSending = Command<'CompleteSending', object>;
export type CancelCampaign = Command<'CancelCampaign', { readonly reason?: string }>;
/** A test send to a seed list (staff addresses, not customers) happened; counted, not named. */
export type RecordTestSend = Command<
  'RecordTestSend',
  { readonly recipients: number; readonly sampleCustomerId?: string }
>;

export type CampaignCommand =
  | CreateCampaign
  | ScheduleCampaign
  | StartSending
  | RecordDelivery
  | CompleteSending
  | CancelCampaign
  | RecordTestSend;
