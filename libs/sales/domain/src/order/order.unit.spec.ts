// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import {
  InvalidTransitionError,
  OpportunityNotWonError,
  OrderMismatchError,
  RecordAlreadyExistsError,
  RecordNotFoundError,
  RefundExceedsOrderError,
} from '../errors';
import type { OpportunityState } from '../opportunity/opportunity.state';
import type { PlaceOrder } from './order.commands';
import { assertOrderFitsOpportunity, orderDecider } from './order.decider';
import type { OrderEvent } from './order.events';

const ORDER = 'order-1';
const T0 = '2026-03-01T09:00:00.000Z';
const T1 = '2026-03-02T09:00:00.000Z';
const spec = deciderSpec(orderDecider);

const place: PlaceOrder = {
  type: 'PlaceOrder',
  data: {
    orderId: ORDER,
    customerId: 'cust-1',
    opportunityId: 'opp-1',
    lines: [
      { sku: 'ENG-1', category: 'engines', quantity: 2, unitPriceMinor: 5_000_025 },
      { name: 'Installation', category: 'services', quantity: 1, unitPriceMinor: 99 },
    ],
    currency: 'EUR',
    channel: 'offline_store',
    ownerId: 'rep-1',
    teamId: 'team-a',
    now: T0,
  },
};
const placed: OrderEvent[] = [
  {
    type: 'sales.OrderPlaced',
    data: {
      orderId: ORDER,
      customerId: 'cust-1',
      items: [
        { sku: 'ENG-1', category: 'engines', quantity: 2, unitPrice: '50000.25' },
        { name: 'Installation', category: 'services', quantity: 1, unitPrice: '0.99' },
      ],
      amount: '100001.49',
      currency: 'EUR',
      channel: 'offline_store',
      placedAt: T0,
    },
  },
  {
    type: 'sales.OrderAttributed',
    data: { orderId: ORDER, opportunityId: 'opp-1', ownerId: 'rep-1', teamId: 'team-a' },
  },
];
const refund = (amountMinor: number) =>
  ({ type: 'RefundOrder', data: { orderId: ORDER, amountMinor, now: T1 } }) as const;
const refunded = (amount: string): OrderEvent => ({
  type: 'sales.OrderRefunded',
  data: { orderId: ORDER, customerId: 'cust-1', amount, currency: 'EUR', refundedAt: T1 },
});
const cancel = {
  type: 'CancelOrder',
  data: { orderId: ORDER, reason: 'changed mind', now: T1 },
} as const;

