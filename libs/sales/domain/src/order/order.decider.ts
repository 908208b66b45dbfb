// The Order aggregate: placed with lines (the amount is their exact sum), then paid, shipped and
// completed, each step from the one before (the same step again changes nothing); cancelled while
// still unpaid and unrefunded; refunded in part or whole at any step (an order placed already paid,
// as e-commerce sends them, is refunded without a payment step); refunds never exceed the amount.
import type { Decider } from '@crm/event-sourcing';
import {
  InvalidTransitionError,
  OpportunityNotWonError,
  OrderMismatchError,
  RecordAlreadyExistsError,
  RecordNotFoundError,
  RefundExceedsOrderError,
} from '../errors';
import type { OpportunityState } from '../opportunity/opportunity.state';
import { formatMinorUnits, parseMinorUnits, totalMinor } from '../values/money';
import type { OrderCommand, PlaceOrder } from './order.commands';
import type { OrderEvent } from './order.events';
import { ORDER_FULFILMENT, initialOrderState, type OrderState } from './order.state';

type Fulfilment = (typeof ORDER_FULFILMENT)[number];

/** Whether `state` may take the fulfilment step to `next`: [] when it already has, an error when not. */
function fulfilmentStep(state: OrderState, orderId: string, next: Fulfilment): 'take' | 'done' {
  if (state.status === 'None') throw new RecordNotFoundError('order', orderId);
  const at = (ORDER_FULFILMENT as readonly string[]).indexOf(state.status);
  const target = ORDER_FULFILMENT.indexOf(next);
  if (at >= target) return 'done';
  if (at === target - 1) return 'take';
  throw new InvalidTransitionError('order', state.status, next.toLowerCase());
}

