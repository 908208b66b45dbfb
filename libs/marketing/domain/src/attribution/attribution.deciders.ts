// The recorded facts attribution reads. Per customer (stream `marketing.CustomerTouches-<customerId>`):
// each marketing touch (a campaign or journey e-mail sent), and each order with the touches of the
// MAX_ATTRIBUTION_WINDOW_DAYS before it, frozen when the order arrived. Per source (stream
// `marketing.MarketingCosts-<kind>:<id>`): its costs. Each fact is recorded once (by touch, order and
// cost id), so redelivered or replayed sources change nothing.
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import {
  MAX_ATTRIBUTION_WINDOW_DAYS,
  MAX_TOUCHES_PER_ORDER,
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
export type CustomerTouchesEvent = TouchRecorded | OrderAttributionRecorded;

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
      readonly type: 'RecordOrderForAttribution';
      readonly data: Omit<OrderAttributionRecorded['data'], 'touches'> & { readonly now: string };
    };

export interface CustomerTouchesState {
  readonly touches: readonly Touch[];
  readonly touchIds: ReadonlySet<string>;
  readonly orderIds: ReadonlySet<string>;
}

const DAY_MS = 86_400_000;

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
    const { now: _now, ...order } = command.data;
    if (state.orderIds.has(order.orderId)) return [];
    const placed = Date.parse(order.placedAt);
    const touches = state.touches
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
    return { ...state, orderIds: new Set(state.orderIds).add(event.data.orderId) };
  },
  initialState: { touches: [], touchIds: new Set(), orderIds: new Set() },
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
