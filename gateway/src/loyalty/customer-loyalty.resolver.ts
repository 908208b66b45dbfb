// The customer 360 shows loyalty beside the profile: tier, points and churn band of the customer's
// member account, from the member read model (issue 14). Only for the roles that read loyalty
// members; anyone else, and a customer who is not a member, sees null.
import { Role } from '@crm/access-policy';
import { Inject } from '@nestjs/common';
import { Context, Field, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowAnyRole } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { Customer } from '../customers/models/customer.model';
import { type GatewayContext } from '../graphql/gateway-context';
import { LOYALTY_READ_MODELS, type LoyaltyReadModels } from './loyalty.ports';
import { MEMBER_READERS } from './loyalty.resolver';

@ObjectType({ description: "The customer's loyalty account at a glance (customer 360)." })
export class CustomerLoyalty {
  @Field(() => String, { nullable: true, description: 'Null: the base tier.' })
  tier!: string | null;
  @Field(() => Int, { description: 'Free points in lots.' }) availablePoints!: number;
  @Field(() => Int) qualifyingPoints!: number;
  @Field(() => String, { description: 'Churn risk band: low, medium or high.' })
  churnBand!: string;
  @Field(() => Int) churnScore!: number;
}

@Resolver(() => Customer)
export class CustomerLoyaltyResolver {
  constructor(@Inject(LOYALTY_READ_MODELS) private readonly readModels: LoyaltyReadModels) {}

  @ResolveField(() => CustomerLoyalty, {
    nullable: true,
    description: 'Tier, points and churn band; null when not a member or not a loyalty reader.',
  })
  @AllowAnyRole()
  async loyalty(
    @Parent() customer: Customer,
    @Context() ctx: GatewayContext,
  ): Promise<CustomerLoyalty | null> {
    const principal = principalOf(ctx);
    const readers: readonly Role[] = MEMBER_READERS;
    if (!principal.roles.some((role) => readers.includes(role))) return null;
    const member = await this.readModels.member(principal.tenantId, customer.id);
    if (!member) return null;
    return {
      tier: member.tier,
      availablePoints: member.availablePoints,
      qualifyingPoints: member.qualifyingPoints,
      churnBand: member.churnBand,
      churnScore: member.churnScore,
    };
  }
}
