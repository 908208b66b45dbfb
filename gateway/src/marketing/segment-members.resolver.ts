// Live segment membership over GraphQL: a segment's members now, or as of a past instant, from the
// membership read model (marketing.SegmentMembershipChanged; ADR 0193). For those who may try rules
// over customers (marketers, admins, auditors), like the membership explanation.
import { MARKETING_SEGMENT_MEMBERS_PROJECTION } from '@crm/marketing-read-models';
import { Inject } from '@nestjs/common';
import { Args, Context, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError, NotFoundError } from '../graphql/gateway-errors';
import {
  AT_LEAST_POSITION_ARG,
  AT_LEAST_POSITION_DESCRIPTION,
  ReadConsistency,
} from '../read-consistency/read-consistency';
import { MARKETING_READ_MODELS, type MarketingReadModels } from './marketing.ports';
import { RULE_READERS } from './marketing.resolver';

@ObjectType({ description: "A segment's members now or as of a past instant (ids; at most 200)." })
export class SegmentMembers {
  @Field(() => ID) segmentId!: string;
  @Field(() => String, { nullable: true, description: 'The instant asked for; null: now.' })
  asOf!: string | null;
  @Field(() => Int) count!: number;
  @Field(() => [ID], { description: 'The first 200 members in id order.' })
  customerIds!: string[];
}

/** An ISO-8601 instant, normalised to UTC, or a typed error naming the argument. */
function instantOf(asOf: string): string {
  const time = Date.parse(asOf);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(asOf) || Number.isNaN(time))
    throw new BadUserInputError('asOf is not an instant', [
      {
        field: 'asOf',
        code: 'INVALID_FORMAT',
        message: 'must be ISO-8601, e.g. 2026-11-30T09:00:00Z',
      },
    ]);
  return new Date(time).toISOString();
}

@Resolver()
export class SegmentMembersResolver {
  constructor(
    @Inject(MARKETING_READ_MODELS) private readonly readModels: MarketingReadModels,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
  ) {}

  @Query(() => SegmentMembers, {
    description:
      'The members of a segment now, or as of a past instant (asOf), as recorded by ' +
      'SegmentMembershipChanged events: counts of the past stay after an erasure.',
  })
  @AllowRoles(...RULE_READERS)
  async segmentMembers(
    @Args('segmentId', { type: () => ID }) segmentId: string,
    @Args('asOf', { type: () => String, nullable: true, description: 'ISO-8601; omitted: now.' })
    asOf: string | null | undefined,
    @Args(AT_LEAST_POSITION_ARG, {
      type: () => String,
      nullable: true,
      description: AT_LEAST_POSITION_DESCRIPTION,
    })
    position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SegmentMembers> {
    const instant = asOf ? instantOf(asOf) : undefined;
    await this.consistency.atLeast(position, [MARKETING_SEGMENT_MEMBERS_PROJECTION]);
    const tenantId = principalOf(ctx).tenantId;
    if (!(await this.readModels.segment(tenantId, segmentId)))
      throw new NotFoundError('Segment', segmentId);
    const members = await this.readModels.segmentMembers(tenantId, segmentId, instant);
    return { segmentId, asOf: instant ?? null, ...members, customerIds: [...members.customerIds] };
  }
}
