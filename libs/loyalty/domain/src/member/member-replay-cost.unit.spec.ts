// Replaying a member must cost time linear in its history: every command of that member and every
// time-travel query pays this fold. Copying the orders map or re-sorting the lots on every event
// made it quadratic (issue 14). The check compares the fold of n and 4n entries on the same
// machine, in the same process: linear work takes ~4× as long, quadratic ~16× (the fold before
// the fix measured 20×); the bound of 10× leaves room for noise and garbage collection on a busy
// machine, without an absolute time threshold.
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

function foldTime(events: readonly MemberEvent[]): number {
  const started = process.hrtime.bigint();
  fold(events);
  return Number(process.hrtime.bigint() - started);
}

/**
 * The fastest of several interleaved runs of each size, after a warm-up of both: the runs least
 * disturbed by other work on the machine, by garbage collection and by the JIT.
 */
function fastestFolds(small: readonly MemberEvent[], large: readonly MemberEvent[]) {
  fold(small);
  fold(large);
  let best = { small: Infinity, large: Infinity };
  for (let run = 0; run < 7; run++) {
    best = {
      small: Math.min(best.small, foldTime(small)),
      large: Math.min(best.large, foldTime(large)),
    };
  }
  return best;
}

describe('member replay cost', () => {
  it('grows linearly with the history (4× the entries, well under 10× the time)', () => {
    const n = 1_000;
    const best = fastestFolds(history(n), history(4 * n));
    expect(best.large / best.small).toBeLessThan(10);
  });

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
