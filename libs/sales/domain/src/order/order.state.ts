// State of an order: placed → paid → shipped → completed (each possibly partly refunded),
// cancelled before payment, or refunded in whole.

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
  | (OrderFacts & {
      readonly status: 'Placed' | 'Paid' | 'Shipped' | 'Completed' | 'Cancelled' | 'Refunded';
    });

/** The fulfilment steps in order: each one's command moves an order from the step before it. */
export const ORDER_FULFILMENT = ['Placed', 'Paid', 'Shipped', 'Completed'] as const;

export const initialOrderState: OrderState = { status: 'None' };
