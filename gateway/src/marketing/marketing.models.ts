// GraphQL types of the marketing API: segments, templates, campaigns with delivery counts, the
// count preview and membership explanation, command results; inputs mirror proto/marketing.proto
// (the service parses and validates them; GraphQL only fixes their types).
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';
import { CampaignVariantInput, MarketingChannel, WinnerMetric } from './campaign.inputs';

export enum TemplateLocale {
  EN = 'EN',
  ZH_CN = 'ZH_CN',
}
registerEnumType(TemplateLocale, {
  name: 'TemplateLocale',
  description: 'EN: English; ZH_CN: Simplified Chinese.',
});

@ObjectType({ description: 'A named rule over the customer profile (docs/marketing.md).' })
export class MarketingSegment {
  @Field(() => ID) segmentId!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'The rule as JSON.' }) ruleJson!: string;
  @Field(() => String) definedAt!: string;
  @Field(() => String) updatedAt!: string;
}

@ObjectType()
export class MarketingTemplate {
  @Field(() => ID) templateId!: string;
  @Field(() => String) name!: string;
  @Field(() => [String], { description: 'en, zh-CN.' }) locales!: string[];
  @Field(() => String) createdAt!: string;
}

@ObjectType()
export class SkippedRecipients {
  @Field(() => String, {
    description:
      'NO_CONSENT, UNSUBSCRIBED, NO_EMAIL, MERGE_FIELD_MISSING, FREQUENCY_CAP or SUPPRESSED (the address bounced hard).',
  })
  reason!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'A campaign and what its sending did.' })
export class MarketingCampaign {
  @Field(() => ID) campaignId!: string;
  @Field(() => String) name!: string;
  @Field(() => ID) segmentId!: string;
  @Field(() => ID) templateId!: string;
  @Field(() => String) locale!: string;
  @Field(() => String, { description: 'draft, scheduled, sending, sent or cancelled.' })
  status!: string;
  @Field(() => String, { nullable: true }) sendAt!: string | null;
  @Field(() => Int, { nullable: true, description: 'Segment members when sending started.' })
  audienceSize!: number | null;
  @Field(() => Int) sentCount!: number;
  @Field(() => Int) skippedCount!: number;
  @Field(() => [SkippedRecipients]) skipped!: SkippedRecipients[];
  @Field(() => Int, { description: 'Recipients who opened the mail (tracking pixel), each once.' })
  openedCount!: number;
  @Field(() => Int, { description: 'Tracked link clicks, each link once per recipient.' })
  clickedCount!: number;
  @Field(() => Int, {
    description: "Recipients whose mail bounced (the mail provider's bounce reports), each once.",
  })
  bouncedCount!: number;
  @Field(() => Int, {
    description: 'Of the bounced recipients, hard bounces (address suppressed).',
  })
  hardBouncedCount!: number;
  @Field(() => ID, {
    nullable: true,
    description: 'A/B campaigns: the winning variant once chosen.',
  })
  winnerVariantId!: string | null;
  @Field(() => Int, { description: 'Test sends to a seed list before launch.' })
  testSendCount!: number;
  @Field(() => String, { nullable: true }) lastTestSentAt!: string | null;
  @Field(() => String, { nullable: true, description: 'Null: not approved.' })
  approvedAt!: string | null;
  @Field(() => Int, {
    description:
      "Times the send waited on the tenant's quiet hours or sending cap (never dropped).",
  })
  deferralCount!: number;
  @Field(() => String, {
    nullable: true,
    description: 'The last wait: QUIET_HOURS, HOURLY_CAP or DAILY_CAP (null: never waited).',
  })
  deferredReason!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'When the last wait ends and the send resumes on its timer.',
  })
  deferredUntil!: string | null;
  @Field(() => String) createdAt!: string;
  @Field(() => String, { nullable: true }) completedAt!: string | null;
}

@ObjectType({ description: 'How many customers a rule selects now (consent is checked at send).' })
export class SegmentPreview {
  @Field(() => Int) count!: number;
}

@ObjectType({
  description: 'Whether a customer is in a segment now, and the rule terms that matched.',
})
export class SegmentMembership {
  @Field(() => Boolean) matches!: boolean;
  @Field(() => [String]) matchedTerms!: string[];
}

@ObjectType({ description: 'A template rendered for one customer, as a campaign would send it.' })
export class MessagePreview {
  @Field(() => String) subject!: string;
  @Field(() => String, { description: 'Responsive HTML (MJML); the unsubscribe link is a sample.' })
  html!: string;
}

