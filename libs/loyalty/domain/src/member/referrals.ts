// Referrals on the member account: a member's code is issued once; a new member records who
// referred them (never themselves, only once, and only before their first order); the referee's
// first order then credits both sides once each, as lots like any other credit (debt first).
import { AlreadyReferredError, RefereeNotNewError, SelfReferralError } from '../errors';
import type { ReferralCommand } from './member.commands';
import type { MemberEvent } from './member.events';
import type { EnrolledMember } from './member.state';

type Data<T extends ReferralCommand['type']> = Extract<ReferralCommand, { type: T }>['data'];

export const referralLotId = (role: 'referee' | 'referrer', refereeId: string): string =>
  `referral:${role}:${refereeId}`;

export function issueReferralCode(
  state: EnrolledMember,
  c: Data<'IssueReferralCode'>,
): MemberEvent[] {
  if (state.referralCode) return [];
  return [
    {
      type: 'loyalty.ReferralCodeIssued',
      data: { memberId: state.memberId, code: c.code, issuedAt: c.at },
    },
  ];
}

export function recordReferral(state: EnrolledMember, c: Data<'RecordReferral'>): MemberEvent[] {
  if (c.referrerId === state.memberId) throw new SelfReferralError(state.memberId);
  if (state.referredBy) throw new AlreadyReferredError(state.memberId);
  if (state.firstOrderId !== undefined) throw new RefereeNotNewError(state.memberId);
  return [
    {
      type: 'loyalty.ReferralRecorded',
      data: {
        memberId: state.memberId,
        referrerId: c.referrerId,
        code: c.code,
        recordedAt: c.at,
      },
    },
  ];
}

/** Whether this side's reward is due now; false (nothing to do) for every other order or a repeat. */
function rewardDue(state: EnrolledMember, c: Data<'CreditReferralReward'>): boolean {
  if (c.role === 'referee') {
    return (
      state.memberId === c.refereeId &&
      state.referredBy?.referrerId === c.referrerId &&
      !state.referredBy.rewarded &&
      state.firstOrderId === c.orderId
    );
  }
  return (
    state.memberId === c.referrerId &&
    c.refereeId !== c.referrerId &&
    !(state.rewardedReferees ?? []).includes(c.refereeId)
  );
}

export function creditReferralReward(
  state: EnrolledMember,
  c: Data<'CreditReferralReward'>,
): MemberEvent[] {
  if (c.points < 1 || !rewardDue(state, c)) return [];
  const debtSettled = Math.min(state.debt, c.points);
  const lotPoints = c.points - debtSettled;
  return [
    {
      type: 'loyalty.ReferralRewardCredited',
      data: {
        memberId: state.memberId,
        role: c.role,
        refereeId: c.refereeId,
        referrerId: c.referrerId,
        orderId: c.orderId,
        points: c.points,
        debtSettled,
        ...(lotPoints > 0
          ? {
              lot: {
                lotId: referralLotId(c.role, c.refereeId),
                points: lotPoints,
                expiresAt: c.expiresAt,
              },
            }
          : {}),
        creditedAt: c.at,
      },
    },
  ];
}
