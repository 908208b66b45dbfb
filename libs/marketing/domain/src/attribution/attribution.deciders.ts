// The recorded facts attribution reads. Per customer (stream `marketing.CustomerTouches-<customerId>`):
// each marketing touch (a campaign or journey e-mail sent), each tracked open or click of one (it
// marks the latest touch of its source before it), and each order with the touches of the
// MAX_ATTRIBUTION_WINDOW_DAYS before it, frozen when the order arrived. Per source (stream
// `marketing.MarketingCosts-<kind>:<id>`): its costs. Each fact is recorded once (by touch, order and
// cost id), so redelivered or replayed sources change nothing.
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import {
  ENGAGEMENT_LEVELS,
  MAX_ATTRIBUTION_WINDOW_DAYS,
  MAX_TOUCHES_PER_ORDER,
  fromMinor,
  toMinor,
  type Engagement,
  type Touch,
  type TouchSourceKind,
} from './attribution';

export const CUSTOMER_TOUCHES_CATEGORY = 'marketing.CustomerTouches';
export const MARKETING_COSTS_CATEGORY = 'marketing.MarketingCosts';
export const customerTouchesStreamId = (customerId: string): string =>
  `${CUSTOMER_TOUCHES_CATEGORY}-${customerId}`;
export const marketingCostsStreamId = (sourceKind: TouchSourceKind, sourceId: string): string =>
  `${MARKETING_COSTS_CATEGORY}-${sourceKind}:${sourceId}`;

export type TouchRecorded = DomainEvent<
  'marketing.TouchRecorded',
  Touch & { readonly customerId: string; readonly touchId: string }
>;
/**
 * A tracked open (the pixel) or click (a link) of a message the customer received; recorded once per
 * source, kind and link, so reloading an image or clicking again changes nothing.
 */
export type EngagementRecorded = DomainEvent<
  'marketing.EngagementRecorded',
  {
    readonly customerId: string;
    readonly sourceKind: TouchSourceKind;
    readonly sourceId: string;
    readonly engagement: Engagement;
    /** The link clicked (clicks only). */
    readonly url?: string;
    readonly engagedAt: string;
  }
>;
export type OrderAttributionRecorded = DomainEvent<
  'marketing.OrderAttributionRecorded',
  {
    readonly orderId: string;
    readonly customerId: string;
    readonly amount: string;
    readonly currency: string;
    readonly placedAt: string;
    /** The touches of the window before the order, oldest first. */
    readonly touches: readonly Touch[];
  }
>;
/**
 * Revenue of a recorded order taken back: a refund (part or all, in the order's currency) or a
 * cancellation (whatever was left). Attribution nets it from the order's revenue; never more than
 * the order had left.
 */
export type OrderRevenueReversed = DomainEvent<
  'marketing.OrderRevenueReversed',
  {
    readonly orderId: string;
    readonly customerId: string;
    /** The sales event it records (its event id): recorded once. */
    readonly reversalId: string;
    readonly reversal: OrderReversalKind;
    readonly amount: string;
    readonly currency: string;
    readonly reversedAt: string;
  }
>;
export type OrderReversalKind = 'refund' | 'cancellation';
export type MarketingCostRecorded = DomainEvent<
  'marketing.MarketingCostRecorded',
  {
    readonly costId: string;
    readonly sourceKind: TouchSourceKind;
    readonly sourceId: string;
    readonly channel: string;
    readonly amount: string;
    readonly currency: string;
    readonly note?: string;
    readonly recordedAt: string;
  }
>;
export type CustomerTouchesEvent =
  TouchRecorded | EngagementRecorded | OrderAttributionRecorded | OrderRevenueReversed;

export type CustomerTouchesCommand =
  | {
      readonly type: 'RecordTouch';
      readonly data: Touch & {
        readonly customerId: string;
        readonly touchId: string;
        readonly now: string;
      };
    }
  | {
      readonly type: 'RecordEngagement';
      readonly data: Omit<EngagementRecorded['data'], 'engagedAt'> & { readonly now: string };
    }
  | {
      readonly type: 'RecordOrderForAttribution';
      readonly data: Omit<OrderAttributionRecorded['data'], 'touches'> & { readonly now: string };
    }
  | {
      readonly type: 'RecordOrderReversal';
      readonly data: Omit<OrderRevenueReversed['data'], 'amount' | 'currency'> & {
        /** A refund's amount and currency; a cancellation takes back what the order has left. */
        readonly refund?: { readonly amount: string; readonly currency: string };
        readonly now: string;
      };
    };

export interface CustomerTouchesState {
  readonly touches: readonly Touch[];
  readonly touchIds: ReadonlySet<string>;
  readonly orderIds: ReadonlySet<string>;
  /** What each recorded order has left after refunds and cancellations, in minor units. */
  readonly orderRevenue: ReadonlyMap<
    string,
    { readonly leftMinor: number; readonly currency: string }
  >;
  readonly reversalIds: ReadonlySet<string>;
  /** Every engagement recorded, in order. */
  readonly engagements: readonly EngagementRecorded['data'][];
  /** `<kind> <sourceKind>:<sourceId> <url>` of every engagement recorded. */
  readonly engagementKeys: ReadonlySet<string>;
}

const engagementKey = (e: Omit<EngagementRecorded['data'], 'engagedAt'>): string =>
  `${e.engagement} ${e.sourceKind}:${e.sourceId} ${e.url ?? ''}`;

/**
 * The touches, each with the strongest engagement recorded for it: an engagement belongs to the
 * latest touch of its source at or before it. Computed when an order is recorded, so the order in
 * which the touch and its engagement reached the stream does not matter.
 */
