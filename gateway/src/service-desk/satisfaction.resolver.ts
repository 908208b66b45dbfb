// Satisfaction results: CSAT per agent or team within the caller's ticket scope (agents see their
// own, leads their team's, admins and auditors the tenant's), from the satisfaction read model.
import { SERVICE_DESK_RPC_ROLES, ticketScopeOf } from '@crm/access-policy';
import { SATISFACTION_PROJECTION } from '@crm/service-desk-read-models';
import { Inject } from '@nestjs/common';
import {
  Args,
  Context,
  Field,
  Float,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { atLeastPositionArg, ReadConsistency } from '../read-consistency/read-consistency';
import { SERVICE_DESK_READ_MODELS, type ServiceDeskReadModels } from './service-desk.ports';

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

@Resolver()
export class SatisfactionResolver {
  constructor(
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
}
