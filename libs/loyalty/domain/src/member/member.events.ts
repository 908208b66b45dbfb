// Events of a member account. Every debit names the lots it drew from (`draws`), so the ledger can
// be replayed and checked (verify-ledger.ts) without trusting any running total.

/** Points taken from one lot; carries the lot's expiry so a release or restore can recreate it. */
export interface Draw {
  readonly lotId: string;
  readonly points: number;
  readonly expiresAt: string;
}

export interface LotCredit {
  readonly lotId: string;
  readonly points: number;
  readonly expiresAt: string;
}

export type MemberEvent =
  | ReferralEvent
  | ChurnEvent
  | {
      readonly type: 'loyalty.MemberEnrolled';
      readonly data: {
        readonly memberId: string;
        readonly source: 'manual' | 'automatic';
        readonly enrolledAt: string;
      };
    }
  | {
      readonly type: 'loyalty.PointsEarned';
      readonly data: {
        readonly memberId: string;
        readonly orderId: string;
        readonly orderAmountMinor: number;
        readonly qualifyingPoints: number;
        readonly redeemablePoints: number;
        readonly multiplierPercent: number;
        readonly promotionId?: string;
        /** Part of the redeemable points that paid off debt; the rest is the lot. */
        readonly debtSettled: number;
        readonly lot?: LotCredit;
        readonly earnedAt: string;
      };
    }
  | {
      readonly type: 'loyalty.TierUpgraded';
      readonly data: {
        readonly memberId: string;
        readonly fromTier?: string;
        readonly toTier: string;
        readonly qualifyingPoints: number;
        /** Orders in the period, when the tiers count purchase frequency. */
        readonly orders?: number;
        readonly upgradedAt: string;
        /** With a rolling tier window: when the tier is reviewed (local midnight). */
        readonly nextReviewAt?: string;
      };
    }
  | {
      readonly type: 'loyalty.TierReviewed';
      readonly data: {
        readonly memberId: string;
        readonly tier: string;
        /** Qualifying points in the window ending at the review. */
        readonly qualifyingPoints: number;
        /** Orders in the period, when the tiers count purchase frequency. */
        readonly orders?: number;
        /** `retained`: still qualifies; `grace`: keeps the tier until the next review only. */
        readonly outcome: 'retained' | 'grace';
        readonly nextReviewAt: string;
        readonly reviewedAt: string;
      };
    }
  | {
      readonly type: 'loyalty.TierDowngraded';
      readonly data: {
        readonly memberId: string;
        readonly fromTier: string;
        readonly toTier: string;
        readonly qualifyingPoints: number;
        /** Orders in the period, when the tiers count purchase frequency. */
        readonly orders?: number;
        readonly downgradedAt: string;
        /** Absent when the member is down to the base tier (nothing left to review). */
        readonly nextReviewAt?: string;
      };
    }
  | {
      readonly type: 'loyalty.PointsReserved';
      readonly data: {
        readonly memberId: string;
        readonly reservationId: string;
        readonly points: number;
        readonly orderId?: string;
        readonly draws: readonly Draw[];
        readonly reservedAt: string;
      };
    }
  | {
      readonly type: 'loyalty.ReservationConfirmed';
      readonly data: {
        readonly memberId: string;
        readonly reservationId: string;
        readonly points: number;
        readonly confirmedAt: string;
      };
    }
  | {
      readonly type: 'loyalty.ReservationReleased';
      readonly data: {
        readonly memberId: string;
        readonly reservationId: string;
        readonly points: number;
        readonly draws: readonly Draw[];
        readonly releasedAt: string;
      };
    }
  | {
      readonly type: 'loyalty.PointsExpired';
      readonly data: {
        readonly memberId: string;
        readonly points: number;
        readonly draws: readonly Draw[];
        readonly expiredAt: string;
      };
    }
  | {
      readonly type: 'loyalty.PointsExpiryReminded';
      readonly data: {
        readonly memberId: string;
        /** Points of lots that expire within the reminder window, and the earliest expiry. */
        readonly points: number;
        readonly firstExpiresAt: string;
        readonly remindedAt: string;
      };
    }
  | {
      readonly type: 'loyalty.OrderPointsReversed';
      readonly data: {
        readonly memberId: string;
        readonly orderId: string;
        /** The refunded (or, for a cancellation, the whole) amount this reversal answers. */
        readonly refundedMinor: number;
        readonly redeemablePoints: number;
        readonly qualifyingPoints: number;
        readonly draws: readonly Draw[];
        /** Reversed points that had already been spent: owed, settled by later credits. */
        readonly debtIncurred: number;
        readonly reversedAt: string;
      };
    }
  | {
      readonly type: 'loyalty.RedeemedPointsRestored';
      readonly data: {
        readonly memberId: string;
        readonly orderId: string;
        readonly reservationId: string;
        readonly points: number;
        readonly debtSettled: number;
        /** Recreated lots, each with the expiry of the lot the points were redeemed from. */
        readonly lots: readonly LotCredit[];
        readonly restoredAt: string;
      };
    }
  | {
      readonly type: 'loyalty.PointsAdjustmentRequested';
      readonly data: {
        readonly memberId: string;
        readonly adjustmentId: string;
        readonly points: number;
        readonly reason: string;
        readonly requestedBy: string;
        readonly expiresAt?: string;
        readonly requestedAt: string;
      };
    }
  | {
      readonly type: 'loyalty.PointsAdjusted';
      readonly data: {
        readonly memberId: string;
        readonly adjustmentId: string;
        /** Positive credits, negative debits. */
        readonly points: number;
        readonly reason: string;
        readonly requestedBy: string;
        readonly approvedBy?: string;
        readonly debtSettled: number;
        readonly lot?: LotCredit;
        readonly draws: readonly Draw[];
        readonly adjustedAt: string;
      };
    };