@ObjectType()
export class MarketingCommandResult {
  @Field(() => ID) aggregateId!: string;
  @Field(() => Int) streamVersion!: number;
  @Field(() => Boolean) replayed!: boolean;
  @Field(() => ID, { nullable: true, description: 'The segment, template or campaign created.' })
  createdId!: string | null;
  @Field(() => [String]) eventTypes!: string[];
  @Field(() => String) correlationId!: string;
  @Field(() => String, { description: 'Pass as atLeastPosition to read your own write.' })
  position!: string;
}

@ObjectType()
export class SendCampaignResult {
  @Field(() => MarketingCommandResult) result!: MarketingCommandResult;
  @Field(() => Int) audienceSize!: number;
  @Field(() => Int) sentCount!: number;
  @Field(() => Int) skippedCount!: number;
}

@InputType()
export class DefineSegmentInput extends IdempotentCommandInput {
  @Field(() => ID, { nullable: true, description: 'Empty: derived from the idempotency key.' })
  segmentId?: string | null;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'The rule as JSON (docs/marketing.md).' }) ruleJson!: string;
}

@InputType()
export class TemplateVersionInput {
  @Field(() => TemplateLocale) locale!: TemplateLocale;
  @Field(() => String, { description: 'Liquid; becomes the Subject header.' }) subject!: string;
  @Field(() => String, { description: 'MJML with Liquid merge fields.' }) body!: string;
}

@InputType()
export class MergeFieldFallbackInput {
  @Field(() => String, { description: 'customer.firstName, customer.lastName, …' }) field!: string;
  @Field(() => String) text!: string;
}

@InputType()
export class CreateTemplateInput extends IdempotentCommandInput {
  @Field(() => ID, { nullable: true }) templateId?: string | null;
  @Field(() => String) name!: string;
  @Field(() => [TemplateVersionInput])
  @ValidateNested({ each: true })
  @Type(() => TemplateVersionInput)
  versions!: TemplateVersionInput[];
  @Field(() => [MergeFieldFallbackInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @Type(() => MergeFieldFallbackInput)
  fallbacks!: MergeFieldFallbackInput[];
}

@InputType()
export class CreateCampaignInput extends IdempotentCommandInput {
  @Field(() => ID, { nullable: true }) campaignId?: string | null;
  @Field(() => String) name!: string;
  @Field(() => ID) segmentId!: string;
  @Field(() => ID) templateId!: string;
  @Field(() => TemplateLocale) locale!: TemplateLocale;
  @Field(() => MarketingChannel, { nullable: true, description: 'Default EMAIL.' })
  channel?: MarketingChannel | null;
  @Field(() => [CampaignVariantInput], {
    nullable: true,
    description: 'A/B variants (2–4); none: the one template to everyone.',
  })
  @ValidateNested({ each: true })
  @Type(() => CampaignVariantInput)
  variants?: CampaignVariantInput[] | null;
  @Field(() => WinnerMetric, { nullable: true, description: 'Required with variants.' })
  winnerMetric?: WinnerMetric | null;
  @Field(() => Float, { nullable: true, description: '0.8–0.999; default 0.95.' })
  confidence?: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Share of the audience testing, 1–100 %; default 20.',
  })
  testPercent?: number | null;
  @Field(() => Int, { nullable: true, description: 'Fewest recipients per variant; default 100.' })
  minimumRecipients?: number | null;
}

@InputType()
export class ScheduleCampaignInput extends IdempotentCommandInput {
  @Field(() => ID) campaignId!: string;
  @Field(() => String, { description: 'ISO-8601 UTC instant.' }) sendAt!: string;
}

@InputType()
export class CancelCampaignInput extends IdempotentCommandInput {
  @Field(() => ID) campaignId!: string;
  @Field(() => String, { nullable: true }) reason?: string | null;
}

@InputType()
export class SendCampaignInput extends IdempotentCommandInput {
  @Field(() => ID) campaignId!: string;
}

@InputType()
export class SendTestCampaignInput extends IdempotentCommandInput {
  @Field(() => ID) campaignId!: string;
  @Field(() => [String], { description: 'The seed list: 1–10 staff e-mail addresses.' })
  addresses!: string[];
  @Field(() => ID, {
    nullable: true,
    description: 'Whose data fills the merge fields; omitted: sample data.',
  })
  sampleCustomerId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      "A/B campaigns: only this variant; omitted: every variant's message to each address.",
  })
  variantId?: string | null;
}

@ObjectType()
export class SendTestCampaignResult {
  @Field(() => MarketingCommandResult) result!: MarketingCommandResult;
  @Field(() => Int) sentCount!: number;
}
