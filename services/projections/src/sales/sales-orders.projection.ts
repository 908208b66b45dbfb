// Orders: one document per order with its lines, amount, status and refunds, and (from
// sales.OrderAttributed, appended with OrderPlaced) the deal, owner and team that scope it.
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type Fields, type ReadModelChange } from '@crm/read-models';
import { parseMinorUnits, type OrderEvent } from '@crm/sales-domain';
import { SALES_ORDERS_MODEL, SALES_ORDERS_PROJECTION } from '@crm/sales-read-models';

const ORDER_EVENT_TYPES: readonly OrderEvent['type'][] = [
  'sales.OrderPlaced',
  'sales.OrderAttributed',
  'sales.OrderCancelled',
  'sales.OrderRefunded',
  'sales.OrderPaid',
  'sales.OrderShipped',
  'sales.OrderCompleted',
];

export function projectSalesOrder(envelope: EventEnvelope): ReadModelChange | undefined {
  const event = { type: envelope.type, data: envelope.data } as OrderEvent;
  const order = (update: { set?: Fields; inc?: Record<string, number> } = {}): ReadModelChange =>
    upsert(SALES_ORDERS_MODEL, event.data.orderId, {
      set: { tenantId: envelope.tenantId, version: envelope.streamVersion, ...update.set },
      ...(update.inc ? { inc: update.inc } : {}),
    });
  switch (event.type) {
    case 'sales.OrderPlaced': {
      const { orderId: _id, items, ...d } = event.data;
      return order({
        set: {
          ...d,
          items: items.map((item) => ({ ...item })),
          amountMinor: parseMinorUnits(d.amount) ?? 0,
          refundedMinor: 0,
          status: 'placed',
        },
      });
    }
    case 'sales.OrderAttributed': {
      const { ownerId, teamId, opportunityId } = event.data;
      return order({ set: { ownerId, teamId, ...(opportunityId ? { opportunityId } : {}) } });
    }
    case 'sales.OrderCancelled':
      return order({ set: { status: 'cancelled' } });
    case 'sales.OrderPaid':
      return order({ set: { status: 'paid', paidAt: event.data.paidAt } });
    case 'sales.OrderShipped': {
      const { carrier, trackingNumber, shippedAt } = event.data;
      const tracking = {
        ...(carrier ? { carrier } : {}),
        ...(trackingNumber ? { trackingNumber } : {}),
      };
      return order({ set: { status: 'shipped', shippedAt, ...tracking } });
    }
    case 'sales.OrderCompleted':
      return order({ set: { status: 'completed', completedAt: event.data.completedAt } });
    case 'sales.OrderRefunded':
      // Whether this refund completes the order is the reader's comparison (orderStatusOf): a
      // projection sees one event, not the amount left.
      return order({ inc: { refundedMinor: parseMinorUnits(event.data.amount) ?? 0 } });
    default:
      return undefined;
  }
}

export const salesOrdersProjection = defineProjection({
  name: SALES_ORDERS_PROJECTION,
  version: 1,
  eventTypes: ORDER_EVENT_TYPES,
  readModels: [SALES_ORDERS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [SALES_ORDERS_MODEL]: [
      { fields: { tenantId: 1, placedAt: -1 } },
      { fields: { tenantId: 1, customerId: 1 } },
      { fields: { tenantId: 1, ownerId: 1 } },
      { fields: { tenantId: 1, teamId: 1 } },
    ],
  },
  project: projectSalesOrder,
});
