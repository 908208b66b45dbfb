// Attribution of orders to the marketing touches before them, under a model chosen at query time:
// the recorded facts (touches, orders with the touches that preceded them, costs) never change, so
// re-attributing past revenue under another model or window rewrites nothing (ADR 0198). Amounts are
// integer minor units; a linear split gives the remainder cent by cent to the earliest touches so
// the credits always add up to the order.

export const ATTRIBUTION_MODELS = ['lastTouch', 'firstTouch', 'linear'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];
/** The longest window a query may ask for; orders record the touches of this many days before them. */
export const MAX_ATTRIBUTION_WINDOW_DAYS = 90;
/** At most this many touches are recorded with an order (the most recent ones). */
export const MAX_TOUCHES_PER_ORDER = 50;

export type TouchSourceKind = 'campaign' | 'journey';

/** How far a recipient engaged with a message, weakest first; a touch without one was only sent. */
export const ENGAGEMENT_LEVELS = ['sent', 'opened', 'clicked'] as const;
export type EngagementLevel = (typeof ENGAGEMENT_LEVELS)[number];
export type Engagement = Exclude<EngagementLevel, 'sent'>;

export interface Touch {
  readonly sourceKind: TouchSourceKind;
  readonly sourceId: string;
  readonly channel: string;
  readonly touchedAt: string;
  /** The strongest engagement (tracked open or click) recorded for this message before the order. */
  readonly engagement?: Engagement;
}

/** Whether a touch engaged at least as far as `minimum` (every touch was at least sent). */
export const engagedAtLeast = (touch: Touch, minimum: EngagementLevel): boolean =>
  ENGAGEMENT_LEVELS.indexOf(touch.engagement ?? 'sent') >= ENGAGEMENT_LEVELS.indexOf(minimum);

export interface OrderWithTouches {
  readonly orderId: string;
  readonly customerId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly placedAt: string;
  readonly touches: readonly Touch[];
}

export interface Cost {
  readonly sourceKind: TouchSourceKind;
  readonly sourceId: string;
  readonly channel: string;
  readonly amountMinor: number;
  readonly currency: string;
}

export interface Credit {
  readonly sourceKind: TouchSourceKind;
  readonly sourceId: string;
  readonly channel: string;
  readonly amountMinor: number;
}

const DAY_MS = 86_400_000;