/** Referral events: a member's own code, who referred a member, and the rewards of both sides. */
export type ReferralEvent =
  | {
      readonly type: 'loyalty.ReferralCodeIssued';
      readonly data: {
        readonly memberId: string;
        readonly code: string;
        readonly issuedAt: string;
      };
    }
  | {
      readonly type: 'loyalty.ReferralRecorded';
      readonly data: {
        /** The referee (the new member). */
        readonly memberId: string;
        readonly referrerId: string;
        readonly code: string;
        readonly recordedAt: string;
      };
    }
  | {
      readonly type: 'loyalty.ReferralRewardCredited';
      readonly data: {
        /** The member credited: the referee or the referrer. */
        readonly memberId: string;
        readonly role: 'referee' | 'referrer';
        readonly refereeId: string;
        readonly referrerId: string;
        /** The referee's first order, which released both rewards. */
        readonly orderId: string;
        readonly points: number;
        readonly debtSettled: number;
        readonly lot?: LotCredit;
        readonly creditedAt: string;
      };
    }
  | {
      /** The referee shares contact details with the referrer: the rewards will be withheld. */
      readonly type: 'loyalty.ReferralFlagged';
      readonly data: {
        readonly memberId: string;
        readonly referrerId: string;
        readonly reasons: readonly ReferralFlag[];
        readonly flaggedAt: string;
      };
    }
  | {
      /**
       * A flagged referral's first order, or a first order returned within its return window:
       * neither side is credited (once, on the referee).
       */
      readonly type: 'loyalty.ReferralRewardWithheld';
      readonly data: {
        readonly memberId: string;
        readonly referrerId: string;
        readonly orderId: string;
        readonly reasons: readonly ReferralWithholdReason[];
        readonly withheldAt: string;
      };
    };

/** Why a referral looks like one person on both sides (same normalised e-mail or phone). */
export type ReferralFlag = 'shared_email' | 'shared_phone';
/** Why a referral reward was withheld: a flag, or the first order returned within its window. */
export type ReferralWithholdReason = ReferralFlag | 'order_returned';

interface ChurnRiskData {
  readonly memberId: string;
  readonly score: number;
  readonly band: 'low' | 'medium' | 'high';
  readonly previousBand: 'low' | 'medium' | 'high';
  readonly assessedAt: string;
}

/** The churn early warning: a move to a worse band (with what drove it) or a better one. */
export type ChurnEvent =
  | {
      readonly type: 'loyalty.ChurnRiskRaised';
      readonly data: ChurnRiskData & {
        readonly factors: readonly {
          readonly factor: ChurnFactorName;
          readonly points: number;
          readonly detail: string;
        }[];
      };
    }
  | { readonly type: 'loyalty.ChurnRiskEased'; readonly data: ChurnRiskData }
  | {
      /** A fact from another context that the churn score weighs (ADR 0226). */
      readonly type: 'loyalty.ChurnSignalRecorded';
      readonly data: {
        readonly memberId: string;
        readonly signal: ChurnSignal;
        /** The ticket (complaints, CSAT) or campaign (unsubscribe) the signal comes from. */
        readonly sourceId: string;
        /** CSAT answers only: 1 (very unhappy) to 5. */
        readonly csatScore?: number;
        readonly recordedAt: string;
      };
    };

/** Signals from the service desk (complaints, CSAT) and marketing (e-mail disengagement). */
export type ChurnSignal =
  'complaint_opened' | 'complaint_closed' | 'csat_answered' | 'email_unsubscribed';

export type ChurnFactorName =
  | 'recency'
  | 'frequency_drop'
  | 'expiring_unused'
  | 'open_complaints'
  | 'low_csat'
  | 'email_disengaged';

export type MemberEventType = MemberEvent['type'];
