// The member account as a pure decider: enrolment, earning once per order, two-step redemption,
// expiry, proportional reversal with debt, restore of redeemed lots and manual adjustments.
// Every debit draws from lots valid at its instant (closest expiry first) and every credit first
// settles debt, so lots never go negative and debt is always explicit (see the property test).
import type { Decider } from '@crm/event-sourcing';
import {
  AdjustmentAlreadyAppliedError,
  AdjustmentNeedsApproverError,
  AdjustmentNotPendingError,
  ExpiryInThePastError,
  InsufficientBalanceError,
  InvalidPointsError,
  MemberAlreadyEnrolledError,
  MemberNotEnrolledError,
  OrderAlreadyEarnedError,
  OrderBeforeEnrolmentError,
  OrderNotEarnedError,
  ReservationAlreadyExistsError,
  ReservationNotFoundError,
  ReservationNotOpenError,
} from '../errors';
import { LOYALTY_LIMITS } from '../loyalty.limits';
import { computeEarn, lotExpiry } from '../program/earn-calculation';
import { addCredits, applyDraws, drawPoints, lotsExpiringWithin, sumPoints } from './lots';
import { decideChurnRisk, recordChurnSignal, withSignal } from './churn';
import { creditReferralReward, issueReferralCode, recordReferral } from './referrals';
import { figuresWithOrder, reviewTier, upgradeOnEarn, withTier } from './tiers';
import type { ApproveAdjustmentCommand, MemberCommand } from './member.commands';
import type { Draw, LotCredit, MemberEvent } from './member.events';
import { PersistentMap } from './persistent-map';
import {
  availablePoints,
  lotsByExpiry,
  type EnrolledMember,
  type MemberState,
  type PendingAdjustment,
} from './member.state';

type Decided = MemberEvent[];
type CommandOf<T extends MemberCommand['type']> = Extract<MemberCommand, { type: T }>['data'];

export const orderLotId = (orderId: string): string => `order:${orderId}`;
export const adjustmentLotId = (adjustmentId: string): string => `adjustment:${adjustmentId}`;
export const restoredLotId = (reservationId: string, lotId: string): string =>
  `restored:${reservationId}:${lotId}`;

function requirePoints(field: string, points: number): void {
  if (!Number.isSafeInteger(points) || points < 1 || points > LOYALTY_LIMITS.maxPoints) {
    throw new InvalidPointsError(field, points);
  }
}

function requireFutureExpiry(expiresAt: string, at: string): void {
  if (!(Date.parse(expiresAt) > Date.parse(at))) throw new ExpiryInThePastError(expiresAt, at);
}

function enrolled(state: MemberState, memberId: string): EnrolledMember {
  if (state.status !== 'enrolled') throw new MemberNotEnrolledError(memberId);
  return state;
}

function earn(state: EnrolledMember, c: CommandOf<'EarnForOrder'>): Decided {
  if (state.orders.has(c.order.orderId)) throw new OrderAlreadyEarnedError(c.order.orderId);
  if (Date.parse(c.order.placedAt) < Date.parse(state.enrolledAt)) {
    throw new OrderBeforeEnrolmentError(c.order.orderId, state.enrolledAt);
  }
  const outcome = computeEarn(c.program, c.order, state.tier);
  const expiresAt = lotExpiry(c.program.lotLifetime, c.order.placedAt, c.program.timeZone);
  requireFutureExpiry(expiresAt, c.at);
  const debtSettled = Math.min(state.debt, outcome.redeemablePoints);
  const lotPoints = outcome.redeemablePoints - debtSettled;
  const events: Decided = [
    {
      type: 'loyalty.PointsEarned',
      data: {
        memberId: state.memberId,
        orderId: c.order.orderId,
        orderAmountMinor: c.order.amountMinor,
        qualifyingPoints: outcome.qualifyingPoints,
        redeemablePoints: outcome.redeemablePoints,
        multiplierPercent: outcome.multiplierPercent,
        ...(outcome.promotionId ? { promotionId: outcome.promotionId } : {}),
        debtSettled,
        ...(lotPoints > 0
          ? { lot: { lotId: orderLotId(c.order.orderId), points: lotPoints, expiresAt } }
          : {}),
        earnedAt: c.at,
      },
    },
  ];
  // The order just earned counts in the tier window (it is earned at c.at).
  const figures = figuresWithOrder(state, c.program, c.at, outcome.qualifyingPoints);
  events.push(...upgradeOnEarn(state, c.program, figures, c.at));
  return events;
}

