// Commands of a member account. Times and ids arrive inside the command (the domain has no clock);
// the program definition travels with the commands that depend on it.
import type { EarningOrder } from '../program/earn-calculation';
import type { ProgramDefinition } from '../program/program.types';
import type { ChurnSignal, ReferralFlag } from './member.events';

export type MemberCommand =
  | {
      readonly type: 'EnrolMember';
      readonly data: {
        readonly memberId: string;
        readonly source: 'manual' | 'automatic';
        readonly at: string;
      };
    }
  | {
      readonly type: 'EarnForOrder';
      readonly data: {
        readonly memberId: string;
        readonly order: EarningOrder;
        readonly program: ProgramDefinition;
        readonly at: string;
      };
    }
  | {
      readonly type: 'ReservePoints';
      readonly data: {
        readonly memberId: string;
        readonly reservationId: string;
        readonly points: number;
        readonly orderId?: string;
        readonly at: string;
      };
    }
  | {
      readonly type: 'ConfirmReservation';
      readonly data: {
        readonly memberId: string;
        readonly reservationId: string;
        readonly at: string;
      };
    }
  | {
      readonly type: 'ReleaseReservation';
      readonly data: {
        readonly memberId: string;
        readonly reservationId: string;
        readonly at: string;
      };
    }
  | {
      readonly type: 'ExpirePoints';
      readonly data: { readonly memberId: string; readonly at: string };
    }
  | {
      readonly type: 'RemindExpiringPoints';
      readonly data: {
        readonly memberId: string;
        readonly withinDays: number;
        readonly at: string;
      };
    }
  | {
      readonly type: 'ReverseOrderPoints';
      readonly data: {
        readonly memberId: string;
        readonly orderId: string;
        /** The refunded amount, or undefined for a cancellation (everything). */
        readonly refundedMinor?: number;
        readonly at: string;
      };
    }
  | {
      readonly type: 'AdjustPoints';
      readonly data: {
        readonly memberId: string;
        readonly adjustmentId: string;
        readonly points: number;
        readonly reason: string;
        /** The verified user asking; above the threshold the adjustment waits for another user's approval. */
        readonly requestedBy: string;
        readonly approvalThreshold: number;
        /** Required for credits: when the adjusted lot expires. */
        readonly expiresAt?: string;
        readonly at: string;
      };
    }
  | {
      /** Fired by the tier review timer: keep, start the grace period, or downgrade. */
      readonly type: 'ReviewTier';
      readonly data: {
        readonly memberId: string;
        readonly program: ProgramDefinition;
        readonly at: string;
      };
    }
  | ReferralCommand
  | {
      /** Fired by the churn timer: recompute the score, raise or ease the band. */
      readonly type: 'AssessChurnRisk';
      readonly data: { readonly memberId: string; readonly at: string };
    }
  | {
      /** Sent by the churn-signals reactor: record the signal, then reassess at once. */
      readonly type: 'RecordChurnSignal';
      readonly data: {
        readonly memberId: string;
        readonly signal: ChurnSignal;
        readonly sourceId: string;
        readonly csatScore?: number;
        readonly at: string;
      };
    }
  | ApproveAdjustmentCommand;

export type ReferralCommand =
  | {
      readonly type: 'IssueReferralCode';
      /** The code the service generated and claimed for the member. */
      readonly data: { readonly memberId: string; readonly code: string; readonly at: string };
    }
  | {
      readonly type: 'RecordReferral';
      readonly data: {
        /** The referee. */
        readonly memberId: string;
        /** The owner of `code`, resolved by the service. */
        readonly referrerId: string;
        readonly code: string;
        /** Contact kinds the referee shares with the referrer (compared where contacts are kept). */
        readonly sharedContacts?: readonly ReferralFlag[];
        readonly at: string;
      };
    }
  | {
      /** Sent for every order a member places; credits only on the referee's first order. */
      readonly type: 'CreditReferralReward';
      readonly data: {
        readonly memberId: string;
        readonly role: 'referee' | 'referrer';
        readonly refereeId: string;
        readonly referrerId: string;
        readonly orderId: string;
        readonly points: number;
        readonly expiresAt: string;
        readonly at: string;
      };
    };

export type ApproveAdjustmentCommand = {
  readonly type: 'ApproveAdjustment';
  readonly data: {
    readonly memberId: string;
    readonly adjustmentId: string;
    /** The verified approving user, never the requester. */
    readonly approvedBy: string;
    readonly at: string;
  };
};

export type MemberCommandType = MemberCommand['type'];
