// The customer 360 shows marketing beside the profile: the segments the customer is in now (with
// when they entered) and the most recent campaign and journey mails sent to them, from the segment
// members and customer touches read models. For those who may look at segment membership
// (marketers, admins, auditors, as segmentMembers); anyone else sees null.
import { type Role } from '@crm/access-policy';
import { Inject } from '@nestjs/common';
import { Context, Field, ID, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowAnyRole } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { Customer } from '../customers/models/customer.model';
import { type GatewayContext } from '../graphql/gateway-context';
import { MARKETING_READ_MODELS, type MarketingReadModels } from './marketing.ports';
import { RULE_READERS } from './marketing.resolver';

@ObjectType({ description: 'A segment the customer is in now.' })
export class CustomerSegment {
  @Field(() => ID) segmentId!: string;
  @Field(() => String, { nullable: true, description: 'Null: the segment is not listed yet.' })
  name!: string | null;
  @Field(() => String, { description: 'When the customer last entered it.' }) since!: string;
}

@ObjectType({ description: 'A campaign or journey mail sent to the customer.' })
export class MarketingTouch {
  @Field(() => String, { description: 'campaign or journey.' }) sourceKind!: string;
  @Field(() => ID) sourceId!: string;
  @Field(() => String) channel!: string;
  @Field(() => String) touchedAt!: string;
}

@ObjectType({ description: "The customer's marketing at a glance (customer 360)." })
export class CustomerMarketing {
  @Field(() => [CustomerSegment]) segments!: CustomerSegment[];
  @Field(() => [MarketingTouch], { description: 'The 10 most recent, newest first.' })
  recentTouches!: MarketingTouch[];
}

@Resolver(() => Customer)
export class CustomerMarketingResolver {
  constructor(@Inject(MARKETING_READ_MODELS) private readonly readModels: MarketingReadModels) {}

  @ResolveField(() => CustomerMarketing, {
    nullable: true,
    description: 'Segments now and recent marketing mails; null for roles that cannot see them.',
  })
  @AllowAnyRole()
  async marketing(
    @Parent() customer: Customer,
    @Context() ctx: GatewayContext,
  ): Promise<CustomerMarketing | null> {
    const principal = principalOf(ctx);
    const readers: readonly Role[] = RULE_READERS;
    if (!principal.roles.some((role) => readers.includes(role))) return null;
    const { segments, recentTouches } = await this.readModels.customerMarketing(
      principal.tenantId,
      customer.id,
    );
    const names = new Map(
      (await this.readModels.segments(principal.tenantId)).map((s) => [s.segmentId, s.name]),
    );
    return {
      segments: segments.map((s) => ({ ...s, name: names.get(s.segmentId) ?? null })),
      recentTouches: recentTouches.map((t) => ({ ...t })),
    };
  }
}
