// The attribution report: the tenant's recorded orders (with the touches before them), their
// reversals and the costs, read from the `marketing-attribution` read model (ADR 0451), credited
// under the model and window the caller picks now. Nothing is written, so another model
// re-attributes the same past revenue without rewriting history.
import {
  attributionReport,
  netOfReversals,
  toMinor,
  type AttributionModel,
  type AttributionReport,
  type EngagementLevel,
} from '@crm/marketing-domain';
import type { AttributionFacts } from '@crm/marketing-read-models';

export class AttributionReporting {
  constructor(private readonly facts: AttributionFacts) {}

  async report(
    tenantId: string,
    model: AttributionModel,
    windowDays: number,
    minimumEngagement: EngagementLevel,
  ): Promise<AttributionReport> {
    const { orders, costs } = await this.facts.of(tenantId);
    const reversedMinor = new Map<string, number>();
    for (const { orderId, reversals } of orders)
      for (const amount of Object.values(reversals ?? {}))
        reversedMinor.set(orderId, (reversedMinor.get(orderId) ?? 0) + toMinor(amount));
    // Refunds and cancellations are netted from the orders' revenue (docs/marketing.md).
    return attributionReport(
      netOfReversals(
        orders.map((o) => ({
          orderId: o.orderId,
          customerId: o.customerId!,
          amountMinor: toMinor(o.amount!),
          currency: o.currency!,
          placedAt: o.placedAt!,
          touches: o.touches ?? [],
        })),
        reversedMinor,
      ),
      costs.map(({ sourceKind, sourceId, channel, currency, amount }) => ({
        sourceKind,
        sourceId,
        channel,
        currency,
        amountMinor: toMinor(amount),
      })),
      model,
      windowDays,
      minimumEngagement,
    );
  }
}
