// Tiers over a rolling window of qualifying points (program.tierReview): an order that lifts the
// window's points over a higher threshold upgrades at once; a timer reviews the tier a window after
// it was reached and, when the member no longer qualifies, grants a grace period before the
// downgrade. Without tierReview, tiers use lifetime qualifying points and are never reviewed.
import { lotExpiry, tierFor } from '../program/earn-calculation';
import { addMonths, localDateOf, startOfLocalDay, type LocalDate } from '../program/local-midnight';
import type { ProgramDefinition, Tier, TierReview } from '../program/program.types';
import type { MemberEvent } from './member.events';
import type { EnrolledMember } from './member.state';

function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** The window ending at `at` starts at local midnight of the same day `windowMonths` earlier. */
export function tierWindowStart(at: string, windowMonths: number, timeZone: string): string {
  return startOfLocalDay(addMonths(localDateOf(at, timeZone), -windowMonths), timeZone);
}

/** Net qualifying points of the orders earned in the window ending at `at`. */
export function windowQualifyingPoints(
  state: EnrolledMember,
  review: TierReview,
  timeZone: string,
  at: string,
): number {
  const from = Date.parse(tierWindowStart(at, review.windowMonths, timeZone));
  const to = Date.parse(at);
  return state.orders.values().reduce((sum, order) => {
    const earned = Date.parse(order.earnedAt);
    return earned >= from && earned <= to
      ? sum + Math.max(0, order.qualifyingPoints - order.reversedQualifying)
      : sum;
  }, 0);
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

/** A tier reached at `at` is reviewed one window later, at local midnight. */
export function nextTierReview(program: ProgramDefinition, at: string): string | undefined {
  return program.tierReview
    ? lotExpiry(
        { kind: 'rolling_months', months: program.tierReview.windowMonths },
        at,
        program.timeZone,
      )
    : undefined;
}

/** The member's current tier in the program; a member without one is in the base tier. */
export function currentTier(state: EnrolledMember, tiers: readonly Tier[]): Tier | undefined {
  return tiers.find((t) => t.name === state.tier) ?? tiers[0];
}

/** TierUpgraded when `qualifying` (including the order just earned) reaches a higher tier. */
export function upgradeOnEarn(
  state: EnrolledMember,
  program: ProgramDefinition,
  qualifying: number,
  at: string,
): MemberEvent[] {
  const reached = tierFor(program.tiers, qualifying);
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
        qualifyingPoints: qualifying,
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
  const qualifying = windowQualifyingPoints(state, review, program.timeZone, at);
  const reached = tierFor(program.tiers, qualifying);
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
        qualifyingPoints: qualifying,
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
        qualifyingPoints: qualifying,
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
