// Loyalty follows Customers and Sales: a registered customer is enrolled when the program says so,
// an order earns points once (and a referred member's first order rewards both sides of the
// referral, or schedules that for the end of its return window), a cancellation or refund takes them back. One reactor for all four
// public event types so they are applied in the order of the global log (a refund never overtakes
// its order). What is no business of loyalty (a customer who is not a member, an order placed
// before enrolment, a tenant without a program) is skipped, not parked: only events that break
// their contract, or commands refused for another reason, are parked.
import { Role, systemCaller } from '@crm/access-policy';
import type { OrderPlacedV1 } from '@crm/contracts/sales';
import type { EventEnvelope } from '@crm/event-sourcing';
import {
  ExpiryInThePastError,
  MemberAlreadyEnrolledError,
  MemberNotEnrolledError,
  OrderAlreadyEarnedError,
  OrderBeforeEnrolmentError,
  OrderNotEarnedError,
  ProgramNotDefinedError,
  type EarningOrder,
} from '@crm/loyalty-domain';
import type { Reaction, ReactorDefinition } from '@crm/reactors';
import type { ScheduleTimer, TimerScheduler } from '@crm/timers';
import type { LoyaltyApplication, RequestMeta } from '../application/loyalty.application';

export const POINTS_REACTOR = 'loyalty.points-reactor';

/** Refusals that mean "nothing for loyalty to do", not a fault of the event. */
const NOTHING_TO_DO = [
  MemberNotEnrolledError,
  MemberAlreadyEnrolledError,
  ProgramNotDefinedError,
  OrderBeforeEnrolmentError,
  OrderAlreadyEarnedError,
  OrderNotEarnedError,
  ExpiryInThePastError,
];

interface OrderClosed {
  readonly orderId: string;
  readonly customerId: string;
  readonly amount?: string;
}

/** "129.90" → 12990; the published schema guarantees two fraction digits. */
export function minorUnits(amount: string): number {
  const [whole = '0', fraction = '00'] = amount.split('.');
  return Number(whole) * 100 + Number(fraction);
}

export function earningOrder(order: OrderPlacedV1): EarningOrder {
  return {
    orderId: order.orderId,
    amountMinor: minorUnits(order.amount),
    currency: order.currency,
    lines: order.items.map((item) => ({
      category: item.category,
      quantity: item.quantity,
      ...(item.unitPrice ? { unitPriceMinor: minorUnits(item.unitPrice) } : {}),
    })),
    placedAt: order.placedAt,
  };
}

export function reactionMeta(reaction: Reaction): RequestMeta {
  return {
    caller: systemCaller(reaction.actor.name, reaction.tenantId, [Role.ADMIN]),
    tenantId: reaction.tenantId,
    correlationId: reaction.correlationId,
    causationId: reaction.causationId,
    idempotencyKey: reaction.idempotencyKey,
  };
}

/** The referee's one referral-reward timer, at the end of the first order's return window. */
export function referralRewardTimer(
  tenantId: string,
  memberId: string,
  orderId: string,
  dueAt: string,
): ScheduleTimer {
  return {
    tenantId,
    key: `referral-reward:${memberId}`,
    command: { type: 'RewardReferral', data: { memberId, orderId } },
    schedule: { at: dueAt },
  };
}

async function send(
  event: EventEnvelope,
  meta: RequestMeta,
  app: LoyaltyApplication,
  timers: Pick<TimerScheduler, 'scheduleMany'>,
): Promise<void> {
  switch (event.type) {
    case 'customers.CustomerRegistered': {
      const { customerId } = event.data as { customerId: string };
      await app.autoEnrol(meta, customerId, event.occurredAt);
      return;
    }
    case 'sales.OrderPlaced': {
      const order = event.data as OrderPlacedV1;
      try {
        await app.earn(meta, order.customerId, earningOrder(order));
      } catch (error) {
        // Already earned (a redelivery after a crash): the referral rewards may still be due.
        if (!(error instanceof OrderAlreadyEarnedError)) throw error;
      }
      // A referred member's first order rewards both sides (once each), at once or when its
      // return window has passed (a timer; a replay upserts the same key).
      const deferred = await app.rewardReferral(meta, order.customerId, order.orderId);
      if (deferred) {
        await timers.scheduleMany([
          referralRewardTimer(event.tenantId, order.customerId, order.orderId, deferred.dueAt),
        ]);
      }
      return;
    }
    case 'sales.OrderCancelled':
    case 'sales.OrderRefunded': {
      const closed = event.data as OrderClosed;
      const refunded =
        event.type === 'sales.OrderRefunded' && closed.amount
          ? minorUnits(closed.amount)
          : undefined;
      await app.reverse(meta, closed.customerId, closed.orderId, refunded);
      return;
    }
    default:
      return;
  }
}

export function pointsReactor(
  app: LoyaltyApplication,
  timers: Pick<TimerScheduler, 'scheduleMany'>,
): ReactorDefinition {
  return {
    name: POINTS_REACTOR,
    eventTypes: [
      'customers.CustomerRegistered',
      'sales.OrderPlaced',
      'sales.OrderCancelled',
      'sales.OrderRefunded',
    ],
    async react(event, reaction) {
      try {
        await send(event, reactionMeta(reaction), app, timers);
      } catch (error) {
        if (NOTHING_TO_DO.some((kind) => error instanceof kind)) return;
        throw error;
      }
    },
  };
}
