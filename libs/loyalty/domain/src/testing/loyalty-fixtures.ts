// Shared test data of the loyalty domain: a program and helpers for member commands.
import type { EarningOrder } from '../program/earn-calculation';
import type { ProgramDefinition } from '../program/program.types';
import type { MemberCommand } from '../member/member.commands';
import { memberDecider } from '../member/member.decider';
import type { LotCredit, MemberEvent } from '../member/member.events';
import type { MemberState } from '../member/member.state';

export const MEMBER_ID = '0190a000-0000-7000-8000-000000000001';

export const PROGRAM: ProgramDefinition = {
  name: 'Club',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  autoEnrol: true,
  earnRules: [
    { ruleId: 'spend', kind: 'amount', points: 1, perMinor: 100 },
    { ruleId: 'shoes', kind: 'unit', points: 10, category: 'shoes', capPoints: 30 },
  ],
  tiers: [
    { name: 'Bronze', qualifyingThreshold: 0, multiplierPercent: 100 },
    { name: 'Silver', qualifyingThreshold: 500, multiplierPercent: 150 },
  ],
  promotions: [
    {
      promotionId: 'double-may',
      name: 'Double points in May',
      from: '2026-05-01T00:00:00.000Z',
      until: '2026-06-01T00:00:00.000Z',
      multiplierPercent: 200,
    },
  ],
  lotLifetime: { kind: 'rolling_months', months: 12 },
  adjustmentApprovalThreshold: 1000,
};

export function order(
  orderId: string,
  amountMinor: number,
  placedAt: string,
  lines = [] as EarningOrder['lines'],
): EarningOrder {
  return { orderId, amountMinor, currency: 'EUR', lines, placedAt };
}

export const enrolled = (at = '2026-01-01T00:00:00.000Z'): MemberEvent => ({
  type: 'loyalty.MemberEnrolled',
  data: { memberId: MEMBER_ID, source: 'manual', enrolledAt: at },
});

/** A forged earning of 10 points for a 10.00 order, its lot as given (verifier and fold tests). */
export const pointsEarned = (orderId: string, lot: LotCredit, earnedAt: string): MemberEvent => ({
  type: 'loyalty.PointsEarned',
  data: {
    memberId: MEMBER_ID,
    orderId,
    orderAmountMinor: 1000,
    qualifyingPoints: 10,
    redeemablePoints: 10,
    multiplierPercent: 100,
    debtSettled: 0,
    lot,
    earnedAt,
  },
});

export const earnFor = (o: EarningOrder, at = o.placedAt, program = PROGRAM): MemberCommand => ({
  type: 'EarnForOrder',
  data: { memberId: MEMBER_ID, order: o, program, at },
});

export const reserve = (
  reservationId: string,
  points: number,
  at: string,
  orderId?: string,
): MemberCommand => ({
  type: 'ReservePoints',
  data: { memberId: MEMBER_ID, reservationId, points, at, ...(orderId ? { orderId } : {}) },
});

/** The events of `given` followed by those each command decides in turn, and the final state. */
export function foldCommands(
  given: readonly MemberEvent[],
  commands: readonly MemberCommand[],
): { events: MemberEvent[]; state: MemberState } {
  const events = [...given];
  let state = stateOf(events);
  for (const command of commands) {
    const decided = memberDecider.decide(command, state);
    events.push(...decided);
    state = decided.reduce((s, e) => memberDecider.evolve(s, e), state);
  }
  return { events, state };
}

export function stateOf(events: readonly MemberEvent[]): MemberState {
  return events.reduce((s, e) => memberDecider.evolve(s, e), memberDecider.initialState);
}
