// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import {
  AdjustmentNeedsApproverError,
  AdjustmentNotPendingError,
  ExpiryInThePastError,
  InsufficientBalanceError,
  InvalidPointsError,
  MemberNotEnrolledError,
  OrderAlreadyEarnedError,
  OrderBeforeEnrolmentError,
  ReservationNotOpenError,
} from '../errors';
import { earnFor, enrolled, MEMBER_ID, order, PROGRAM, reserve } from '../testing/loyalty-fixtures';
import type { MemberCommand } from './member.commands';
import { memberDecider } from './member.decider';
import type { MemberEvent } from './member.events';
import { availablePoints, lotsByExpiry, type EnrolledMember } from './member.state';

const spec = deciderSpec(memberDecider);
const MARCH = '2026-03-01T10:00:00.000Z';
const MARCH_EXPIRY = '2027-03-01T23:00:00.000Z'; // end of 1 March 2027, Berlin

function run(commands: readonly MemberCommand[]): { events: MemberEvent[]; state: EnrolledMember } {
  const events: MemberEvent[] = [enrolled()];
  let state = memberDecider.evolve(memberDecider.initialState, events[0]!);
  for (const command of commands) {
    const decided = memberDecider.decide(command, state);
    events.push(...decided);
    state = decided.reduce(memberDecider.evolve, state);
  }
  if (state.status !== 'enrolled') throw new Error('not enrolled');
  return { events, state };
}

const earned = (
  orderId: string,
  points: number,
  expiresAt = MARCH_EXPIRY,
  at = MARCH,
): MemberEvent => ({
  type: 'loyalty.PointsEarned',
  data: {
    memberId: MEMBER_ID,
    orderId,
    orderAmountMinor: points * 100,
    qualifyingPoints: points,
    redeemablePoints: points,
    multiplierPercent: 100,
    debtSettled: 0,
    lot: { lotId: `order:${orderId}`, points, expiresAt },
    earnedAt: at,
  },
});

