// Referrals on the member account: a member's code is issued once; a new member records who
// referred them (never themselves, only once, and only before their first order); the referee's
// first order then credits both sides once each, as lots like any other credit (debt first). A
// referral whose two sides share an e-mail or phone is flagged and its rewards withheld (ADR 0225),
// and so are the rewards of a first order returned in full within its return window (ADR 0300).
import { AlreadyReferredError, RefereeNotNewError, SelfReferralError } from '../errors';
import { addDays, endOfLocalDay, localDateOf } from '../program/local-midnight';
import type { ProgramDefinition } from '../program/program.types';
import type { ReferralCommand } from './member.commands';
import type { MemberEvent, ReferralWithholdReason } from './member.events';
import { orderReturned, type EnrolledMember } from './member.state';

type Data<T extends ReferralCommand['type']> = Extract<ReferralCommand, { type: T }>['data'];

export const referralLotId = (role: 'referee' | 'referrer', refereeId: string): string =>
  `referral:${role}:${refereeId}`;

/**
 * When a referral rewarded by the first order `earnedAt` is due: at the local midnight ending the
 * last day of the program's return window; undefined without a window (due at once).
 */
export function referralRewardDueAt(
  program: ProgramDefinition,
  earnedAt: string,
): string | undefined {
  const days = program.referralReward?.returnWindowDays ?? 0;
  if (days === 0) return undefined;
  return endOfLocalDay(addDays(localDateOf(earnedAt, program.timeZone), days), program.timeZone);
}

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
  const recorded: MemberEvent = {
    type: 'loyalty.ReferralRecorded',
    data: { memberId: state.memberId, referrerId: c.referrerId, code: c.code, recordedAt: c.at },
  };
  // One person on both sides (a second account with the same e-mail or phone): recorded, so the
  // chain stays visible, but flagged so that no reward is paid.
  const reasons = [...new Set(c.sharedContacts ?? [])].sort();
  if (reasons.length === 0) return [recorded];
  return [
    recorded,
    {
      type: 'loyalty.ReferralFlagged',
      data: { memberId: state.memberId, referrerId: c.referrerId, reasons, flaggedAt: c.at },
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

/** Why the referee's reward is withheld: the referral's flags, or a first order returned in full. */
function withholdReasons(state: EnrolledMember, orderId: string): ReferralWithholdReason[] {
  const first = state.orders.get(orderId);
  return [
    ...(state.referredBy?.flagged ?? []),
    ...(first && orderReturned(first) ? (['order_returned'] as const) : []),
  ];
}

export function creditReferralReward(
  state: EnrolledMember,
  c: Data<'CreditReferralReward'>,
): MemberEvent[] {
  if (!rewardDue(state, c)) return [];
  const reasons = c.role === 'referee' ? withholdReasons(state, c.orderId) : [];
  if (reasons.length > 0)
    return [
      {
        type: 'loyalty.ReferralRewardWithheld',
        data: {
          memberId: state.memberId,
          referrerId: c.referrerId,
          orderId: c.orderId,
          reasons,
          withheldAt: c.at,
        },
      },
    ];
  if (c.points < 1) return [];
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
