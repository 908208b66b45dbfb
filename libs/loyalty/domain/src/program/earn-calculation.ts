// How an order turns into points under a program: pure integer arithmetic on minor units so that
// the same order always earns the same points (replay) and nothing is lost to floating point.
import type { LotLifetime, ProgramDefinition, Tier } from './program.types';
import { addMonths, endOfLocalDay, localDateOf } from './local-midnight';

export interface OrderLine {
  readonly category: string;
  readonly quantity: number;
  /** Unit price in minor units, when the order says it. */
  readonly unitPriceMinor?: number;
}

export interface EarningOrder {
  readonly orderId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly lines: readonly OrderLine[];
  readonly placedAt: string;
}

export interface EarnOutcome {
  /** Base points: decide tiers, never multiplied. */
  readonly qualifyingPoints: number;
  /** Base points × tier multiplier × best promotion multiplier, rounded down. */
  readonly redeemablePoints: number;
  readonly multiplierPercent: number;
  readonly promotionId?: string;
}

function ruleBase(
  order: EarningOrder,
  category: string | undefined,
): { minor: number; units: number } {
  if (category === undefined) {
    return { minor: order.amountMinor, units: order.lines.reduce((n, l) => n + l.quantity, 0) };
  }
  const lines = order.lines.filter((l) => l.category === category);
  return {
    minor: lines.reduce((n, l) => n + l.quantity * (l.unitPriceMinor ?? 0), 0),
    units: lines.reduce((n, l) => n + l.quantity, 0),
  };
}

export function tierFor(tiers: readonly Tier[], qualifyingPoints: number): Tier | undefined {
  let current: Tier | undefined;
  for (const tier of tiers) if (tier.qualifyingThreshold <= qualifyingPoints) current = tier;
  return current;
}

export function computeEarn(
  program: ProgramDefinition,
  order: EarningOrder,
  currentTier: string | undefined,
): EarnOutcome {
  if (order.currency !== program.currency)
    return { qualifyingPoints: 0, redeemablePoints: 0, multiplierPercent: 100 };
  let base = 0;
  for (const rule of program.earnRules) {
    const { minor, units } = ruleBase(order, rule.category);
    const raw =
      rule.kind === 'amount'
        ? Math.floor(minor / rule.perMinor) * rule.points
        : units * rule.points;
    base += rule.capPoints === undefined ? raw : Math.min(raw, rule.capPoints);
  }
  const tierPercent = program.tiers.find((t) => t.name === currentTier)?.multiplierPercent ?? 100;
  const placed = Date.parse(order.placedAt);
  const promotion = program.promotions
    .filter((p) => Date.parse(p.from) <= placed && placed < Date.parse(p.until))
    .reduce<ProgramDefinition['promotions'][number] | undefined>(
      (best, p) => (best === undefined || p.multiplierPercent > best.multiplierPercent ? p : best),
      undefined,
    );
  const promotionPercent = promotion?.multiplierPercent ?? 100;
  const multiplierPercent = (tierPercent * promotionPercent) / 100;
  return {
    qualifyingPoints: base,
    redeemablePoints: Math.floor((base * tierPercent * promotionPercent) / 10_000),
    multiplierPercent,
    ...(promotion ? { promotionId: promotion.promotionId } : {}),
  };
}

/** When a lot earned at `earnedAt` expires: the local midnight ending its last day. */
export function lotExpiry(lifetime: LotLifetime, earnedAt: string, timeZone: string): string {
  const earnedOn = localDateOf(earnedAt, timeZone);
  if (lifetime.kind === 'rolling_months') {
    return endOfLocalDay(addMonths(earnedOn, lifetime.months), timeZone);
  }
  const [month, day] = lifetime.monthDay.split('-').map(Number) as [number, number];
  const thisYear = endOfLocalDay({ year: earnedOn.year, month, day }, timeZone);
  return Date.parse(thisYear) > Date.parse(earnedAt)
    ? thisYear
    : endOfLocalDay({ year: earnedOn.year + 1, month, day }, timeZone);
}