describe('member account', () => {
  it('earns for an order once, into a lot expiring at local midnight', () => {
    spec
      .given([enrolled()])
      .when(earnFor(order('o1', 10_000, MARCH)))
      .then([earned('o1', 100)]);
    spec
      .given([enrolled(), earned('o1', 100)])
      .when(earnFor(order('o1', 10_000, MARCH)))
      .thenThrows(OrderAlreadyEarnedError);
    spec
      .given([])
      .when(earnFor(order('o1', 10_000, MARCH)))
      .thenThrows(MemberNotEnrolledError);
    spec
      .given([enrolled(MARCH)])
      .when(earnFor(order('o0', 10_000, '2026-02-28T10:00:00.000Z'), MARCH))
      .thenThrows(OrderBeforeEnrolmentError);
  });

  it('upgrades the tier as soon as qualifying points reach it', () => {
    const { events, state } = run([earnFor(order('o1', 60_000, MARCH))]);
    expect(events.map((e) => e.type)).toEqual([
      'loyalty.MemberEnrolled',
      'loyalty.PointsEarned',
      'loyalty.TierUpgraded',
    ]);
    expect(state.tier).toBe('Silver');
    // The next order earns with the Silver multiplier.
    const next = run([
      earnFor(order('o1', 60_000, MARCH)),
      earnFor(order('o2', 10_000, MARCH)),
    ]).state;
    expect(availablePoints(next, MARCH)).toBe(600 + 150);
  });

  it('spends the lot closest to expiry first and refuses more than is available with a typed error', () => {
    const soon = earned('soon', 50, '2026-04-01T00:00:00.000Z');
    const late = earned('late', 100);
    spec
      .given([enrolled(), late, soon])
      .when(reserve('r1', 70, MARCH))
      .then([
        {
          type: 'loyalty.PointsReserved',
          data: {
            memberId: MEMBER_ID,
            reservationId: 'r1',
            points: 70,
            draws: [
              { lotId: 'order:soon', points: 50, expiresAt: '2026-04-01T00:00:00.000Z' },
              { lotId: 'order:late', points: 20, expiresAt: MARCH_EXPIRY },
            ],
            reservedAt: MARCH,
          },
        },
      ]);
    // After the first lot's expiry instant only 100 points are spendable.
    spec
      .given([enrolled(), late, soon])
      .when(reserve('r1', 120, '2026-04-01T00:00:00.000Z'))
      .thenThrows(InsufficientBalanceError, (e) =>
        expect(e).toMatchObject({ requested: 120, available: 100 }),
      );
  });

  it('refuses negative, fractional and zero points, and confirming a released reservation', () => {
    for (const points of [-5, 1.5, 0]) {
      spec
        .given([enrolled(), earned('o1', 100)])
        .when(reserve('r1', points, MARCH))
        .thenThrows(InvalidPointsError);
    }
    const { state } = run([earnFor(order('o1', 10_000, MARCH)), reserve('r1', 40, MARCH)]);
    const released = memberDecider
      .decide(
        {
          type: 'ReleaseReservation',
          data: { memberId: MEMBER_ID, reservationId: 'r1', at: MARCH },
        },
        state,
      )
      .reduce(memberDecider.evolve, state);
    expect(() =>
      memberDecider.decide(
        {
          type: 'ConfirmReservation',
          data: { memberId: MEMBER_ID, reservationId: 'r1', at: MARCH },
        },
        released,
      ),
    ).toThrow(ReservationNotOpenError);
    expect(released.status === 'enrolled' && availablePoints(released, MARCH)).toBe(100);
  });

  it('reverses a refund in proportion; points already spent become debt that later earnings settle', () => {
    const { state, events } = run([
      earnFor(order('o1', 10_000, MARCH)),
      reserve('r1', 80, MARCH),
      { type: 'ConfirmReservation', data: { memberId: MEMBER_ID, reservationId: 'r1', at: MARCH } },
      {
        type: 'ReverseOrderPoints',
        data: { memberId: MEMBER_ID, orderId: 'o1', refundedMinor: 5_000, at: MARCH },
      },
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'loyalty.OrderPointsReversed',
      data: {
        redeemablePoints: 50,
        qualifyingPoints: 50,
        debtIncurred: 30,
        draws: [{ lotId: 'order:o1', points: 20 }],
      },
    });
    expect(state.debt).toBe(30);
    const after = memberDecider.decide(earnFor(order('o2', 10_000, MARCH)), state)[0];
    expect(after).toMatchObject({
      data: { redeemablePoints: 100, debtSettled: 30, lot: { points: 70 } },
    });
  });

  it('restores redeemed lots with their original expiry when the order they paid for is cancelled', () => {
    const { events, state } = run([
      earnFor(order('o1', 10_000, MARCH)),
      reserve('r1', 40, MARCH, 'o2'),
      { type: 'ConfirmReservation', data: { memberId: MEMBER_ID, reservationId: 'r1', at: MARCH } },
      {
        type: 'ReverseOrderPoints',
        data: { memberId: MEMBER_ID, orderId: 'o2', at: '2026-03-05T10:00:00.000Z' },
      },
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'loyalty.RedeemedPointsRestored',
      data: {
        points: 40,
        lots: [{ lotId: 'restored:r1:order:o1', points: 40, expiresAt: MARCH_EXPIRY }],
      },
    });
    expect(availablePoints(state, MARCH)).toBe(100);
  });

  it('holds an adjustment above the threshold until a different user approves it', () => {
    const adjust = (points: number, expiresAt = MARCH_EXPIRY): MemberCommand => ({
      type: 'AdjustPoints',
      data: {
        memberId: MEMBER_ID,
        adjustmentId: 'a1',
        points,
        reason: 'goodwill',
        requestedBy: 'u1',
        approvalThreshold: PROGRAM.adjustmentApprovalThreshold,
        expiresAt,
        at: MARCH,
      },
    });
    const approve = (approvedBy: string): MemberCommand => ({
      type: 'ApproveAdjustment',
      data: { memberId: MEMBER_ID, adjustmentId: 'a1', approvedBy, at: MARCH },
    });
    const pending = run([adjust(5000)]);
    expect(pending.events.at(-1)?.type).toBe('loyalty.PointsAdjustmentRequested');
    expect(lotsByExpiry(pending.state)).toEqual([]);
    expect(() => memberDecider.decide(approve('u1'), pending.state)).toThrow(
      AdjustmentNeedsApproverError,
    );
    expect(lotsByExpiry(run([adjust(5000), approve('u2')]).state)).toEqual([
      { lotId: 'adjustment:a1', points: 5000, expiresAt: MARCH_EXPIRY },
    ]);
    spec.given([enrolled()]).when(approve('u2')).thenThrows(AdjustmentNotPendingError);
    // Below the threshold it applies at once, without an approver.
    expect(run([adjust(500)]).events.at(-1)).toMatchObject({
      type: 'loyalty.PointsAdjusted',
      data: { points: 500, requestedBy: 'u1', lot: { points: 500 } },
    });
    spec.given([enrolled()]).when(adjust(10, MARCH)).thenThrows(ExpiryInThePastError);
    spec
      .given([enrolled(), earned('o1', 5)])
      .when(adjust(-10))
      .thenThrows(InsufficientBalanceError);
  });

  it('expires lots at their instant and reminds of lots expiring within the window', () => {
    const { state } = run([earnFor(order('o1', 10_000, MARCH))]);
    expect(
      memberDecider.decide(
        {
          type: 'RemindExpiringPoints',
          data: { memberId: MEMBER_ID, withinDays: 30, at: '2027-01-30T22:59:59.999Z' },
        },
        state,
      ),
    ).toEqual([]);
    expect(
      memberDecider.decide(
        {
          type: 'RemindExpiringPoints',
          data: { memberId: MEMBER_ID, withinDays: 30, at: '2027-01-30T23:00:00.000Z' },
        },
        state,
      ),
    ).toMatchObject([
      { type: 'loyalty.PointsExpiryReminded', data: { points: 100, firstExpiresAt: MARCH_EXPIRY } },
    ]);
    expect(
      memberDecider.decide(
        { type: 'ExpirePoints', data: { memberId: MEMBER_ID, at: '2027-03-01T22:59:59.999Z' } },
        state,
      ),
    ).toEqual([]);
    expect(
      memberDecider.decide(
        { type: 'ExpirePoints', data: { memberId: MEMBER_ID, at: MARCH_EXPIRY } },
        state,
      ),
    ).toMatchObject([{ type: 'loyalty.PointsExpired', data: { points: 100 } }]);
  });
});
