// State of an order: placed (possibly partly refunded), cancelled, or refunded in whole.

export interface OrderFacts {
  readonly orderId: string;
  readonly customerId: string;
  readonly totalMinor: number;
  readonly refundedMinor: number;
  readonly currency: string;
  readonly ownerId: string | null;
  readonly teamId: string | null;
}

export type OrderState =
  | { readonly status: 'None' }
  | (OrderFacts & { readonly status: 'Placed' | 'Cancelled' | 'Refunded' });

export const initialOrderState: OrderState = { status: 'None' };