function decide(command: OrderCommand, state: OrderState): readonly OrderEvent[] {
  switch (command.type) {
    case 'PlaceOrder': {
      const { orderId, customerId, opportunityId, lines, currency, channel, ownerId, teamId, now } =
        command.data;
      if (state.status !== 'None') throw new RecordAlreadyExistsError('order', orderId);
      return [
        {
          type: 'sales.OrderPlaced',
          data: {
            orderId,
            customerId,
            items: lines.map(({ unitPriceMinor, ...line }) => ({
              ...line,
              unitPrice: formatMinorUnits(unitPriceMinor),
            })),
            amount: formatMinorUnits(totalMinor(lines)),
            currency,
            channel,
            placedAt: now,
          },
        },
        {
          type: 'sales.OrderAttributed',
          data: {
            orderId,
            ...(opportunityId === undefined ? {} : { opportunityId }),
            ownerId,
            teamId,
          },
        },
      ];
    }
    case 'PayOrder': {
      const { orderId, paymentReference, now } = command.data;
      if (fulfilmentStep(state, orderId, 'Paid') === 'done' || state.status === 'None') return [];
      const { customerId, totalMinor, currency } = state;
      const paid = { amount: formatMinorUnits(totalMinor), currency };
      const reference = paymentReference === undefined ? {} : { paymentReference };
      return [
        {
          type: 'sales.OrderPaid',
          data: { orderId, customerId, ...paid, ...reference, paidAt: now },
        },
      ];
    }
    case 'ShipOrder': {
      const { orderId, carrier, trackingNumber, now } = command.data;
      if (fulfilmentStep(state, orderId, 'Shipped') === 'done' || state.status === 'None')
        return [];
      const tracking = {
        ...(carrier === undefined ? {} : { carrier }),
        ...(trackingNumber === undefined ? {} : { trackingNumber }),
      };
      return [
        {
          type: 'sales.OrderShipped',
          data: { orderId, customerId: state.customerId, ...tracking, shippedAt: now },
        },
      ];
    }
    case 'CompleteOrder': {
      const { orderId, now } = command.data;
      if (fulfilmentStep(state, orderId, 'Completed') === 'done' || state.status === 'None')
        return [];
      return [
        {
          type: 'sales.OrderCompleted',
          data: { orderId, customerId: state.customerId, completedAt: now },
        },
      ];
    }
    case 'CancelOrder': {
      const { orderId, reason, now } = command.data;
      if (state.status === 'None') throw new RecordNotFoundError('order', orderId);
      if (state.status === 'Cancelled') return [];
      if (state.status !== 'Placed' || state.refundedMinor > 0) {
        throw new InvalidTransitionError(
          'order',
          state.status === 'Placed' ? 'partly refunded' : state.status,
          'cancelled',
        );
      }
      return [
        {
          type: 'sales.OrderCancelled',
          data: {
            orderId,
            customerId: state.customerId,
            ...(reason === undefined ? {} : { reason }),
            cancelledAt: now,
          },
        },
      ];
    }
    case 'RefundOrder': {
      const { orderId, amountMinor, reason, now } = command.data;
      if (state.status === 'None') throw new RecordNotFoundError('order', orderId);
      if (state.status === 'Cancelled' || state.status === 'Refunded') {
        throw new InvalidTransitionError('order', state.status, 'refunded');
      }
      const refundable = state.totalMinor - state.refundedMinor;
      if (amountMinor > refundable) {
        throw new RefundExceedsOrderError(orderId, formatMinorUnits(refundable));
      }
      return [
        {
          type: 'sales.OrderRefunded',
          data: {
            orderId,
            customerId: state.customerId,
            amount: formatMinorUnits(amountMinor),
            currency: state.currency,
            ...(reason === undefined ? {} : { reason }),
            refundedAt: now,
          },
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown order command ${JSON.stringify(unknown)}`);
    }
  }
}

function evolve(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'sales.OrderPlaced':
      return {
        status: 'Placed',
        orderId: event.data.orderId,
        customerId: event.data.customerId,
        // Written by formatMinorUnits, so it always parses.
        totalMinor: parseMinorUnits(event.data.amount) ?? 0,
        refundedMinor: 0,
        currency: event.data.currency,
        ownerId: null,
        teamId: null,
      };
    case 'sales.OrderAttributed':
      return state.status === 'None'
        ? state
        : { ...state, ownerId: event.data.ownerId, teamId: event.data.teamId };
    case 'sales.OrderCancelled':
      return state.status === 'None' ? state : { ...state, status: 'Cancelled' };
    case 'sales.OrderPaid':
      return state.status === 'None' ? state : { ...state, status: 'Paid' };
    case 'sales.OrderShipped':
      return state.status === 'None' ? state : { ...state, status: 'Shipped' };
    case 'sales.OrderCompleted':
      return state.status === 'None' ? state : { ...state, status: 'Completed' };
    case 'sales.OrderRefunded': {
      if (state.status === 'None') return state;
      const refundedMinor = state.refundedMinor + (parseMinorUnits(event.data.amount) ?? 0);
      return {
        ...state,
        refundedMinor,
        status: refundedMinor >= state.totalMinor ? 'Refunded' : state.status,
      };
    }
    default: {
      const unknown: never = event;
      throw new Error(`Unknown order event ${JSON.stringify(unknown)}`);
    }
  }
}

export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = {
  decide,
  evolve,
  initialState: initialOrderState,
};

/**
 * An order placed from an opportunity must come from a won one, for the same customer and in the
 * same currency. Run by the application with the opportunity's state before deciding PlaceOrder.
 */
export function assertOrderFitsOpportunity(
  opportunity: OpportunityState,
  order: PlaceOrder['data'],
): void {
  if (order.opportunityId === undefined) return;
  if (opportunity.status === 'None') {
    throw new RecordNotFoundError('opportunity', order.opportunityId);
  }
  if (opportunity.status !== 'Won') {
    throw new OpportunityNotWonError(order.opportunityId, opportunity.status);
  }
  if (opportunity.customerId !== order.customerId) {
    throw new OrderMismatchError(
      `Opportunity ${order.opportunityId} belongs to customer ${opportunity.customerId}, not ${order.customerId}`,
    );
  }
  if (opportunity.currency !== order.currency) {
    throw new OrderMismatchError(
      `Opportunity ${order.opportunityId} is in ${opportunity.currency}, not ${order.currency}`,
    );
  }
}
