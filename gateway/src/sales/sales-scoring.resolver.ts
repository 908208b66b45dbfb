// Lead scoring mutations: engagements, scoring a lead (the score shows on `lead`/`leads`), and the
// tenant's scoring model (admins and sales managers). services/sales checks roles and scope again.
import { SALES_RPC_ROLES } from '@crm/access-policy';
import { Args, Context, Field, ID, InputType, Int, Mutation, Resolver } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AllowRoles } from '../authz/allow.decorator';
import { type GatewayContext } from '../graphql/gateway-context';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';
import { SalesResolverBase } from './sales-resolver.base';
import { SalesCommandResult } from './sales.models';

@InputType()
export class RecordLeadEngagementInput extends IdempotentCommandInput {
  @Field(() => ID) leadId!: string;
  @Field(() => String, {
    description: 'email_opened, link_clicked, site_visit, form_submitted or meeting_attended.',
  })
  kind!: string;
  @Field(() => String, { description: 'When it happened (ISO-8601), not in the future.' })
  occurredAt!: string;
}

@InputType()
export class ScoreLeadInput extends IdempotentCommandInput {
  @Field(() => ID) leadId!: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'The pipeline whose won/lost history the win probability learns from; absent: the lead’s team’s default pipeline, else `default` (ADR 0480).',
  })
  pipelineId?: string | null;
}

@InputType()
export class LeadFitRuleInput {
  @Field(() => String, { description: 'source, company, email or phone.' }) attribute!: string;
  @Field(() => String, { description: 'A source, or "yes"/"no" for company, email, phone.' })
  equals!: string;
  @Field(() => Int) points!: number;
}

@InputType()
export class EngagementPointsInput {
  @Field(() => String) kind!: string;
  @Field(() => Int) points!: number;
}

@InputType()
export class DefineLeadScoringModelInput extends IdempotentCommandInput {
  @Field(() => [LeadFitRuleInput])
  @ValidateNested({ each: true })
  @Type(() => LeadFitRuleInput)
  fitRules!: LeadFitRuleInput[];
  @Field(() => [EngagementPointsInput], { description: 'Every engagement kind once.' })
  @ValidateNested({ each: true })
  @Type(() => EngagementPointsInput)
  engagementPoints!: EngagementPointsInput[];
  @Field(() => Int, { description: 'Engagement points halve every this many days.' })
  halfLifeDays!: number;
}

@Resolver()
export class SalesScoringResolver extends SalesResolverBase {
  @Mutation(() => SalesCommandResult)
  @AllowRoles(...SALES_RPC_ROLES.RecordLeadEngagement)
  recordLeadEngagement(
    @Args('input') input: RecordLeadEngagementInput,
    @Context() ctx: GatewayContext,
  ) {
    const { leadId, kind, occurredAt } = input;
    return this.command(ctx, 'RecordLeadEngagement', input, { leadId, kind, occurredAt }, leadId);
  }

  @Mutation(() => SalesCommandResult, {
    description:
      'Scores a lead with the tenant model: fit, decayed engagement, win probability learned from the won and lost deals of its pipeline (sales.LeadScored carries the pipeline and every factor).',
  })
  @AllowRoles(...SALES_RPC_ROLES.ScoreLead)
  scoreLead(@Args('input') input: ScoreLeadInput, @Context() ctx: GatewayContext) {
    const { leadId, pipelineId } = input;
    return this.command(ctx, 'ScoreLead', input, { leadId, pipelineId: pipelineId ?? '' }, leadId);
  }

  @Mutation(() => SalesCommandResult, {
    description: 'Declares the next version of the tenant’s lead scoring model.',
  })
  @AllowRoles(...SALES_RPC_ROLES.DefineLeadScoringModel)
  defineLeadScoringModel(
    @Args('input') input: DefineLeadScoringModelInput,
    @Context() ctx: GatewayContext,
  ) {
    const { fitRules, engagementPoints, halfLifeDays } = input;
    return this.command(ctx, 'DefineLeadScoringModel', input, {
      fitRules: fitRules.map((r) => ({ ...r })),
      engagementPoints: engagementPoints.map((e) => ({ ...e })),
      halfLifeDays,
    });
  }
}
