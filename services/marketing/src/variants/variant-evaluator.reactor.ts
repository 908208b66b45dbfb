// Chooses an A/B campaign's winner as soon as the evidence allows: a reactor on the service's own
// events evaluates the campaign behind every tracked open or click of a campaign mail and every
// order attributed to a campaign touch, while that campaign is testing its variants (sending, no
// winner yet). Evaluating is idempotent (the winner is recorded once, the rest of the audience sent
// once per customer), so a redelivered event changes nothing.
import { Role, systemCaller } from '@crm/access-policy';
import type { EngagementRecorded, OrderAttributionRecorded } from '@crm/marketing-domain';
import type { ReactorDefinition } from '@crm/reactors';
import type { MarketingApplication } from '../application/marketing.application';
import type { CampaignVariants } from './campaign-variants';

export const VARIANT_EVALUATOR = 'marketing.variant-evaluator';

/** The campaigns an engagement or an attributed order is evidence for. */
function campaignsNamed(type: string, data: unknown): string[] {
  if (type === 'marketing.EngagementRecorded') {
    const { sourceKind, sourceId } = data as EngagementRecorded['data'];
    return sourceKind === 'campaign' ? [sourceId] : [];
  }
  const { touches } = data as OrderAttributionRecorded['data'];
  return [...new Set(touches.filter((t) => t.sourceKind === 'campaign').map((t) => t.sourceId))];
}

export function variantEvaluatorReactor(
  app: MarketingApplication,
  variants: CampaignVariants,
): ReactorDefinition {
  return {
    name: VARIANT_EVALUATOR,
    eventTypes: ['marketing.EngagementRecorded', 'marketing.OrderAttributionRecorded'],
    async react(event, reaction) {
      const meta = {
        caller: systemCaller(VARIANT_EVALUATOR, event.tenantId, [Role.MARKETER]),
        tenantId: reaction.tenantId,
        correlationId: reaction.correlationId,
        causationId: reaction.causationId,
      };
      for (const campaignId of campaignsNamed(event.type, event.data)) {
        const campaign = await app.loadCampaign(meta, campaignId);
        if (campaign.status !== 'Sending' || campaign.abTest === null || campaign.winner !== null)
          continue;
        await variants.evaluate(meta, campaignId);
      }
    },
  };
}
