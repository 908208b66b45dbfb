// Events of the Order aggregate (stream `sales.Order-<orderId>`). OrderPlaced, OrderCancelled and
// OrderRefunded are the published v1 contracts (libs/contracts/src/sales/sales.contracts.ts) that
// customers, loyalty and marketing consume: their data must match those schemas exactly, so what
// v1 has no room for (the deal and the owning rep and team, which decide record scope) travels in
// OrderAttributed, appended with OrderPlaced in the same commit.
import type { DomainEvent } from '@crm/event-sourcing';
import type { OrderChannel } from './order.types';

export interface OrderItem {
  readonly sku?: string;
  readonly name?: string;
  readonly category: string;
  readonly quantity: number;
  /** Decimal string with two digits. */
  readonly unitPrice: string;
}

export type OrderPlaced = DomainEvent<
  'sales.OrderPlaced',
  {
    readonly orderId: string;
    readonly customerId: string;
    readonly items: readonly OrderItem[];
    readonly amount: string;
    readonly currency: string;
    readonly channel: OrderChannel;
    readonly placedAt: string;
  }
>;

export type OrderAttributed = DomainEvent<
  'sales.OrderAttributed',
  {
    readonly orderId: string;
    readonly opportunityId?: string;
    readonly ownerId: string | null;
    readonly teamId: string | null;
  }
>;

export type OrderCancelled = DomainEvent<
  'sales.OrderCancelled',
  {
    readonly orderId: string;
    readonly customerId: string;
    readonly reason?: string;
    readonly cancelledAt: string;
  }
>;

export type OrderRefunded = DomainEvent<
  'sales.OrderRefunded',
  {
    readonly orderId: string;
    readonly customerId: string;
    readonly amount: string;
    readonly currency: string;
    readonly reason?: string;
    readonly refundedAt: string;
  }
>;

export type OrderPaid = DomainEvent<
  'sales.OrderPaid',
  {
    readonly orderId: string;
    readonly customerId: string;
    readonly amount: string;
    readonly currency: string;
    readonly paymentReference?: string;
    readonly paidAt: string;
  }
>;

export type OrderShipped = DomainEvent<
  'sales.OrderShipped',
  {
    readonly orderId: string;
    readonly customerId: string;
    readonly carrier?: string;
    readonly trackingNumber?: string;
    readonly shippedAt: string;
  }
>;

export type OrderCompleted = DomainEvent<
  'sales.OrderCompleted',
  { readonly orderId: string; readonly customerId: string; readonly completedAt: string }
>;

export type OrderEvent =
  | OrderPlaced
  | OrderAttributed
  | OrderCancelled
  | OrderRefunded
  | OrderPaid
  | OrderShipped
  | OrderCompleted;
