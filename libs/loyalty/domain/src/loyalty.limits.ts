// Every limit of the loyalty context, defined once: the service's parsers enforce them, the
// gateway quotes them and the decider relies on them (points are safe integers far below 2^53).
export const LOYALTY_LIMITS = {
  /** Client-chosen ids: member (= customer), order, reservation, adjustment, lot ids. */
  id: 200,
  /** Program and tier names, promotion names, categories. */
  name: 100,
  /** Reason of a manual adjustment. */
  reason: 500,
  /** Points in one earn, reservation or adjustment. */
  maxPoints: 1_000_000_000,
  /** Earn rules, tiers and promotions of one program. */
  earnRules: 50,
  tiers: 20,
  promotions: 50,
  /** Rows of one tier in the benefits table, and the length of a benefit's description. */
  benefitsPerTier: 20,
  benefitDescription: 200,
  /** Multipliers are integer percentages (150 = ×1.5) so that points stay integers. */
  minMultiplierPercent: 100,
  maxMultiplierPercent: 1000,
  /** Rolling lot lifetime in months. */
  maxLotLifetimeMonths: 120,
  /** Days before a lot expires that the member is reminded. */
  expiryReminderDays: 30,
  /** Rolling window of qualifying points that decides the tier, in months. */
  maxTierWindowMonths: 36,
  /** Days a member keeps a tier after a review found it no longer qualifies. */
  maxTierGraceDays: 365,
  /** Days a referral reward waits after the referee's first order (its return window). */
  maxReferralReturnWindowDays: 365,
} as const;