function withEngagement(
  touches: readonly Touch[],
  engagements: readonly EngagementRecorded['data'][],
): Touch[] {
  const level = (x: Touch['engagement']) => ENGAGEMENT_LEVELS.indexOf(x ?? 'sent');
  const marked = [...touches];
  for (const e of engagements) {
    for (let i = marked.length - 1; i >= 0; i--) {
      const t = marked[i]!;
      if (t.sourceKind !== e.sourceKind || t.sourceId !== e.sourceId || t.touchedAt > e.engagedAt)
        continue;
      if (level(e.engagement) > level(t.engagement)) marked[i] = { ...t, engagement: e.engagement };
      break;
    }
  }
  return marked;
}

const DAY_MS = 86_400_000;

/**
 * A refund or cancellation of a recorded order: at most what the order has left, in its currency.
 * An order marketing never recorded (placed before it listened) had no attributed revenue to net.
 */
function decideReversal(
  command: Extract<CustomerTouchesCommand, { type: 'RecordOrderReversal' }>['data'],
  state: CustomerTouchesState,
): OrderRevenueReversed[] {
  const { now: _now, refund, ...reversal } = command;
  const order = state.orderRevenue.get(reversal.orderId);
  if (state.reversalIds.has(reversal.reversalId) || !order || order.leftMinor <= 0) return [];
  if (refund && refund.currency !== order.currency) return [];
  const takenMinor = refund ? Math.min(toMinor(refund.amount), order.leftMinor) : order.leftMinor;
  if (takenMinor <= 0) return [];
  return [
    {
      type: 'marketing.OrderRevenueReversed',
      data: { ...reversal, amount: fromMinor(takenMinor), currency: order.currency },
    },
  ];
}

export const customerTouchesDecider: Decider<
  CustomerTouchesState,
  CustomerTouchesCommand,
  CustomerTouchesEvent
> = {
  decide(command, state) {
    if (command.type === 'RecordTouch') {
      const { now: _now, ...data } = command.data;
      return state.touchIds.has(data.touchId) ? [] : [{ type: 'marketing.TouchRecorded', data }];
    }
    if (command.type === 'RecordEngagement') {
      // The signed link is the proof that the message was sent, even before its touch is recorded.
      const { now, ...data } = command.data;
      return state.engagementKeys.has(engagementKey(data))
        ? []
        : [{ type: 'marketing.EngagementRecorded', data: { ...data, engagedAt: now } }];
    }
    if (command.type === 'RecordOrderReversal') return decideReversal(command.data, state);
    const { now: _now, ...order } = command.data;
    if (state.orderIds.has(order.orderId)) return [];
    const placed = Date.parse(order.placedAt);
    const before = state.engagements.filter((e) => Date.parse(e.engagedAt) <= placed);
    const touches = withEngagement(state.touches, before)
      .filter((t) => {
        const at = Date.parse(t.touchedAt);
        return at <= placed && at >= placed - MAX_ATTRIBUTION_WINDOW_DAYS * DAY_MS;
      })
      .slice(-MAX_TOUCHES_PER_ORDER);
    return [{ type: 'marketing.OrderAttributionRecorded', data: { ...order, touches } }];
  },
  evolve(state, event) {
    if (event.type === 'marketing.TouchRecorded') {
      const { sourceKind, sourceId, channel, touchedAt, touchId } = event.data;
      return {
        ...state,
        touches: [...state.touches, { sourceKind, sourceId, channel, touchedAt }].sort((a, b) =>
          a.touchedAt.localeCompare(b.touchedAt),
        ),
        touchIds: new Set(state.touchIds).add(touchId),
      };
    }
    if (event.type === 'marketing.EngagementRecorded')
      return {
        ...state,
        engagements: [...state.engagements, event.data],
        engagementKeys: new Set(state.engagementKeys).add(engagementKey(event.data)),
      };
    if (event.type === 'marketing.OrderRevenueReversed') {
      const order = state.orderRevenue.get(event.data.orderId);
      const orderRevenue = new Map(state.orderRevenue);
      if (order)
        orderRevenue.set(event.data.orderId, {
          ...order,
          leftMinor: order.leftMinor - toMinor(event.data.amount),
        });
      return {
        ...state,
        orderRevenue,
        reversalIds: new Set(state.reversalIds).add(event.data.reversalId),
      };
    }
    const { orderId, amount, currency } = event.data;
    return {
      ...state,
      orderIds: new Set(state.orderIds).add(orderId),
      orderRevenue: new Map(state.orderRevenue).set(orderId, {
        leftMinor: toMinor(amount),
        currency,
      }),
    };
  },
  initialState: {
    touches: [],
    touchIds: new Set(),
    orderIds: new Set(),
    orderRevenue: new Map(),
    reversalIds: new Set(),
    engagements: [],
    engagementKeys: new Set(),
  },
};

export type RecordMarketingCost = {
  readonly type: 'RecordMarketingCost';
  readonly data: Omit<MarketingCostRecorded['data'], 'recordedAt'> & { readonly now: string };
};

export const marketingCostsDecider: Decider<
  ReadonlySet<string>,
  RecordMarketingCost,
  MarketingCostRecorded
> = {
  decide(command, costIds) {
    const { now, ...cost } = command.data;
    return costIds.has(cost.costId)
      ? []
      : [{ type: 'marketing.MarketingCostRecorded', data: { ...cost, recordedAt: now } }];
  },
  evolve: (costIds, event) => new Set(costIds).add(event.data.costId),
  initialState: new Set<string>(),
};