function reserve(state: EnrolledMember, c: CommandOf<'ReservePoints'>): Decided {
  requirePoints('points', c.points);
  if (state.reservations.has(c.reservationId)) {
    throw new ReservationAlreadyExistsError(c.reservationId);
  }
  const { draws, uncovered } = drawPoints(lotsByExpiry(state), c.points, c.at);
  if (uncovered > 0) throw new InsufficientBalanceError(c.points, availablePoints(state, c.at));
  return [
    {
      type: 'loyalty.PointsReserved',
      data: {
        memberId: state.memberId,
        reservationId: c.reservationId,
        points: c.points,
        ...(c.orderId ? { orderId: c.orderId } : {}),
        draws,
        reservedAt: c.at,
      },
    },
  ];
}

function openReservation(state: EnrolledMember, reservationId: string) {
  const reservation = state.reservations.get(reservationId);
  if (!reservation) throw new ReservationNotFoundError(reservationId);
  if (reservation.status !== 'reserved') {
    throw new ReservationNotOpenError(reservationId, reservation.status);
  }
  return reservation;
}

function expire(state: EnrolledMember, at: string): Decided {
  const now = Date.parse(at);
  const draws: Draw[] = lotsByExpiry(state)
    .filter((lot) => Date.parse(lot.expiresAt) <= now)
    .map((lot) => ({ lotId: lot.lotId, points: lot.points, expiresAt: lot.expiresAt }));
  if (draws.length === 0) return [];
  return [
    {
      type: 'loyalty.PointsExpired',
      data: { memberId: state.memberId, points: sumPoints(draws), draws, expiredAt: at },
    },
  ];
}

function remind(state: EnrolledMember, c: CommandOf<'RemindExpiringPoints'>): Decided {
  const expiring = lotsExpiringWithin(lotsByExpiry(state), c.at, c.withinDays);
  const first = expiring[0];
  if (!first) return [];
  return [
    {
      type: 'loyalty.PointsExpiryReminded',
      data: {
        memberId: state.memberId,
        points: sumPoints(expiring),
        firstExpiresAt: first.expiresAt,
        remindedAt: c.at,
      },
    },
  ];
}

function reverse(state: EnrolledMember, c: CommandOf<'ReverseOrderPoints'>): Decided {
  const earning = state.orders.get(c.orderId);
  const redemptions = state.reservations
    .values()
    .filter((r) => r.orderId === c.orderId && r.status === 'confirmed');
  if (c.refundedMinor !== undefined) requirePoints('refundedMinor', c.refundedMinor);
  if (!earning && (redemptions.length === 0 || c.refundedMinor !== undefined)) {
    throw new OrderNotEarnedError(c.orderId);
  }
  const events: Decided = [];
  let debt = state.debt;
  let fullyReversed = c.refundedMinor === undefined;
  if (earning) {
    const refunded = Math.min(
      earning.amountMinor,
      c.refundedMinor === undefined ? earning.amountMinor : earning.refundedMinor + c.refundedMinor,
    );
    fullyReversed = refunded === earning.amountMinor;
    // Proportional to the cumulative refund, so several partial refunds add up to the whole.
    const share = (points: number): number =>
      earning.amountMinor === 0 ? points : Math.floor((points * refunded) / earning.amountMinor);
    const redeemable =
      (fullyReversed ? earning.redeemablePoints : share(earning.redeemablePoints)) -
      earning.reversedPoints;
    const qualifying =
      (fullyReversed ? earning.qualifyingPoints : share(earning.qualifyingPoints)) -
      earning.reversedQualifying;
    const { draws, uncovered } = drawPoints(lotsByExpiry(state), redeemable, c.at, earning.lotId);
    debt += uncovered;
    // A refund of an order already reversed in full changes nothing.
    if (refunded > earning.refundedMinor || redeemable > 0 || qualifying > 0)
      events.push({
        type: 'loyalty.OrderPointsReversed',
        data: {
          memberId: state.memberId,
          orderId: c.orderId,
          refundedMinor: refunded - earning.refundedMinor,
          redeemablePoints: redeemable,
          qualifyingPoints: Math.min(qualifying, state.qualifyingPoints),
          draws,
          debtIncurred: uncovered,
          reversedAt: c.at,
        },
      });
  }
  if (fullyReversed) {
    for (const redemption of redemptions) {
      const settled = Math.min(debt, redemption.points);
      debt -= settled;
      events.push({
        type: 'loyalty.RedeemedPointsRestored',
        data: {
          memberId: state.memberId,
          orderId: c.orderId,
          reservationId: redemption.reservationId,
          points: redemption.points,
          debtSettled: settled,
          lots: restoredLots(redemption.reservationId, redemption.draws, settled),
          restoredAt: c.at,
        },
      });
    }
  }
  return events;
}

