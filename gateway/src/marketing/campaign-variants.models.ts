// GraphQL types of an A/B campaign's evaluation (docs/marketing.md#ab-variants): per-variant results
// and the winner.
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { MarketingCommandResult } from './marketing.models';

@ObjectType()
export class CampaignVariantResult {
  @Field(() => ID) variantId!: string;
  @Field(() => ID) templateId!: string;
  @Field(() => Int, { description: 'Recipients of the test share sent this variant.' })
  recipients!: number;
  @Field(() => Float, { description: 'Opens or clicks (recipients), or revenue in minor units.' })
  total!: number;
  @Field(() => Float, { description: 'total / recipients.' }) rate!: number;
}

@ObjectType({ description: "An A/B campaign's variants, results and winner." })
export class CampaignVariantsEvaluation {
  @Field(() => [CampaignVariantResult]) variants!: CampaignVariantResult[];
  @Field(() => String, { description: 'opened, clicked or revenue.' }) metric!: string;
  @Field(() => Float) confidence!: number;
  @Field(() => ID, { nullable: true, description: 'Null while undecided.' })
  winnerVariantId!: string | null;
  @Field(() => Float, {
    nullable: true,
    description: "The leader's largest two-sided p-value against the other variants.",
  })
  pValue!: number | null;
  @Field(() => String, { nullable: true, description: 'Why there is no winner yet.' })
  undecidedReason!: string | null;
  @Field(() => MarketingCommandResult, {
    nullable: true,
    description: 'The record of the winner, when this evaluation chose it.',
  })
  result!: MarketingCommandResult | null;
}
