// The attribution report's facts as a read model (projection `marketing-attribution`, ADR 0451):
// one document per recorded order (its amount, the touches recorded with it, and each reversal
// keyed by its stream version) and one per recorded cost, copied from the marketing events as they
// are. Crediting stays in the service, under the model, window and engagement asked for at query
// time, so another model still re-attributes the same past revenue without rewriting anything.
// Documents are keyed by ids and written with `set`, so redelivery and rebuilds write the same
// documents. The definition lives here (not with the other projections) because the marketing
// service's tests run it beside the service, as the projections worker does in production.
import type { EventEnvelope } from '@crm/event-sourcing';
import {
  ReadModelResolver,
  defineProjection,
  upsert,
  type FieldValue,
  type ReadModelChange,
} from '@crm/read-models';
import type { Connection } from 'mongoose';

export const MARKETING_ATTRIBUTION_PROJECTION = 'marketing-attribution';
export const MARKETING_ATTRIBUTION_MODEL = 'marketing_attribution';

export const attributionOrderDocumentId = (tenantId: string, orderId: string): string =>
  `${tenantId}|order|${orderId}`;
export const attributionCostDocumentId = (tenantId: string, costId: string): string =>
  `${tenantId}|cost|${costId}`;

/** A touch as recorded with an order (the marketing domain's `Touch`). */
export interface AttributionTouchView {
  readonly sourceKind: 'campaign' | 'journey';
  readonly sourceId: string;
  readonly channel: string;
  readonly touchedAt: string;
  readonly engagement?: 'opened' | 'clicked';
}

export interface AttributionOrderDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly kind: 'order';
  /** Global position of the order's record: the report reads orders in log order. */
  readonly position?: number;
  readonly orderId: string;
  /** Absent until the order itself is projected (a reversal never comes first in the log). */
  readonly customerId?: string;
  readonly amount?: string;
  readonly currency?: string;
  readonly placedAt?: string;
  readonly touches?: readonly AttributionTouchView[];
  /** Stream version of the reversal → the amount taken back. */
  readonly reversals?: Readonly<Record<string, string>>;
}

export interface AttributionCostDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly kind: 'cost';
  readonly position: number;
  readonly sourceKind: 'campaign' | 'journey';
  readonly sourceId: string;
  readonly channel: string;
  readonly amount: string;
  readonly currency: string;
}

export type AttributionFactDocument = AttributionOrderDocument | AttributionCostDocument;

/** The event fields this projection reads (the marketing events' published shapes). */
interface RecordedOrder {
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: string;
  readonly currency: string;
  readonly placedAt: string;
  readonly touches: readonly AttributionTouchView[];
}
interface RecordedCost {
  readonly costId: string;
  readonly sourceKind: 'campaign' | 'journey';
  readonly sourceId: string;
  readonly channel: string;
  readonly amount: string;
  readonly currency: string;
}

export function projectAttributionFact(envelope: EventEnvelope): ReadModelChange | undefined {
  const { tenantId, globalPosition: position } = envelope;
  switch (envelope.type) {
    case 'marketing.OrderAttributionRecorded': {
      const { orderId, customerId, amount, currency, placedAt, touches } =
        envelope.data as RecordedOrder;
      return upsert(MARKETING_ATTRIBUTION_MODEL, attributionOrderDocumentId(tenantId, orderId), {
        set: {
          tenantId,
          kind: 'order',
          position,
          orderId,
          customerId,
          amount,
          currency,
          placedAt,
          touches: touches as unknown as FieldValue,
        },
      });
    }
    case 'marketing.OrderRevenueReversed': {
      const { orderId, amount } = envelope.data as { orderId: string; amount: string };
      return upsert(MARKETING_ATTRIBUTION_MODEL, attributionOrderDocumentId(tenantId, orderId), {
        set: {
          tenantId,
          kind: 'order',
          orderId,
          [`reversals.${envelope.streamVersion}`]: amount,
        },
      });
    }
    case 'marketing.MarketingCostRecorded': {
      const { costId, sourceKind, sourceId, channel, amount, currency } =
        envelope.data as RecordedCost;
      return upsert(MARKETING_ATTRIBUTION_MODEL, attributionCostDocumentId(tenantId, costId), {
        set: { tenantId, kind: 'cost', position, sourceKind, sourceId, channel, amount, currency },
      });
    }
    default:
      return undefined;
  }
}

export const marketingAttributionProjection = defineProjection({
  name: MARKETING_ATTRIBUTION_PROJECTION,
  version: 1,
  eventTypes: [
    'marketing.OrderAttributionRecorded',
    'marketing.OrderRevenueReversed',
    'marketing.MarketingCostRecorded',
  ],
  readModels: [MARKETING_ATTRIBUTION_MODEL],
  onPoison: 'halt',
  source: 'store',
  project: projectAttributionFact,
});

/** The tenant's recorded orders and costs, in log order. */
export class AttributionFacts {
  private readonly resolver: ReadModelResolver;

  constructor(connection: Connection, resolver?: ReadModelResolver) {
    this.resolver = resolver ?? new ReadModelResolver(connection);
  }

  async of(tenantId: string): Promise<{
    orders: AttributionOrderDocument[];
    costs: AttributionCostDocument[];
  }> {
    const documents = await (
      await this.resolver.collection<AttributionFactDocument>(
        MARKETING_ATTRIBUTION_PROJECTION,
        MARKETING_ATTRIBUTION_MODEL,
      )
    )
      .find({ tenantId: { $eq: String(tenantId) } })
      .sort({ position: 1, _id: 1 })
      .toArray();
    return {
      orders: documents.filter(
        (d): d is AttributionOrderDocument => d.kind === 'order' && d.placedAt !== undefined,
      ),
      costs: documents.filter((d): d is AttributionCostDocument => d.kind === 'cost'),
    };
  }
}
