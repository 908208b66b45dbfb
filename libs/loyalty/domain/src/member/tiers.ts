// Tiers over a rolling window of qualifying points (program.tierReview): an order that lifts the
// window's points over a higher threshold upgrades at once; a timer reviews the tier a window after
// it was reached and, when the member no longer qualifies, grants a grace period before the
// downgrade. Without tierReview, tiers use lifetime qualifying points and are never reviewed.
import { lotExpiry, tierFor } from '../program/earn-calculation';
import { addDays, addMonths, localDateOf, startOfLocalDay } from '../program/local-midnight';
import type { ProgramDefinition, Tier, TierReview } from '../program/program.types';
import type { MemberEvent } from './member.events';
import { orderReturned, type EnrolledMember } from './member.state';

/** The window ending at `at` starts at local midnight of the same day `windowMonths` earlier. */
export function tierWindowStart(at: string, windowMonths: number, timeZone: string): string {
  return startOfLocalDay(addMonths(localDateOf(at, timeZone), -windowMonths), timeZone);
}

/** Local midnight starting 1 January of the year `yearsLater` after the local year of `at`. */
function startOfLocalYear(at: string, timeZone: string, yearsLater = 0): string {
  const { year } = localDateOf(at, timeZone);
  return startOfLocalDay({ year: year + yearsLater, month: 1, day: 1 }, timeZone);
}

/** What a period holds: net qualifying points and the orders that were not returned in full. */
export interface PeriodFigures {
  readonly qualifyingPoints: number;
  readonly orders: number;
}

/** The orders earned in [from, to] (instants), net of their reversals. */
function figuresBetween(state: EnrolledMember, from: number, to: number): PeriodFigures {
  let qualifyingPoints = 0;
  let orders = 0;
  for (const order of state.orders.values()) {
    const earned = Date.parse(order.earnedAt);
    if (earned < from || earned > to) continue;
    qualifyingPoints += Math.max(0, order.qualifyingPoints - order.reversedQualifying);
    // A purchase refunded or cancelled in full was no purchase for the frequency.
    if (!orderReturned(order)) orders += 1;
  }
  return { qualifyingPoints, orders };
}

/** The current period ending at `at`: the rolling window, or the calendar year to date. */
export function periodFigures(
  state: EnrolledMember,
  review: TierReview,
  timeZone: string,
  at: string,
): PeriodFigures {
  const from =
    review.period === 'calendar_year'
      ? startOfLocalYear(at, timeZone)
      : tierWindowStart(at, review.windowMonths, timeZone);
  return figuresBetween(state, Date.parse(from), Date.parse(at));
}

/** Net qualifying points of the orders earned in the window ending at `at`. */
export function windowQualifyingPoints(
  state: EnrolledMember,
  review: TierReview,
  timeZone: string,
  at: string,
): number {
  return periodFigures(state, review, timeZone, at).qualifyingPoints;
}

/** The figure the program's thresholds count. */
export function tierMeasure(figures: PeriodFigures, review: TierReview | undefined): number {
  return review?.basis === 'orders' ? figures.orders : figures.qualifyingPoints;
}

/**
 * The figures a review judges: the rolling window ending at `at`; for a calendar year, the better
 * of the year just ended (a tier earned in one year is kept through the next) and the year to date
 * (requalifying during a grace period counts).
 */
function reviewedFigures(
  state: EnrolledMember,
  review: TierReview,
  timeZone: string,
  at: string,
): PeriodFigures {
  const current = periodFigures(state, review, timeZone, at);
  if (review.period !== 'calendar_year') return current;
  const lastYear = figuresBetween(
    state,
    Date.parse(startOfLocalYear(at, timeZone, -1)),
    Date.parse(startOfLocalYear(at, timeZone)) - 1,
  );
  return tierMeasure(lastYear, review) >= tierMeasure(current, review) ? lastYear : current;
}

/** The qualifying points that decide the tier at `at`: the window's, or lifetime without a review. */
export function tierQualifyingPoints(
  state: EnrolledMember,
  program: ProgramDefinition,
  at: string,
): number {
  return program.tierReview
    ? windowQualifyingPoints(state, program.tierReview, program.timeZone, at)
    : state.qualifyingPoints;
}

/** The period's figures at `at` with an order of `qualifyingPoints` just earned counted in. */
export function figuresWithOrder(
  state: EnrolledMember,
  program: ProgramDefinition,
  at: string,
  qualifyingPoints: number,
): PeriodFigures {
  const before = program.tierReview
    ? periodFigures(state, program.tierReview, program.timeZone, at)
    : { qualifyingPoints: state.qualifyingPoints, orders: state.orders.size };
  return {
    qualifyingPoints: before.qualifyingPoints + qualifyingPoints,
    orders: before.orders + 1,
  };
}

/**
 * A tier reached at `at` is reviewed one window later, at local midnight; over a calendar year, at
 * local midnight starting the next year.
 */
export function nextTierReview(program: ProgramDefinition, at: string): string | undefined {
  const review = program.tierReview;
  if (!review) return undefined;
  if (review.period === 'calendar_year') return startOfLocalYear(at, program.timeZone, 1);
  return lotExpiry({ kind: 'rolling_months', months: review.windowMonths }, at, program.timeZone);
}

/** The frequency figure an event carries when the thresholds count orders. */
function ordersField(figures: PeriodFigures, review: TierReview | undefined) {
  return review?.basis === 'orders' ? { orders: figures.orders } : {};
}

