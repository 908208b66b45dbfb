// The Order aggregate: placed with lines (the amount is their exact sum), then cancelled before
// anything was refunded, or refunded in part or whole; refunds never exceed what was paid.
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
import { initialOrderState, type OrderState } from './order.state';

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
      if (state.status !== 'Placed') {
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
