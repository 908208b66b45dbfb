// Satisfaction: CSAT per agent or team within the caller's ticket scope (agents see their own,
// leads their team's, admins and auditors the tenant's) and the tenant's NPS, from the
// satisfaction read models; sending an NPS survey to a customer goes to services/service-desk.
import { SERVICE_DESK_RPC_ROLES, ticketScopeOf } from '@crm/access-policy';
import { SATISFACTION_PROJECTION } from '@crm/service-desk-read-models';
import { Inject } from '@nestjs/common';
import {
  Args,
  Context,
  Field,
  Float,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';
import { atLeastPositionArg, ReadConsistency } from '../read-consistency/read-consistency';
import { sendServiceDeskCommand } from './service-desk.errors';
import { TicketCommandResult } from './service-desk.models';
import {
  SERVICE_DESK_CLIENT,
  SERVICE_DESK_READ_MODELS,
  type ServiceDeskClient,
  type ServiceDeskReadModels,
} from './service-desk.ports';

export enum CsatGrouping {
  AGENT = 'agent',
  TEAM = 'team',
}
registerEnumType(CsatGrouping, { name: 'CsatGrouping' });

@ObjectType({ description: 'CSAT of one agent or team over the period.' })
export class CsatResult {
  @Field(() => ID, { nullable: true, description: 'The agent or team; null: tickets without.' })
  key!: string | null;
  @Field(() => Int) answers!: number;
  @Field(() => Float, { description: 'Mean score, 1 to 5.' }) averageScore!: number;
  @Field(() => Float, { description: 'CSAT: share of 4 and 5 scores, 0 to 1.' })
  satisfiedShare!: number;
}

@ObjectType({ description: 'Net Promoter Score of the tenant over the period.' })
export class NpsResult {
  @Field(() => Int) answers!: number;
  @Field(() => Int, { description: 'Scores 9-10.' }) promoters!: number;
  @Field(() => Int, { description: 'Scores 7-8.' }) passives!: number;
  @Field(() => Int, { description: 'Scores 0-6.' }) detractors!: number;
  @Field(() => Float, { nullable: true, description: '% promoters - % detractors; null: none.' })
  nps!: number | null;
}

@InputType()
export class SendNpsSurveyInput extends IdempotentCommandInput {
  @Field(() => ID) customerId!: string;
  @Field(() => String, { description: 'Where the survey is mailed.' }) email!: string;
}

@Resolver()
export class SatisfactionResolver {
  constructor(
    @Inject(SERVICE_DESK_CLIENT) private readonly client: ServiceDeskClient,
    @Inject(SERVICE_DESK_READ_MODELS) private readonly readModels: ServiceDeskReadModels,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
  ) {}

  @Query(() => [CsatResult], {
    description: 'Satisfaction survey results per agent or team within your scope, best first.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.GetSlaClock)
  async csatResults(
    @Args('groupBy', { type: () => CsatGrouping }) groupBy: CsatGrouping,
    @Args('from', { type: () => String, nullable: true, description: 'ISO instant, inclusive.' })
    from: string | null | undefined,
    @Args('to', { type: () => String, nullable: true, description: 'ISO instant, exclusive.' })
    to: string | null | undefined,
    @atLeastPositionArg() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<CsatResult[]> {
    await this.consistency.atLeast(position, [SATISFACTION_PROJECTION]);
    const principal = principalOf(ctx);
    return this.readModels.csatResults(principal.tenantId, ticketScopeOf(principal), groupBy, {
      ...(from && { from }),
      ...(to && { to }),
    });
  }

  @Query(() => NpsResult, { description: "The tenant's NPS from the answered surveys." })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.GetSlaClock)
  async npsResult(
    @Args('from', { type: () => String, nullable: true, description: 'ISO instant, inclusive.' })
    from: string | null | undefined,
    @Args('to', { type: () => String, nullable: true, description: 'ISO instant, exclusive.' })
    to: string | null | undefined,
    @atLeastPositionArg() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<NpsResult> {
    await this.consistency.atLeast(position, [SATISFACTION_PROJECTION]);
    return this.readModels.npsResult(principalOf(ctx).tenantId, {
      ...(from && { from }),
      ...(to && { to }),
    });
  }

  @Mutation(() => TicketCommandResult, {
    description:
      'Mails a customer the NPS survey unless they were asked within the cadence (then replayed, nothing sent); aggregateId is the customer id.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.SendNpsSurvey)
  sendNpsSurvey(@Args('input') input: SendNpsSurveyInput, @Context() ctx: GatewayContext) {
    return sendServiceDeskCommand(
      this.client,
      ctx,
      'SendNpsSurvey',
      { customerId: input.customerId, email: input.email },
      input.idempotencyKey,
      input.customerId,
    );
  }
}
