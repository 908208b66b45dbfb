// evaluateCampaignVariants: an A/B campaign's per-variant results and its winner, recorded (and
// the rest of the audience sent it) once the leader beats every other variant at the campaign's
// confidence. The service also evaluates on every open, click and attributed order by itself.
import { MARKETING_RPC_ROLES } from '@crm/access-policy';
import type * as P from '@crm/contracts/marketing-grpc';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { type GatewayContext } from '../graphql/gateway-context';
import { commandResultOf, sendToContext } from '../grpc/context-commands';
import { CampaignVariantsEvaluation } from './campaign-variants.models';
import { MARKETING_ERRORS } from './marketing-errors';
import { MARKETING_CLIENT, type MarketingClient } from './marketing.ports';

@Resolver()
export class CampaignVariantsResolver {
  constructor(@Inject(MARKETING_CLIENT) private readonly client: MarketingClient) {}

  @Mutation(() => CampaignVariantsEvaluation, {
    description:
      "An A/B campaign's results per variant and its winner; records the winner and sends it to the " +
      'rest of the audience once the leader is significantly ahead.',
  })
  @AllowRoles(...MARKETING_RPC_ROLES.EvaluateCampaignVariants)
  async evaluateCampaignVariants(
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Context() ctx: GatewayContext,
  ): Promise<CampaignVariantsEvaluation> {
    const evaluated = await sendToContext<P.CampaignVariantsResult__Output>(
      this.client,
      MARKETING_ERRORS,
      ctx,
      'EvaluateCampaignVariants',
      { campaignId },
      undefined,
      campaignId,
    );
    return {
      variants: evaluated.variants,
      metric: evaluated.metric,
      confidence: evaluated.confidence,
      winnerVariantId: evaluated.winnerVariantId || null,
      pValue: evaluated.pValue < 0 ? null : evaluated.pValue,
      undecidedReason: evaluated.undecidedReason || null,
      result: evaluated.result ? commandResultOf(evaluated.result, ctx.correlationId) : null,
    };
  }
}
