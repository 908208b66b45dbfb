import type { ProgramDefinition } from '../program/program.types';
import {
  earnFor,
  enrolled,
  foldCommands,
  MEMBER_ID,
  order,
  PROGRAM,
  reserve,
} from '../testing/loyalty-fixtures';
import { memberAsOf } from './member-as-of';
import type { MemberCommand } from './member.commands';
import type { MemberEvent } from './member.events';

const ROLLING: ProgramDefinition = { ...PROGRAM, tierReview: { windowMonths: 12, graceDays: 30 } };
const MARCH = '2026-03-01T10:00:00.000Z';
const APRIL = '2026-04-01T10:00:00.000Z';
const LOT_EXPIRY = '2027-03-01T23:00:00.000Z';
const GRACE_END = '2027-03-31T22:00:00.000Z';

/** A member's history: Silver in March, 100 points redeemed in April, downgraded after grace. */
function history(): MemberEvent[] {
  const commands: MemberCommand[] = [
    earnFor(order('o1', 60_000, MARCH), MARCH, ROLLING),
    reserve('r1', 100, APRIL),
    { type: 'ConfirmReservation', data: { memberId: MEMBER_ID, reservationId: 'r1', at: APRIL } },
    { type: 'ReviewTier', data: { memberId: MEMBER_ID, program: ROLLING, at: LOT_EXPIRY } },
    { type: 'ReviewTier', data: { memberId: MEMBER_ID, program: ROLLING, at: GRACE_END } },
  ];
  return foldCommands([enrolled()], commands).events;
}

describe('member as of a past instant', () => {
  const events = history();

  it('is not enrolled before its enrolment', () => {
    expect(memberAsOf(events, '2025-12-31T00:00:00.000Z')).toMatchObject({
      enrolled: false,
      availablePoints: 0,
      tierHistory: [],
      events: 0,
    });
  });

  it('shows balance, lots and tier as they stood at each instant', () => {
    expect(memberAsOf(events, '2026-02-01T00:00:00.000Z')).toMatchObject({
      enrolled: true,
      availablePoints: 0,
      lots: [],
    });
    const march = memberAsOf(events, '2026-03-15T00:00:00.000Z');
    expect(march).toMatchObject({
      tier: 'Silver',
      qualifyingPoints: 600,
      availablePoints: 600,
      lots: [{ lotId: 'order:o1', points: 600, expiresAt: LOT_EXPIRY }],
      tierReviewAt: LOT_EXPIRY,
      tierInGrace: false,
    });
    expect(march.tierHistory).toEqual([
      {
        at: MARCH,
        change: 'upgrade',
        fromTier: 'Bronze',
        toTier: 'Silver',
        qualifyingPoints: 600,
      },
    ]);
    expect(memberAsOf(events, '2026-05-01T00:00:00.000Z')).toMatchObject({
      availablePoints: 500,
      reservedPoints: 0,
      lots: [{ lotId: 'order:o1', points: 500 }],
    });
  });

  it('drops a lot at its expiry instant even though no expiry event was recorded', () => {
    expect(events.some((e) => e.type === 'loyalty.PointsExpired')).toBe(false);
    expect(memberAsOf(events, '2027-03-01T22:59:59.999Z').availablePoints).toBe(500);
    expect(memberAsOf(events, LOT_EXPIRY)).toMatchObject({ availablePoints: 0, lots: [] });
  });

  it('shows the grace period, then the downgrade in the tier history', () => {
    expect(memberAsOf(events, '2027-03-10T00:00:00.000Z')).toMatchObject({
      tier: 'Silver',
      tierInGrace: true,
      tierReviewAt: GRACE_END,
    });
    const after = memberAsOf(events, '2027-04-05T00:00:00.000Z');
    expect(after.tier).toBe('Bronze');
    expect(after.tierHistory.map((c) => [c.change, c.toTier, c.at])).toEqual([
      ['upgrade', 'Silver', MARCH],
      ['downgrade', 'Bronze', GRACE_END],
    ]);
    expect(after.events).toBe(events.length);
  });
});