/** The member's current tier in the program; a member without one is in the base tier. */
export function currentTier(state: EnrolledMember, tiers: readonly Tier[]): Tier | undefined {
  return tiers.find((t) => t.name === state.tier) ?? tiers[0];
}

/** TierUpgraded when the period's `figures` (including the order just earned) reach a higher tier. */
export function upgradeOnEarn(
  state: EnrolledMember,
  program: ProgramDefinition,
  figures: PeriodFigures,
  at: string,
): MemberEvent[] {
  const reached = tierFor(program.tiers, tierMeasure(figures, program.tierReview));
  const current = currentTier(state, program.tiers);
  // A member without a recorded tier is in the base tier (threshold 0): reaching it is no upgrade.
  if (!reached || reached.qualifyingThreshold <= (current?.qualifyingThreshold ?? 0)) return [];
  const nextReviewAt = nextTierReview(program, at);
  return [
    {
      type: 'loyalty.TierUpgraded',
      data: {
        memberId: state.memberId,
        ...(current ? { fromTier: current.name } : {}),
        toTier: reached.name,
        qualifyingPoints: figures.qualifyingPoints,
        ...ordersField(figures, program.tierReview),
        upgradedAt: at,
        ...(nextReviewAt ? { nextReviewAt } : {}),
      },
    },
  ];
}

/**
 * The review at (or after) its date: retained while the window still qualifies; otherwise a grace
 * period first, then the downgrade to the tier the window reaches. Before its date (a stale timer),
 * or without a review in the program, nothing happens.
 */
export function reviewTier(
  state: EnrolledMember,
  program: ProgramDefinition,
  at: string,
): MemberEvent[] {
  const review = program.tierReview;
  if (!review || !state.tier || state.tierReviewAt === undefined) return [];
  if (Date.parse(at) < Date.parse(state.tierReviewAt)) return [];
  const figures = reviewedFigures(state, review, program.timeZone, at);
  const reached = tierFor(program.tiers, tierMeasure(figures, review));
  if (!reached) return [];
  // A tier the program no longer has is always reviewed down to what the window reaches.
  const currentThreshold =
    program.tiers.find((t) => t.name === state.tier)?.qualifyingThreshold ??
    Number.POSITIVE_INFINITY;
  const memberId = state.memberId;
  const reviewed = (outcome: 'retained' | 'grace', nextReviewAt: string): MemberEvent[] => [
    {
      type: 'loyalty.TierReviewed',
      data: {
        memberId,
        tier: state.tier ?? reached.name,
        qualifyingPoints: figures.qualifyingPoints,
        ...ordersField(figures, review),
        outcome,
        nextReviewAt,
        reviewedAt: at,
      },
    },
  ];
  if (reached.qualifyingThreshold >= currentThreshold) {
    return reviewed('retained', nextTierReview(program, at) ?? at);
  }
  if (!state.tierInGrace && review.graceDays > 0) {
    const graceEnds = startOfLocalDay(
      addDays(localDateOf(at, program.timeZone), review.graceDays),
      program.timeZone,
    );
    return reviewed('grace', graceEnds);
  }
  const isBase = reached === program.tiers[0];
  const nextReviewAt = isBase ? undefined : nextTierReview(program, at);
  return [
    {
      type: 'loyalty.TierDowngraded',
      data: {
        memberId,
        fromTier: state.tier,
        toTier: reached.name,
        qualifyingPoints: figures.qualifyingPoints,
        ...ordersField(figures, review),
        downgradedAt: at,
        ...(nextReviewAt ? { nextReviewAt } : {}),
      },
    },
  ];
}

/** The member with its tier (and review) as an event set it. */
export function withTier(
  state: EnrolledMember,
  tier: string,
  nextReviewAt: string | undefined,
  inGrace: boolean,
): EnrolledMember {
  const { tierReviewAt: _review, tierInGrace: _grace, ...rest } = state;
  return {
    ...rest,
    tier,
    ...(nextReviewAt ? { tierReviewAt: nextReviewAt } : {}),
    ...(inGrace ? { tierInGrace: true } : {}),
  };
}

/** Where a member stands against the next tier, in what the programme's thresholds count. */
export interface TierProgress {
  readonly basis: 'qualifying_points' | 'orders';
  /** The figure of the current period (lifetime qualifying points without a tier review). */
  readonly current: number;
  /** The next tier above the member's; absent at the top tier. */
  readonly nextTier?: string;
  /** How much more of `basis` reaches it (0 at the top tier). */
  readonly toNextTier: number;
}

export function tierProgress(
  state: EnrolledMember,
  program: ProgramDefinition,
  at: string,
): TierProgress {
  const review = program.tierReview;
  const figures = review
    ? periodFigures(state, review, program.timeZone, at)
    : { qualifyingPoints: state.qualifyingPoints, orders: state.orders.size };
  const current = tierMeasure(figures, review);
  const held = currentTier(state, program.tiers)?.qualifyingThreshold ?? 0;
  const next = program.tiers.find((tier) => tier.qualifyingThreshold > held);
  return {
    basis: review?.basis ?? 'qualifying_points',
    current,
    ...(next ? { nextTier: next.name } : {}),
    toNextTier: next ? Math.max(0, next.qualifyingThreshold - current) : 0,
  };
}
