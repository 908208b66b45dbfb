// State of a member account: lots of free points (each with its expiry), open and settled
// reservations, debt and what each order earned. Derived only from events (member.decider.ts).
import type { Draw, ReferralFlag } from './member.events';
import { byExpiry } from './lots';
import type { PersistentMap } from './persistent-map';

export interface Lot {
  readonly lotId: string;
  /** Free points left in the lot, always > 0 (an emptied lot is dropped). */
  readonly points: number;
  readonly expiresAt: string;
}

export interface Reservation {
  readonly reservationId: string;
  readonly points: number;
  readonly orderId?: string;
  readonly draws: readonly Draw[];
  readonly status: 'reserved' | 'confirmed' | 'released' | 'restored';
}

export interface OrderEarning {
  readonly orderId: string;
  readonly amountMinor: number;
  readonly qualifyingPoints: number;
  readonly redeemablePoints: number;
  readonly lotId: string;
  /** When the order earned: its qualifying points count in the tier window from then on. */
  readonly earnedAt: string;
  readonly refundedMinor: number;
  readonly reversedPoints: number;
  readonly reversedQualifying: number;
}

/** Refunded or cancelled in full: no purchase for the tier frequency nor for a referral reward. */
export function orderReturned(order: OrderEarning): boolean {
  return order.amountMinor > 0 && order.refundedMinor >= order.amountMinor;
}

/** An adjustment above the approval threshold, waiting for a second user. */
export interface PendingAdjustment {
  readonly adjustmentId: string;
  readonly points: number;
  readonly reason: string;
  readonly requestedBy: string;
  readonly expiresAt?: string;
}

export type MemberState =
  | { readonly status: 'not_enrolled' }
  | {
      readonly status: 'enrolled';
      readonly memberId: string;
      /** Orders placed before it earn nothing (a replay after a late enrolment must not back-fill). */
      readonly enrolledAt: string;
      readonly tier?: string;
      /** Lifetime qualifying points (net of reversals). */
      readonly qualifyingPoints: number;
      /** With a rolling tier window: the next review of the tier, and whether it is a grace period's end. */
      readonly tierReviewAt?: string;
      readonly tierInGrace?: boolean;
      /** Free lots by lot id; `lotsByExpiry` gives them in the order points are spent. */
      readonly lots: PersistentMap<Lot>;
      readonly reservations: PersistentMap<Reservation>;
      readonly debt: number;
      readonly orders: PersistentMap<OrderEarning>;
      /** The member's own referral code, once issued. */
      readonly referralCode?: string;
      /** Who referred this member, and whether the referee's reward was credited. */
      readonly referredBy?: {
        readonly referrerId: string;
        readonly code: string;
        /** Settled: credited, or withheld because the referral is flagged. */
        readonly rewarded: boolean;
        /** Why the referral looks like self-referral (rewards withheld); absent: clean. */
        readonly flagged?: readonly ReferralFlag[];
      };
      /** The first order that earned: the one that releases referral rewards. */
      readonly firstOrderId?: string;
      /** Referees whose referrer reward this member already received. */
      readonly rewardedReferees?: readonly string[];
      /** The churn band of the last assessment that changed it (absent: low). */
      readonly churnBand?: 'low' | 'medium' | 'high';
      /** What other contexts told about the member (churn signals); absent: nothing yet. */
      readonly churnSignals?: ChurnSignals;
      /** Every adjustment id seen (applied or pending): an id is used once. */
      readonly adjustmentIds: PersistentMap<true>;
      readonly pendingAdjustments: PersistentMap<PendingAdjustment>;
    };

export interface ChurnSignals {
  /** Complaint tickets opened and not yet resolved or closed. */
  readonly openComplaints: readonly string[];
  readonly lastCsat?: { readonly score: number; readonly at: string };
  readonly unsubscribedAt?: string;
}

export type EnrolledMember = Extract<MemberState, { status: 'enrolled' }>;

// The sorted view is built when a command or a query asks for it, never per event in the fold,
// and once per version of the lots (a version never changes, so the cache cannot go stale).
const sortedLots = new WeakMap<PersistentMap<Lot>, readonly Lot[]>();

/** The member's lots, closest expiry first (then lot id): the order in which points are spent. */
export function lotsByExpiry(state: EnrolledMember): readonly Lot[] {
  let sorted = sortedLots.get(state.lots);
  if (!sorted) {
    sorted = Object.freeze(state.lots.values().sort(byExpiry));
    sortedLots.set(state.lots, sorted);
  }
  return sorted;
}

/** Free points in lots still valid at `at` (a lot is spent no later than its expiry instant). */
export function availablePoints(state: EnrolledMember, at: string): number {
  const now = Date.parse(at);
  return state.lots
    .values()
    .reduce((sum, lot) => (Date.parse(lot.expiresAt) > now ? sum + lot.points : sum), 0);
}

export function reservedPoints(state: EnrolledMember): number {
  return state.reservations
    .values()
    .reduce((sum, r) => (r.status === 'reserved' ? sum + r.points : sum), 0);
}
