// The attribution report: the tenant's recorded orders (with the touches before them) and costs,
// read from the store, credited under the model and window the caller picks now. Nothing is
// written, so another model re-attributes the same past revenue without rewriting history.
// Reads the log filtered by type and tenant on every call: fine for the volumes of a first slice; a
// read model is the next step when it is not (docs/marketing.md).
import type { EventStore } from '@crm/event-sourcing';
import {
  attributionReport,
  netOfReversals,
  toMinor,
  type AttributionModel,
  type AttributionReport,
  type Cost,
  type EngagementLevel,
  type MarketingCostRecorded,
  type OrderAttributionRecorded,
  type OrderRevenueReversed,
  type OrderWithTouches,
} from '@crm/marketing-domain';

export class AttributionReporting {
  constructor(private readonly store: EventStore) {}

  async report(
    tenantId: string,
    model: AttributionModel,
    windowDays: number,
    minimumEngagement: EngagementLevel,
  ): Promise<AttributionReport> {
    const orders: OrderWithTouches[] = [];
    const costs: Cost[] = [];
    const reversedMinor = new Map<string, number>();
    for await (const event of this.store.readAll({
      filter: {
        tenantIds: [tenantId],
        eventTypes: [
          'marketing.OrderAttributionRecorded',
          'marketing.MarketingCostRecorded',
          'marketing.OrderRevenueReversed',
        ],
      },
    })) {
      if (event.type === 'marketing.OrderRevenueReversed') {
        const { orderId, amount } = event.data as OrderRevenueReversed['data'];
        reversedMinor.set(orderId, (reversedMinor.get(orderId) ?? 0) + toMinor(amount));
      } else if (event.type === 'marketing.OrderAttributionRecorded') {
        const { amount, ...order } = event.data as OrderAttributionRecorded['data'];
        orders.push({ ...order, amountMinor: toMinor(amount) });
      } else {
        const { sourceKind, sourceId, channel, amount, currency } =
          event.data as MarketingCostRecorded['data'];
        costs.push({ sourceKind, sourceId, channel, currency, amountMinor: toMinor(amount) });
      }
    }
    // Refunds and cancellations are netted from the orders' revenue (docs/marketing.md).
    return attributionReport(
      netOfReversals(orders, reversedMinor),
      costs,
      model,
      windowDays,
      minimumEngagement,
    );
  }
}