/** The redeemed draws as new lots with their original expiry, less what paid off debt (latest expiry first). */
function restoredLots(reservationId: string, draws: readonly Draw[], settled: number): LotCredit[] {
  let toSettle = settled;
  const credits: LotCredit[] = [];
  for (const draw of [...draws].reverse()) {
    const settle = Math.min(toSettle, draw.points);
    toSettle -= settle;
    if (draw.points - settle > 0) {
      credits.unshift({
        lotId: restoredLotId(reservationId, draw.lotId),
        points: draw.points - settle,
        expiresAt: draw.expiresAt,
      });
    }
  }
  return credits;
}

function adjust(state: EnrolledMember, c: CommandOf<'AdjustPoints'>): Decided {
  const magnitude = Math.abs(c.points);
  requirePoints('points', magnitude);
  if (state.adjustmentIds.has(c.adjustmentId)) {
    throw new AdjustmentAlreadyAppliedError(c.adjustmentId);
  }
  if (c.points > 0) {
    if (c.expiresAt === undefined) throw new ExpiryInThePastError('(none)', c.at);
    requireFutureExpiry(c.expiresAt, c.at);
  }
  const request = {
    adjustmentId: c.adjustmentId,
    points: c.points,
    reason: c.reason,
    requestedBy: c.requestedBy,
    ...(c.points > 0 && c.expiresAt ? { expiresAt: c.expiresAt } : {}),
  };
  if (magnitude > c.approvalThreshold) {
    return [
      {
        type: 'loyalty.PointsAdjustmentRequested',
        data: { memberId: state.memberId, ...request, requestedAt: c.at },
      },
    ];
  }
  return applyAdjustment(state, request, undefined, c.at);
}

function approve(state: EnrolledMember, c: ApproveAdjustmentCommand['data']): Decided {
  const pending = state.pendingAdjustments.get(c.adjustmentId);
  if (!pending) throw new AdjustmentNotPendingError(c.adjustmentId);
  if (c.approvedBy === pending.requestedBy) {
    throw new AdjustmentNeedsApproverError(Math.abs(pending.points), 0);
  }
  if (pending.expiresAt !== undefined) requireFutureExpiry(pending.expiresAt, c.at);
  return applyAdjustment(state, pending, c.approvedBy, c.at);
}

function applyAdjustment(
  state: EnrolledMember,
  adjustment: PendingAdjustment,
  approvedBy: string | undefined,
  at: string,
): Decided {
  const magnitude = Math.abs(adjustment.points);
  const common = {
    memberId: state.memberId,
    adjustmentId: adjustment.adjustmentId,
    points: adjustment.points,
    reason: adjustment.reason,
    requestedBy: adjustment.requestedBy,
    ...(approvedBy ? { approvedBy } : {}),
    adjustedAt: at,
  };
  if (adjustment.points < 0) {
    const { draws, uncovered } = drawPoints(lotsByExpiry(state), magnitude, at);
    if (uncovered > 0) throw new InsufficientBalanceError(magnitude, availablePoints(state, at));
    return [{ type: 'loyalty.PointsAdjusted', data: { ...common, debtSettled: 0, draws } }];
  }
  const debtSettled = Math.min(state.debt, adjustment.points);
  const lotPoints = adjustment.points - debtSettled;
  return [
    {
      type: 'loyalty.PointsAdjusted',
      data: {
        ...common,
        debtSettled,
        ...(lotPoints > 0 && adjustment.expiresAt
          ? {
              lot: {
                lotId: adjustmentLotId(adjustment.adjustmentId),
                points: lotPoints,
                expiresAt: adjustment.expiresAt,
              },
            }
          : {}),
        draws: [],
      },
    },
  ];
}

