// Evaluating an A/B campaign: each variant's test recipients and what they did by the campaign's
// metric (tracked opens or clicks of the campaign's mails, or the revenue of the orders attributed
// to them net of refunds and cancellations: variant-values.ts), and, once the leader beats every other variant at the campaign's confidence
// (`decideWinner`), the winner recorded and the rest of the audience sent it. Run on request
// (EvaluateCampaignVariants) and by the variant evaluator reactor on every open, click and
// attributed order of an A/B campaign; recording the winner twice decides nothing. Reads the log
// filtered by type and tenant on every call, like the attribution report (docs/marketing.md).
import type { EventStore } from '@crm/event-sourcing';
import {
  InvalidTransitionError,
  RecordNotFoundError,
  decideWinner,
  inTestShare,
  type AbTest,
  type CampaignFacts,
  type VariantOutcome,
  type WinnerMetric,
} from '@crm/marketing-domain';
import type { CampaignSending } from '../application/campaign-sending';
import type {
  CommandOutcome,
  MarketingApplication,
  RequestMeta,
} from '../application/marketing.application';
import { valuePerCustomer, variantEvidenceTypes } from './variant-values';

export interface VariantEvaluation {
  readonly variants: readonly (VariantOutcome & { readonly templateId: string })[];
  readonly metric: WinnerMetric;
  readonly confidence: number;
  readonly winnerId: string | null;
  /** The leader's largest p-value against the others; null when not tested. */
  readonly pValue: number | null;
  readonly undecidedReason: string;
  /** The winner's record, when this evaluation chose it. */
  readonly result?: CommandOutcome;
}

export class CampaignVariants {
  constructor(
    private readonly app: MarketingApplication,
    private readonly store: EventStore,
    private readonly sending: CampaignSending,
  ) {}

  async evaluate(meta: RequestMeta, campaignId: string): Promise<VariantEvaluation> {
    const campaign = await this.app.loadCampaign(meta, campaignId);
    if (campaign.status === 'None') throw new RecordNotFoundError('campaign', campaignId);
    const test = campaign.abTest;
    if (test === null)
      throw new InvalidTransitionError('campaign', 'without variants', 'evaluated');
    const outcomes = await this.outcomes(meta.tenantId, campaignId, campaign, test);
    const variants = test.variants.map((v) => ({
      ...v,
      ...outcomes.find((o) => o.variantId === v.variantId)!,
    }));
    const base = { variants, metric: test.metric, confidence: test.confidence };
    if (campaign.winner !== null)
      return { ...base, winnerId: campaign.winner, pValue: null, undecidedReason: '' };
    const decision = decideWinner(test, outcomes);
    if (decision.kind === 'undecided')
      return {
        ...base,
        winnerId: null,
        pValue: decision.pValue,
        undecidedReason:
          campaign.status === 'Sending' ? decision.reason : `the campaign is ${campaign.status}`,
      };
    if (campaign.status !== 'Sending')
      return { ...base, winnerId: null, pValue: decision.pValue, undecidedReason: 'not sending' };
    const result = await this.app.campaign(meta, {
      type: 'ChooseWinner',
      data: {
        campaignId,
        variantId: decision.variantId,
        metric: test.metric,
        pValue: decision.pValue,
        now: this.app.now(),
      },
    });
    // The rest of the audience gets the winner (and the campaign completes).
    await this.sending.send(meta, campaignId);
    return {
      ...base,
      winnerId: decision.variantId,
      pValue: decision.pValue,
      undecidedReason: '',
      result,
    };
  }

  /** Per variant: its test recipients and the sum (and squares) of their outcomes. */
  private async outcomes(
    tenantId: string,
    campaignId: string,
    campaign: CampaignFacts,
    test: AbTest,
  ): Promise<VariantOutcome[]> {
    const values = await valuePerCustomer(
      this.store.readAll({
        filter: { tenantIds: [tenantId], eventTypes: variantEvidenceTypes(test.metric) },
      }),
      campaignId,
      test.metric,
    );
    const totals = new Map(
      test.variants.map((v) => [
        v.variantId,
        { variantId: v.variantId, recipients: 0, sum: 0, sumOfSquares: 0 },
      ]),
    );
    for (const [customerId, variantId] of campaign.variantOf) {
      // Sent the winner after the test: not part of the test.
      if (!inTestShare(campaignId, customerId, test.testPercent)) continue;
      const total = totals.get(variantId);
      if (!total) continue;
      const value = values.get(customerId) ?? 0;
      total.recipients += 1;
      total.sum += value;
      total.sumOfSquares += value * value;
    }
    return [...totals.values()];
  }
}
