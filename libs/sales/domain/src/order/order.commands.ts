// Commands of the Order aggregate, already parsed. Amounts in minor units.
import type { OrderChannel, OrderLine } from './order.types';

interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

export type PlaceOrder = Command<
  'PlaceOrder',
  {
    readonly orderId: string;
    readonly customerId: string;
    /** The won opportunity it comes from; the application checks it with orderFromOpportunityProblem. */
    readonly opportunityId?: string;
    readonly lines: readonly OrderLine[];
    readonly currency: string;
    readonly channel: OrderChannel;
    readonly ownerId: string | null;
    readonly teamId: string | null;
    readonly now: string;
  }
>;

export type CancelOrder = Command<
  'CancelOrder',
  { readonly orderId: string; readonly reason?: string; readonly now: string }
>;

export type RefundOrder = Command<
  'RefundOrder',
  {
    readonly orderId: string;
    /** Positive, minor units, in the order's currency. */
    readonly amountMinor: number;
    readonly reason?: string;
    readonly now: string;
  }
>;

/** Payment received (ERP, payment provider): placed → paid. */
export type PayOrder = Command<
  'PayOrder',
  { readonly orderId: string; readonly paymentReference?: string; readonly now: string }
>;

/** Handed to the carrier: paid → shipped. */
export type ShipOrder = Command<
  'ShipOrder',
  {
    readonly orderId: string;
    readonly carrier?: string;
    readonly trackingNumber?: string;
    readonly now: string;
  }
>;

/** Delivered and accepted: shipped → completed. */
export type CompleteOrder = Command<
  'CompleteOrder',
  { readonly orderId: string; readonly now: string }
>;

export type OrderCommand =
  PlaceOrder | CancelOrder | RefundOrder | PayOrder | ShipOrder | CompleteOrder;
