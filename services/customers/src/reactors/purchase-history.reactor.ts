// Customers' purchase history follows Sales: every public sales.OrderPlaced becomes a
// RecordPurchase on the ordering customer, and sales.OrderCancelled / sales.OrderRefunded become a
// CancelPurchase / RefundPurchase of that purchase (once per sales event, ADR 0470), all under the
// reactor's own service identity. An order for a customer that does not exist (or was erased or
// merged away), or a cancellation of an order not recorded, is refused by the decider and parked
// with that reason; retry it once the customer or purchase is there.
import { Role, systemCaller } from '@crm/access-policy';
import type { OrderCancelledV1, OrderPlacedV1, OrderRefundedV1 } from '@crm/contracts/sales';
import { parsePurchase, parseRefund, type CustomerCommand } from '@crm/customers-domain';
import type { ReactorDefinition } from '@crm/reactors';
import type { CustomersApplication } from '../application/customers.application';

export const PURCHASE_HISTORY_REACTOR = 'customers.purchase-history-reactor';

export function purchaseHistoryReactor(app: CustomersApplication): ReactorDefinition {
  return {
    name: PURCHASE_HISTORY_REACTOR,
    eventTypes: ['sales.OrderPlaced', 'sales.OrderCancelled', 'sales.OrderRefunded'],
    async react(event, reaction) {
      // Its own identity, allowed to record purchases on every customer of the tenant.
      const caller = systemCaller(reaction.actor.name, reaction.tenantId, [Role.ADMIN]);
      await app.execute(
        {
          caller,
          tenantId: reaction.tenantId,
          actorUserId: `system:${reaction.actor.name}`,
          correlationId: reaction.correlationId,
          causationId: reaction.causationId,
          idempotencyKey: reaction.idempotencyKey,
        },
        purchaseCommand(event.type, event.eventId, event.data, app.now()),
      );
    },
  };
}

/** The customers command a sales order event stands for (checked against its v1 schema before). */
function purchaseCommand(
  type: string,
  salesEventId: string,
  data: unknown,
  now: string,
): CustomerCommand {
  switch (type) {
    case 'sales.OrderPlaced': {
      const order = data as OrderPlacedV1;
      return {
        type: 'RecordPurchase',
        // Cleaned by the same rules as a RecordPurchase request (ADR 0375).
        data: {
          customerId: order.customerId,
          ...parsePurchase({ ...order, purchasedAt: order.placedAt }, now),
        },
      };
    }
    case 'sales.OrderCancelled': {
      const cancelled = data as OrderCancelledV1;
      const { customerId, orderId, cancelledAt } = cancelled;
      return { type: 'CancelPurchase', data: { customerId, orderId, salesEventId, cancelledAt } };
    }
    case 'sales.OrderRefunded': {
      const refund = data as OrderRefundedV1;
      return {
        type: 'RefundPurchase',
        data: { customerId: refund.customerId, ...parseRefund({ ...refund, salesEventId }, now) },
      };
    }
    default:
      throw new Error(`The purchase-history reactor does not take ${type}`);
  }
}
