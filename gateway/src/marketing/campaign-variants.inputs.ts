// GraphQL inputs of A/B campaign variants (docs/marketing.md#ab-variants): the variants a campaign
// is created with and what chooses the winner.
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
