// What each customer did for an A/B campaign, by its winner metric, from the tenant's marketing
// events in log order: 1 for a tracked open or click of the campaign's mail (a click counts as an
// open too: images blocked, the link still followed), or the revenue in minor units of their orders
// attributed to a touch of the campaign, net of the refunds and cancellations recorded since
// (docs/marketing.md, "Refunds and cancellations"): a refunded order does not make a winner.
import {
  toMinor,
  type EngagementRecorded,
  type OrderAttributionRecorded,
  type OrderRevenueReversed,
  type WinnerMetric,
} from '@crm/marketing-domain';

/** The event types `valuePerCustomer` reads for a metric. */
export function variantEvidenceTypes(metric: WinnerMetric): string[] {
  return metric === 'revenue'
    ? ['marketing.OrderAttributionRecorded', 'marketing.OrderRevenueReversed']
    : ['marketing.EngagementRecorded'];
}

export async function valuePerCustomer(
  events: AsyncIterable<{ readonly type: string; readonly data: unknown }>,
  campaignId: string,
  metric: WinnerMetric,
): Promise<Map<string, number>> {
  const values = new Map<string, number>();
  /** Orders credited to the campaign: who placed them and what is left of them. */
  const credited = new Map<string, { customerId: string; leftMinor: number }>();
  for await (const event of events) {
    if (event.type === 'marketing.EngagementRecorded') {
      const { customerId, sourceKind, sourceId, engagement } =
        event.data as EngagementRecorded['data'];
      if (sourceKind !== 'campaign' || sourceId !== campaignId) continue;
      if (metric === 'opened' || engagement === 'clicked') values.set(customerId, 1);
    } else if (event.type === 'marketing.OrderAttributionRecorded') {
      const { orderId, customerId, amount, touches } =
        event.data as OrderAttributionRecorded['data'];
      if (!touches.some((t) => t.sourceKind === 'campaign' && t.sourceId === campaignId)) continue;
      credited.set(orderId, { customerId, leftMinor: toMinor(amount) });
    } else if (event.type === 'marketing.OrderRevenueReversed') {
      const { orderId, amount } = event.data as OrderRevenueReversed['data'];
      const order = credited.get(orderId);
      if (order) order.leftMinor = Math.max(0, order.leftMinor - toMinor(amount));
    }
  }
  for (const { customerId, leftMinor } of credited.values())
    if (leftMinor > 0) values.set(customerId, (values.get(customerId) ?? 0) + leftMinor);
  return values;
}