function decide(command: MemberCommand, state: MemberState): Decided {
  if (command.type === 'EnrolMember') {
    if (state.status === 'enrolled') throw new MemberAlreadyEnrolledError(command.data.memberId);
    return [
      {
        type: 'loyalty.MemberEnrolled',
        data: {
          memberId: command.data.memberId,
          source: command.data.source,
          enrolledAt: command.data.at,
        },
      },
    ];
  }
  const member = enrolled(state, command.data.memberId);
  switch (command.type) {
    case 'EarnForOrder':
      return earn(member, command.data);
    case 'ReservePoints':
      return reserve(member, command.data);
    case 'ConfirmReservation': {
      const reservation = openReservation(member, command.data.reservationId);
      return [
        {
          type: 'loyalty.ReservationConfirmed',
          data: {
            memberId: member.memberId,
            reservationId: reservation.reservationId,
            points: reservation.points,
            confirmedAt: command.data.at,
          },
        },
      ];
    }
    case 'ReleaseReservation': {
      const reservation = openReservation(member, command.data.reservationId);
      return [
        {
          type: 'loyalty.ReservationReleased',
          data: {
            memberId: member.memberId,
            reservationId: reservation.reservationId,
            points: reservation.points,
            draws: reservation.draws,
            releasedAt: command.data.at,
          },
        },
      ];
    }
    case 'ExpirePoints':
      return expire(member, command.data.at);
    case 'RemindExpiringPoints':
      return remind(member, command.data);
    case 'ReverseOrderPoints':
      return reverse(member, command.data);
    case 'AdjustPoints':
      return adjust(member, command.data);
    case 'ApproveAdjustment':
      return approve(member, command.data);
    case 'ReviewTier':
      return reviewTier(member, command.data.program, command.data.at);
    case 'IssueReferralCode':
      return issueReferralCode(member, command.data);
    case 'RecordReferral':
      return recordReferral(member, command.data);
    case 'AssessChurnRisk':
      return decideChurnRisk(member, command.data.at);
    case 'RecordChurnSignal':
      return recordChurnSignal(member, command.data);
    case 'CreditReferralReward':
      requireFutureExpiry(command.data.expiresAt, command.data.at);
      return creditReferralReward(member, command.data);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function evolveEnrolled(state: EnrolledMember, event: MemberEvent): EnrolledMember {
  switch (event.type) {
    case 'loyalty.MemberEnrolled':
    case 'loyalty.PointsExpiryReminded':
      return state;
    case 'loyalty.PointsEarned': {
      const d = event.data;
      return {
        ...state,
        qualifyingPoints: state.qualifyingPoints + d.qualifyingPoints,
        debt: state.debt - d.debtSettled,
        lots: d.lot ? addCredits(state.lots, [d.lot]) : state.lots,
        firstOrderId: state.firstOrderId ?? d.orderId,
        orders: state.orders.set(d.orderId, {
          orderId: d.orderId,
          amountMinor: d.orderAmountMinor,
          qualifyingPoints: d.qualifyingPoints,
          redeemablePoints: d.redeemablePoints,
          lotId: orderLotId(d.orderId),
          earnedAt: d.earnedAt,
          refundedMinor: 0,
          reversedPoints: 0,
          reversedQualifying: 0,
        }),
      };
    }
    case 'loyalty.TierUpgraded':
      return withTier(state, event.data.toTier, event.data.nextReviewAt, false);
    case 'loyalty.TierReviewed':
      return withTier(
        state,
        event.data.tier,
        event.data.nextReviewAt,
        event.data.outcome === 'grace',
      );
    case 'loyalty.TierDowngraded':
      return withTier(state, event.data.toTier, event.data.nextReviewAt, false);
    case 'loyalty.ReferralCodeIssued':
      return { ...state, referralCode: event.data.code };
    case 'loyalty.ChurnRiskRaised':
    case 'loyalty.ChurnRiskEased':
      return { ...state, churnBand: event.data.band };
    case 'loyalty.ReferralRecorded':
      return {
        ...state,
        referredBy: { referrerId: event.data.referrerId, code: event.data.code, rewarded: false },
      };
    case 'loyalty.ChurnSignalRecorded':
      return { ...state, churnSignals: withSignal(state.churnSignals, event.data) };
    case 'loyalty.ReferralFlagged':
      return state.referredBy
        ? { ...state, referredBy: { ...state.referredBy, flagged: event.data.reasons } }
        : state;
    case 'loyalty.ReferralRewardWithheld':
      return state.referredBy
        ? { ...state, referredBy: { ...state.referredBy, rewarded: true } }
        : state;
    case 'loyalty.ReferralRewardCredited': {
      const d = event.data;
      const credited = {
        ...state,
        debt: state.debt - d.debtSettled,
        lots: d.lot ? addCredits(state.lots, [d.lot]) : state.lots,
      };
      return d.role === 'referee' && state.referredBy
        ? { ...credited, referredBy: { ...state.referredBy, rewarded: true } }
        : { ...credited, rewardedReferees: [...(state.rewardedReferees ?? []), d.refereeId] };
    }
    case 'loyalty.PointsReserved': {
      const d = event.data;
      return {
        ...state,
        lots: applyDraws(state.lots, d.draws),
        reservations: state.reservations.set(d.reservationId, {
          reservationId: d.reservationId,
          points: d.points,
          ...(d.orderId ? { orderId: d.orderId } : {}),
          draws: d.draws,
          status: 'reserved',
        }),
      };
    }
    case 'loyalty.ReservationConfirmed':
      return withReservationStatus(state, event.data.reservationId, 'confirmed');
    case 'loyalty.ReservationReleased':
      return {
        ...withReservationStatus(state, event.data.reservationId, 'released'),
        lots: addCredits(state.lots, event.data.draws),
      };
    case 'loyalty.PointsExpired':
      return { ...state, lots: applyDraws(state.lots, event.data.draws) };
    case 'loyalty.OrderPointsReversed': {
      const d = event.data;
      const earning = state.orders.get(d.orderId);
      return {
        ...state,
        lots: applyDraws(state.lots, d.draws),
        debt: state.debt + d.debtIncurred,
        qualifyingPoints: state.qualifyingPoints - d.qualifyingPoints,
        orders: earning
          ? state.orders.set(d.orderId, {
              ...earning,
              refundedMinor: earning.refundedMinor + d.refundedMinor,
              reversedPoints: earning.reversedPoints + d.redeemablePoints,
              reversedQualifying: earning.reversedQualifying + d.qualifyingPoints,
            })
          : state.orders,
      };
    }
    case 'loyalty.RedeemedPointsRestored':
      return {
        ...withReservationStatus(state, event.data.reservationId, 'restored'),
        debt: state.debt - event.data.debtSettled,
        lots: addCredits(state.lots, event.data.lots),
      };
    case 'loyalty.PointsAdjustmentRequested': {
      const { memberId: _member, requestedAt: _at, ...pending } = event.data;
      return {
        ...state,
        adjustmentIds: state.adjustmentIds.set(pending.adjustmentId, true),
        pendingAdjustments: state.pendingAdjustments.set(pending.adjustmentId, pending),
      };
    }
    case 'loyalty.PointsAdjusted': {
      const d = event.data;
      return {
        ...state,
        debt: state.debt - d.debtSettled,
        lots: addCredits(applyDraws(state.lots, d.draws), d.lot ? [d.lot] : []),
        adjustmentIds: state.adjustmentIds.set(d.adjustmentId, true),
        pendingAdjustments: state.pendingAdjustments.delete(d.adjustmentId),
      };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function withReservationStatus(
  state: EnrolledMember,
  reservationId: string,
  status: 'confirmed' | 'released' | 'restored',
): EnrolledMember {
  const reservation = state.reservations.get(reservationId);
  if (!reservation) return state;
  return {
    ...state,
    reservations: state.reservations.set(reservationId, { ...reservation, status }),
  };
}

export const memberDecider: Decider<MemberState, MemberCommand, MemberEvent> = {
  initialState: { status: 'not_enrolled' },
  decide,
  evolve(state, event) {
    if (state.status === 'not_enrolled') {
      return event.type === 'loyalty.MemberEnrolled'
        ? {
            status: 'enrolled',
            memberId: event.data.memberId,
            enrolledAt: event.data.enrolledAt,
            qualifyingPoints: 0,
            lots: PersistentMap.empty(),
            reservations: PersistentMap.empty(),
            debt: 0,
            orders: PersistentMap.empty(),
            adjustmentIds: PersistentMap.empty(),
            pendingAdjustments: PersistentMap.empty(),
          }
        : state;
    }
    return evolveEnrolled(state, event);
  },
};