/** Decimal string with up to two fraction digits ("129.9", "129.90") → minor units (12990). */
export function toMinor(amount: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) throw new RangeError(`Not an amount: ${amount}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function fromMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * The touches that count for an order: at or before it, within the window, engaged at least as far
 * as `minimum` (sent: all), oldest first.
 */
export function touchesInWindow(
  order: OrderWithTouches,
  windowDays: number,
  minimum: EngagementLevel = 'sent',
): Touch[] {
  const placed = Date.parse(order.placedAt);
  const from = placed - windowDays * DAY_MS;
  return order.touches
    .filter((t) => {
      const at = Date.parse(t.touchedAt);
      return at <= placed && at >= from && engagedAtLeast(t, minimum);
    })
    .sort((a, b) => a.touchedAt.localeCompare(b.touchedAt));
}

export function attributeOrder(
  order: OrderWithTouches,
  model: AttributionModel,
  windowDays: number,
  minimum: EngagementLevel = 'sent',
): Credit[] {
  const touches = touchesInWindow(order, windowDays, minimum);
  if (touches.length === 0) return [];
  const credit = (t: Touch, amountMinor: number): Credit => ({
    sourceKind: t.sourceKind,
    sourceId: t.sourceId,
    channel: t.channel,
    amountMinor,
  });
  switch (model) {
    case 'lastTouch':
      return [credit(touches.at(-1)!, order.amountMinor)];
    case 'firstTouch':
      return [credit(touches[0]!, order.amountMinor)];
    case 'linear': {
      const share = Math.floor(order.amountMinor / touches.length);
      const remainder = order.amountMinor - share * touches.length;
      return touches.map((t, i) => credit(t, share + (i < remainder ? 1 : 0)));
    }
    default: {
      const unknown: never = model;
      throw new Error(`Unknown attribution model ${String(unknown)}`);
    }
  }
}

interface Figures {
  readonly revenueMinor: number;
  /** Orders that gave this source any credit. */
  readonly orders: number;
  readonly costMinor: number;
  /** (revenue − cost) / cost; null without cost. */
  readonly roi: number | null;
}
export interface ChannelRow extends Figures {
  readonly channel: string;
  readonly currency: string;
}
export interface AttributionRow extends ChannelRow {
  readonly sourceKind: TouchSourceKind;
  readonly sourceId: string;
}

export interface AttributionReport {
  readonly model: AttributionModel;
  readonly windowDays: number;
  readonly minimumEngagement: EngagementLevel;
  /** One row per source, channel and currency. */
  readonly bySource: readonly AttributionRow[];
  /** The same summed per channel and currency. */
  readonly byChannel: readonly ChannelRow[];
  readonly unattributedRevenueMinor: Readonly<Record<string, number>>;
}

interface Tally {
  revenueMinor: number;
  orders: number;
  costMinor: number;
}

function rows<K extends { readonly channel: string }>(
  tallies: Map<string, Tally>,
  keyOf: (key: string) => K,
): (K & Figures)[] {
  return [...tallies.entries()]
    .map(([key, t]) => ({
      ...keyOf(key),
      ...t,
      roi: t.costMinor > 0 ? (t.revenueMinor - t.costMinor) / t.costMinor : null,
    }))
    .sort(
      (a, b) =>
        b.revenueMinor - a.revenueMinor || JSON.stringify(a).localeCompare(JSON.stringify(b)),
    );
}

/**
 * The orders with what refunds and cancellations took back netted from their revenue (minor units
 * reversed by order id); an order with nothing left earned nothing and is left out.
 */
export function netOfReversals(
  orders: readonly OrderWithTouches[],
  reversedMinor: ReadonlyMap<string, number>,
): OrderWithTouches[] {
  return orders.flatMap((order) => {
    const amountMinor = order.amountMinor - (reversedMinor.get(order.orderId) ?? 0);
    return amountMinor > 0 ? [{ ...order, amountMinor }] : [];
  });
}

export function attributionReport(
  orders: readonly OrderWithTouches[],
  costs: readonly Cost[],
  model: AttributionModel,
  windowDays: number,
  minimumEngagement: EngagementLevel = 'sent',
): AttributionReport {
  const bySource = new Map<string, Tally>();
  const byChannel = new Map<string, Tally>();
  const unattributed: Record<string, number> = {};
  const tally = (map: Map<string, Tally>, key: string) => {
    let t = map.get(key);
    if (!t) map.set(key, (t = { revenueMinor: 0, orders: 0, costMinor: 0 }));
    return t;
  };
  for (const order of orders) {
    const credits = attributeOrder(order, model, windowDays, minimumEngagement);
    if (credits.length === 0)
      unattributed[order.currency] = (unattributed[order.currency] ?? 0) + order.amountMinor;
    const counted = new Set<string>();
    for (const c of credits) {
      const sourceKey = JSON.stringify([c.sourceKind, c.sourceId, c.channel, order.currency]);
      const channelKey = JSON.stringify([c.channel, order.currency]);
      tally(bySource, sourceKey).revenueMinor += c.amountMinor;
      tally(byChannel, channelKey).revenueMinor += c.amountMinor;
      for (const key of [`s${sourceKey}`, `c${channelKey}`]) {
        if (counted.has(key)) continue;
        counted.add(key);
        tally(key.startsWith('s') ? bySource : byChannel, key.slice(1)).orders += 1;
      }
    }
  }
  for (const cost of costs) {
    tally(
      bySource,
      JSON.stringify([cost.sourceKind, cost.sourceId, cost.channel, cost.currency]),
    ).costMinor += cost.amountMinor;
    tally(byChannel, JSON.stringify([cost.channel, cost.currency])).costMinor += cost.amountMinor;
  }
  return {
    model,
    windowDays,
    minimumEngagement,
    bySource: rows(bySource, (key) => {
      const [sourceKind, sourceId, channel, currency] = JSON.parse(key) as [
        TouchSourceKind,
        string,
        string,
        string,
      ];
      return { sourceKind, sourceId, channel, currency };
    }),
    byChannel: rows(byChannel, (key) => {
      const [channel, currency] = JSON.parse(key) as [string, string];
      return { channel, currency };
    }),
    unattributedRevenueMinor: unattributed,
  };
}
