// The loyalty read models in MongoDB: names (projection + logical model, resolved to the serving
// physical collection by @crm/read-models) and document shapes. Written by the projections in
// services/projections/src/loyalty, read by the query functions of this library.
//
// Lots are a map keyed by the encoded lot id and changed with $inc of their points only (no
// read-modify-write), so redelivery under the position guard leaves the same document.

export const LOYALTY_MEMBER_PROJECTION = 'loyalty-member-balance';
export const LOYALTY_MEMBER_MODEL = 'loyalty_members';
export const LOYALTY_LIABILITY_PROJECTION = 'loyalty-points-liability';
export const LOYALTY_LIABILITY_MODEL = 'loyalty_liability';
export const LOYALTY_PROGRAM_PROJECTION = 'loyalty-program';
export const LOYALTY_PROGRAM_MODEL = 'loyalty_programs';

export interface LotDocument {
  readonly lotId: string;
  /** Free points left; 0 once spent, reserved away or expired. */
  readonly points: number;
  readonly expiresAt: string;
}

/** The member counters whose changes are also booked per day (`MemberBalanceDocument.daily`). */
export const DATED_MEMBER_COUNTERS = [
  'qualifyingPoints',
  'availablePoints',
  'reservedPoints',
  'debtPoints',
  'earnedPoints',
  'redeemedPoints',
  'expiredPoints',
] as const;
export type DatedMemberCounter = (typeof DATED_MEMBER_COUNTERS)[number];

export interface MemberBalanceDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly memberId: string;
  readonly enrolledAt: string;
  readonly source: 'manual' | 'automatic';
  readonly tier?: string;
  /** Next tier review (rolling tier window only); tierInGrace 1 when it ends a grace period. */
  readonly tierReviewAt?: string;
  readonly tierInGrace?: 0 | 1;
  /** Tier changes keyed by the encoded instant of the change. */
  readonly tierHistory?: {
    readonly [key: string]: {
      readonly at: string;
      readonly change: 'upgrade' | 'downgrade';
      readonly fromTier?: string;
      readonly toTier: string;
      readonly qualifyingPoints: number;
    };
  };
  readonly qualifyingPoints: number;
  readonly availablePoints: number;
  readonly reservedPoints: number;
  readonly debtPoints: number;
  readonly earnedPoints: number;
  readonly redeemedPoints: number;
  readonly expiredPoints: number;
  /** Points credited as referral rewards (either side). */
  readonly referralPoints?: number;
  readonly referralCode?: string;
  /** Churn early warning: the band and score of the last change, and the factors of the last raise. */
  readonly churnBand?: 'low' | 'medium' | 'high';
  readonly churnScore?: number;
  readonly churnAssessedAt?: string;
  readonly churnFactors?: readonly { factor: string; points: number; detail: string }[];
  /** The member who referred this one. */
  readonly referredBy?: string;
  /** Why that referral was flagged (shared e-mail or phone): its rewards are withheld. */
  readonly referralFlags?: readonly string[];
  /** The first order whose referral rewards were withheld. */
  readonly referralRewardWithheldFor?: string;
  readonly lots?: { readonly [key: string]: LotDocument };
  /**
   * What each UTC day (`YYYY-MM-DD`, by the instant each event took effect) changed in the
   * counters: the member's figures as of a past day are the sum of the days up to it.
   */
  readonly daily?: {
    readonly [day: string]: { readonly [C in DatedMemberCounter]?: number };
  };
  readonly pendingAdjustments?: {
    readonly [key: string]: {
      readonly adjustmentId: string;
      readonly points: number;
      readonly reason: string;
      readonly requestedBy: string;
    };
  };
  readonly lastReminder?: {
    readonly points: number;
    readonly firstExpiresAt: string;
    readonly remindedAt: string;
  };
  readonly updatedAt: string;
}

/** One per tenant: points the tenant owes its members (free + reserved), and the flows. */
export interface PointsLiabilityDocument {
  readonly _id: string;
  readonly tenantId: string;
  // The projection only $inc's what an event moves: a counter nothing moved yet is absent.
  readonly outstandingPoints?: number;
  readonly earnedPoints?: number;
  readonly redeemedPoints?: number;
  readonly expiredPoints?: number;
  readonly reversedPoints?: number;
  readonly adjustedPoints?: number;
  readonly referralPoints?: number;
  readonly debtPoints?: number;
  readonly members?: number;
  /**
   * What each UTC day (`YYYY-MM-DD`, by the instant each event took effect) changed in the
   * outstanding points and the debt: the liability as of any day is the sum of the days up to it.
   */
  readonly daily?: {
    readonly [day: string]: { readonly outstanding?: number; readonly debt?: number };
  };
  readonly updatedAt: string;
}

/** A program definition as stored: the event's JSON (read models do not depend on the domain). */
export type StoredProgramDefinition = { readonly [field: string]: unknown };

/** One per tenant: the program as last defined, for its tiers and their benefits table. */
export interface ProgramDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly currency: string;
  readonly timeZone: string;
  readonly tiers: readonly {
    readonly name: string;
    readonly qualifyingThreshold: number;
    readonly multiplierPercent: number;
    readonly benefits: readonly { readonly code: string; readonly description: string }[];
  }[];
  readonly tierWindowMonths?: number;
  /**
   * The definition as last defined, as the `ProgramDefined` / `ProgramRevised` event carried it
   * (validated against its contract; the domain's `ProgramDefinition`). Absent before version 2.
   */
  readonly definition?: StoredProgramDefinition;
  readonly definedAt: string;
  readonly updatedAt: string;
}