describe('Order', () => {
  it('is placed with the exact sum of its lines, and attributed to its deal and owner', () => {
    spec.given([]).when(place).then(placed);
    spec.given(placed).when(place).thenThrows(RecordAlreadyExistsError);
  });

  it('is cancelled before any refund, once', () => {
    const cancelled: OrderEvent = {
      type: 'sales.OrderCancelled',
      data: { orderId: ORDER, customerId: 'cust-1', reason: 'changed mind', cancelledAt: T1 },
    };
    spec.given(placed).when(cancel).then([cancelled]);
    spec
      .given([...placed, cancelled])
      .when(cancel)
      .thenNothingHappened();
    spec
      .given([...placed, cancelled])
      .when(refund(1))
      .thenThrows(InvalidTransitionError);
    spec
      .given([...placed, refunded('1.00')])
      .when(cancel)
      .thenThrows(InvalidTransitionError);
  });

  it('is refunded in parts up to its amount and no further', () => {
    spec
      .given(placed)
      .when(refund(149))
      .then([refunded('1.49')]);
    spec
      .given([...placed, refunded('1.49')])
      .when(refund(10_000_000))
      .then([refunded('100000.00')]);
    spec
      .given([...placed, refunded('1.49')])
      .when(refund(10_000_001))
      .thenThrows(RefundExceedsOrderError, (e) => expect(e.refundable).toBe('100000.00'));
    spec
      .given([...placed, refunded('100001.49')])
      .when(refund(1))
      .thenThrows(InvalidTransitionError);
  });

  describe('fulfilment: placed → paid → shipped → completed', () => {
    const T2 = '2026-03-03T09:00:00.000Z';
    const paid: OrderEvent = {
      type: 'sales.OrderPaid',
      data: {
        orderId: ORDER,
        customerId: 'cust-1',
        amount: '100001.49',
        currency: 'EUR',
        paymentReference: 'PSP-77',
        paidAt: T1,
      },
    };
    const shipped: OrderEvent = {
      type: 'sales.OrderShipped',
      data: { orderId: ORDER, customerId: 'cust-1', carrier: 'DHL', shippedAt: T2 },
    };
    const completed: OrderEvent = {
      type: 'sales.OrderCompleted',
      data: { orderId: ORDER, customerId: 'cust-1', completedAt: T2 },
    };
    const pay = {
      type: 'PayOrder',
      data: { orderId: ORDER, paymentReference: 'PSP-77', now: T1 },
    } as const;
    const ship = { type: 'ShipOrder', data: { orderId: ORDER, carrier: 'DHL', now: T2 } } as const;
    const complete = { type: 'CompleteOrder', data: { orderId: ORDER, now: T2 } } as const;

    it('takes each step from the one before, once', () => {
      spec.given(placed).when(pay).then([paid]);
      spec
        .given([...placed, paid])
        .when(ship)
        .then([shipped]);
      spec
        .given([...placed, paid, shipped])
        .when(complete)
        .then([completed]);
      spec
        .given([...placed, paid])
        .when(pay)
        .thenNothingHappened();
      spec
        .given([...placed, paid, shipped, completed])
        .when(ship)
        .thenNothingHappened();
    });

    it('skips no step and moves no cancelled, refunded or unknown order', () => {
      spec.given(placed).when(ship).thenThrows(InvalidTransitionError);
      spec
        .given([...placed, paid])
        .when(complete)
        .thenThrows(InvalidTransitionError);
      const cancelled: OrderEvent = {
        type: 'sales.OrderCancelled',
        data: { orderId: ORDER, customerId: 'cust-1', cancelledAt: T1 },
      };
      spec
        .given([...placed, cancelled])
        .when(pay)
        .thenThrows(InvalidTransitionError);
      spec
        .given([...placed, refunded('100001.49')])
        .when(pay)
        .thenThrows(InvalidTransitionError);
      spec.given([]).when(pay).thenThrows(RecordNotFoundError);
    });

    it('is cancelled only before payment, and refunded at any step', () => {
      spec
        .given([...placed, paid])
        .when(cancel)
        .thenThrows(InvalidTransitionError);
      spec
        .given([...placed, paid, shipped])
        .when(refund(149))
        .then([refunded('1.49')]);
      spec
        .given([...placed, paid, shipped, refunded('1.49')])
        .when(complete)
        .then([completed]);
      spec
        .given([...placed, paid, shipped, completed])
        .when(refund(10_000_149))
        .then([refunded('100001.49')]);
    });
  });

  describe('placed from an opportunity', () => {
    const opportunity = (status: 'Open' | 'Won', customerId = 'cust-1', currency = 'EUR') =>
      ({
        status,
        opportunityId: 'opp-1',
        customerId,
        pipelineId: 'default',
        stageId: 'negotiation',
        stageEnteredAt: T0,
        amountMinor: 100,
        currency,
        ownerId: 'rep-1',
        teamId: 'team-a',
        lines: [],
      }) satisfies OpportunityState;

    it('needs a won opportunity of the same customer and currency', () => {
      expect(() => assertOrderFitsOpportunity(opportunity('Won'), place.data)).not.toThrow();
      expect(() => assertOrderFitsOpportunity(opportunity('Open'), place.data)).toThrow(
        OpportunityNotWonError,
      );
      expect(() => assertOrderFitsOpportunity(opportunity('Won', 'cust-2'), place.data)).toThrow(
        OrderMismatchError,
      );
      expect(() =>
        assertOrderFitsOpportunity(opportunity('Won', 'cust-1', 'USD'), place.data),
      ).toThrow(OrderMismatchError);
    });
  });
});
