// Replaying a member must cost time linear in its history: every command of that member and every
// time-travel query pays this fold. Copying the orders map or re-sorting the lots on every event
// made it quadratic (issue 14, ADR 0265). How long the fold takes is measured in bench/ (L1 and
// the figures in docs/benchmarks.md), not here: a timed ratio failed under a loaded CI machine.
// This spec checks that a long history (lots out of expiry order, reservations on each) folds to
// the right member.
import { MEMBER_ID, enrolled, pointsEarned } from '../testing/loyalty-fixtures';
import type { MemberEvent } from './member.events';
import { memberDecider } from './member.decider';
import { availablePoints, lotsByExpiry, type MemberState } from './member.state';

const DAY_MS = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00.000Z');

/** n orders that earn, each redeemed in part right away: lots, orders and reservations all grow. */
function history(n: number): MemberEvent[] {
  const events: MemberEvent[] = [enrolled()];
  for (let i = 0; i < n; i++) {
    const at = new Date(START + i * 60_000).toISOString();
    const lot = {
      lotId: `order:o${i}`,
      points: 10,
      // Not in insertion order: an insertion sort by expiry would not be enough.
      expiresAt: new Date(START + (400 + ((i * 7919) % 365)) * DAY_MS).toISOString(),
    };
    events.push(pointsEarned(`o${i}`, lot, at), {
      type: 'loyalty.PointsReserved',
      data: {
        memberId: MEMBER_ID,
        reservationId: `r${i}`,
        points: 3,
        draws: [{ lotId: lot.lotId, points: 3, expiresAt: lot.expiresAt }],
        reservedAt: at,
      },
    });
  }
  return events;
}

const fold = (events: readonly MemberEvent[]): MemberState =>
  events.reduce((s, e) => memberDecider.evolve(s, e), memberDecider.initialState);

describe('member replay', () => {
  it('folds to the same member however long the history', () => {
    const state = fold(history(4_000));
    if (state.status !== 'enrolled') throw new Error('not enrolled');
    expect(state.orders.size).toBe(4_000);
    expect(state.reservations.size).toBe(4_000);
    expect(availablePoints(state, '2026-06-01T00:00:00.000Z')).toBe(4_000 * 7);
    const lots = lotsByExpiry(state);
    expect(lots).toHaveLength(4_000);
    expect(lots.every((lot, i) => i === 0 || lots[i - 1]!.expiresAt <= lot.expiresAt)).toBe(true);
  });
});
