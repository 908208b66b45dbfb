// Journey funnels over GraphQL: per version of a journey, how many enrolments entered, went through
// each step (sent or skipped, condition held or not), completed, and converted (reached the goal),
// from the funnel read model (docs/marketing.md#journey-funnels). Counts only; every role reads,
// like journeys themselves.
import { ALL_ROLES } from '@crm/access-policy';
import {
  MARKETING_JOURNEY_FUNNELS_PROJECTION,
  type JourneyFunnelView,
} from '@crm/marketing-read-models';
import { Inject } from '@nestjs/common';
import { Args, Context, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { ReadConsistency } from '../read-consistency/read-consistency';
import { MARKETING_READ_MODELS, type MarketingReadModels } from './marketing.ports';
import { atLeastPosition } from './marketing.resolver';

@ObjectType({ description: 'Enrolments that went through one step of a journey version.' })
export class JourneyFunnelStep {
  @Field(() => ID) stepId!: string;
  @Field(() => Int) passed!: number;
  @Field(() => Int, { description: 'Send steps: mails sent.' }) sent!: number;
  @Field(() => Int, { description: 'Send steps: recipients skipped (consent, cap, …).' })
  skipped!: number;
  @Field(() => Int, { description: 'Branch steps: the condition held.' }) conditionHeld!: number;
  @Field(() => Int, { description: 'Branch steps: it did not.' }) conditionNotHeld!: number;
  @Field(() => Int, {
    description: "Send steps: times a send waited on the tenant's quiet hours or sending cap.",
  })
  deferred!: number;
}

@ObjectType({
  description: "One journey version's funnel: entered, per step, completed, converted.",
})
export class JourneyFunnel {
  @Field(() => ID) journeyId!: string;
  @Field(() => Int) version!: number;
  @Field(() => Int) entered!: number;
  @Field(() => [JourneyFunnelStep], { description: 'Steps any enrolment went through, in order.' })
  steps!: JourneyFunnelStep[];
  @Field(() => Int, { description: 'Ran out of steps.' }) completed!: number;
  @Field(() => Int, { description: "Reached the journey's goal (exit step or exit event)." })
  converted!: number;
  @Field(() => Int, { description: 'Entered and not yet out.' }) active!: number;
}

function funnelOf(view: JourneyFunnelView, order: readonly string[]): JourneyFunnel {
  const entered = view.entered ?? 0;
  const completed = view.completed ?? 0;
  const converted = view.converted ?? 0;
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return {
    journeyId: view.journeyId,
    version: view.version,
    entered,
    steps: Object.entries(view.steps ?? {})
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([stepId, c]) => ({
        stepId,
        passed: c.passed ?? 0,
        sent: c.sent ?? 0,
        skipped: c.skipped ?? 0,
        conditionHeld: c.conditionHeld ?? 0,
        conditionNotHeld: c.conditionNotHeld ?? 0,
        deferred: c.deferred ?? 0,
      })),
    completed,
    converted,
    active: Math.max(0, entered - completed - converted),
  };
}

@Resolver()
export class JourneyFunnelsResolver {
  constructor(
    @Inject(MARKETING_READ_MODELS) private readonly readModels: MarketingReadModels,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
  ) {}

  @Query(() => [JourneyFunnel], {
    description: 'The funnel of every version of a journey, newest first (empty: none entered).',
  })
  @AllowRoles(...ALL_ROLES)
  async journeyFunnel(
    @Args('journeyId', { type: () => ID }) journeyId: string,
    @Args('stepOrder', {
      type: () => [ID],
      nullable: true,
      description: "The definition's step ids, to list the steps in journey order (else by id).",
    })
    stepOrder: string[] | null | undefined,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<JourneyFunnel[]> {
    await this.consistency.atLeast(position, [MARKETING_JOURNEY_FUNNELS_PROJECTION]);
    const views = await this.readModels.journeyFunnels(principalOf(ctx).tenantId, journeyId);
    return views.map((v) => funnelOf(v, stepOrder ?? []));
  }
}
