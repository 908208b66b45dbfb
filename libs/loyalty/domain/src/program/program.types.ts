// The definition of a tenant's loyalty program, modelled after what Odoo's loyalty addon calls
// program, rules and rewards, in our own terms: earn rules turn an order into base points, tiers
// (decided by qualifying points) and time-boxed promotions multiply the redeemable points, and
// points live in lots whose lifetime the program fixes.

/** Points per `perMinor` minor units of the eligible amount (1 point per 1.00 EUR: points 1, perMinor 100). */
export interface AmountEarnRule {
  readonly ruleId: string;
  readonly kind: 'amount';
  readonly points: number;
  readonly perMinor: number;
  /** Only lines of this category count (their quantity × unit price); without it, the order total. */
  readonly category?: string;
  /** At most this many base points per order from this rule. */
  readonly capPoints?: number;
}

/** Points per unit bought (quantity of the matching lines). */
export interface UnitEarnRule {
  readonly ruleId: string;
  readonly kind: 'unit';
  readonly points: number;
  readonly category?: string;
  readonly capPoints?: number;
}

export type EarnRule = AmountEarnRule | UnitEarnRule;

export interface Tier {
  readonly name: string;
  /** Qualifying points from which the tier applies; the first tier starts at 0. */
  readonly qualifyingThreshold: number;
  /** Multiplier of redeemable points in percent (100 = ×1). */
  readonly multiplierPercent: number;
  /** The tier's row of the benefits table (declared, shown to the member; absent: none). */
  readonly benefits?: readonly TierBenefit[];
}

/** What a tier gives besides its multiplier, e.g. `free-shipping` / "Free standard shipping". */
export interface TierBenefit {
  /** Unique within the tier; the same code in several tiers is the same benefit. */
  readonly code: string;
  readonly description: string;
}

/** Orders placed in [from, until) earn their redeemable points multiplied; the best promotion wins. */
export interface Promotion {
  readonly promotionId: string;
  readonly name: string;
  readonly from: string;
  readonly until: string;
  readonly multiplierPercent: number;
}

/** How long a lot lives: rolling months after earning, or until the next fixed day (MM-DD) of the year. */
export type LotLifetime =
  | { readonly kind: 'rolling_months'; readonly months: number }
  | { readonly kind: 'fixed_day'; readonly monthDay: string };

/**
 * Tiers over a rolling window: the qualifying points earned in the last `windowMonths` decide the
 * tier. An upgrade applies at once; a member is reviewed `windowMonths` after reaching a tier and,
 * when no longer qualifying, keeps the tier `graceDays` more before the downgrade.
 * Without it, tiers use lifetime qualifying points and only go up.
 */
export interface TierReview {
  readonly windowMonths: number;
  readonly graceDays: number;
  /**
   * What the thresholds count: net qualifying points (default) or purchase frequency, the orders
   * earned in the period that were not refunded or cancelled in full.
   */
  readonly basis?: TierBasis;
  /**
   * The period measured: the rolling window of `windowMonths` (default), or the calendar year in
   * the program's time zone (`windowMonths` must then be 12; reviewed each 1 January).
   */
  readonly period?: TierPeriod;
}

export type TierBasis = 'qualifying_points' | 'orders';
export type TierPeriod = 'rolling' | 'calendar_year';

export interface ProgramDefinition {
  readonly name: string;
  /** ISO 4217: orders in another currency earn nothing. */
  readonly currency: string;
  /** IANA time zone in which lots expire at local midnight. */
  readonly timeZone: string;
  /** Enrol every newly registered customer automatically. */
  readonly autoEnrol: boolean;
  readonly earnRules: readonly EarnRule[];
  readonly tiers: readonly Tier[];
  readonly promotions: readonly Promotion[];
  readonly lotLifetime: LotLifetime;
  /** Manual adjustments of more points than this need an approver other than the requester. */
  readonly adjustmentApprovalThreshold: number;
  readonly tierReview?: TierReview;
  /** Points credited to each side when a referred member's first order is placed; absent: none. */
  readonly referralReward?: ReferralReward;
}

export interface ReferralReward {
  readonly refereePoints: number;
  readonly referrerPoints: number;
  /**
   * Days after the referee's first order before both sides are credited, so that an order returned
   * (refunded or cancelled in full) within the window rewards nobody. Absent or 0: at once.
   */
  readonly returnWindowDays?: number;
}
