// GraphQL inputs of a campaign beyond its basics: its channel (docs/marketing.md#channels), its A/B
// variants and what chooses the winner (docs/marketing.md#ab-variants).
import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';

export enum WinnerMetric {
  OPENED = 'OPENED',
  CLICKED = 'CLICKED',
  REVENUE = 'REVENUE',
}
registerEnumType(WinnerMetric, {
  name: 'WinnerMetric',
  description:
    'What chooses an A/B winner: OPENED (recipients who opened or clicked), CLICKED (who clicked a ' +
    'tracked link), REVENUE (attributed order revenue per recipient).',
});

@InputType()
export class CampaignVariantInput {
  @Field(() => ID) variantId!: string;
  @Field(() => ID, { description: "A template in the campaign's locale." }) templateId!: string;
}

export enum MarketingChannel {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
  PUSH = 'PUSH',
  SOCIAL = 'SOCIAL',
}
registerEnumType(MarketingChannel, {
  name: 'MarketingChannel',
  description:
    'EMAIL over SMTP; SMS, PUSH and SOCIAL send the template subject line as a short text through the ' +
    'channel port (a FAKE sink records them in this deployment).',
});
