// Customers' purchase history follows Sales: every public sales.OrderPlaced becomes a
// RecordPurchase on the ordering customer, under the reactor's own service identity. An order for
// a customer that does not exist (or was erased or merged away) is refused by the decider and
// parked with that reason; retry it once the customer is there.
import { Role, systemCaller } from '@crm/access-policy';
import type { OrderPlacedV1 } from '@crm/contracts/sales';
import { parsePurchase } from '@crm/customers-domain';
import type { ReactorDefinition } from '@crm/reactors';
import type { CustomersApplication } from '../application/customers.application';

export const PURCHASE_HISTORY_REACTOR = 'customers.purchase-history-reactor';

export function purchaseHistoryReactor(app: CustomersApplication): ReactorDefinition {
  return {
    name: PURCHASE_HISTORY_REACTOR,
    eventTypes: ['sales.OrderPlaced'],
    async react(event, reaction) {
      // Checked against the published sales.OrderPlaced v1 schema before it gets here.
      const order = event.data as OrderPlacedV1;
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
        {
          type: 'RecordPurchase',
          // Cleaned by the same rules as a RecordPurchase request (ADR 0375).
          data: {
            customerId: order.customerId,
            ...parsePurchase({ ...order, purchasedAt: order.placedAt }, app.now()),
          },
        },
      );
    },
  };
}
