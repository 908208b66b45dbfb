// Never negative, provably: over arbitrary sequences of earn, reserve, confirm, release, expire,
// reverse and adjust (with time moving on so lots expire mid-sequence), no lot and no debt goes
// negative, every debit is covered by lots valid at that instant (checked by the independent
// ledger verifier), reservations never exceed what was available, and the verifier's totals equal
// the decider's state.
import fc from 'fast-check';
import { LoyaltyDomainError } from '../errors';
import type { ProgramDefinition } from '../program/program.types';
import { enrolled, MEMBER_ID, order, PROGRAM, pointsEarned } from '../testing/loyalty-fixtures';
import type { MemberCommand } from './member.commands';
import { memberDecider } from './member.decider';
import type { MemberEvent } from './member.events';
import { availablePoints, lotsByExpiry, reservedPoints, type MemberState } from './member.state';
import { verifyLedger } from './verify-ledger';
import { memberSnapshotCodec } from './member-snapshot.codec';

const SHORT_LIVED: ProgramDefinition = {
  ...PROGRAM,
  lotLifetime: { kind: 'rolling_months', months: 1 },
};
const START = Date.parse('2026-01-01T00:00:00.000Z');
const ids = (prefix: string) => fc.integer({ min: 0, max: 4 }).map((n) => `${prefix}${n}`);

type Step = (memberId: string, at: string) => MemberCommand;

const step: fc.Arbitrary<Step> = fc.oneof(
  fc
    .record({ id: ids('o'), amount: fc.integer({ min: 0, max: 80_000 }) })
    .map(({ id, amount }): Step => (memberId, at) => ({
      type: 'EarnForOrder',
      data: { memberId, order: order(id, amount, at), program: SHORT_LIVED, at },
    })),
  fc
    .record({
      id: ids('r'),
      points: fc.integer({ min: 1, max: 500 }),
      orderId: fc.option(ids('o'), { nil: undefined }),
    })
    .map(({ id, points, orderId }): Step => (memberId, at) => ({
      type: 'ReservePoints',
      data: { memberId, reservationId: id, points, at, ...(orderId ? { orderId } : {}) },
    })),
  ids('r').map((id): Step => (memberId, at) => ({
    type: 'ConfirmReservation',
    data: { memberId, reservationId: id, at },
  })),
  ids('r').map((id): Step => (memberId, at) => ({
    type: 'ReleaseReservation',
    data: { memberId, reservationId: id, at },
  })),
  fc.constant<Step>((memberId, at) => ({ type: 'ExpirePoints', data: { memberId, at } })),
  fc
    .record({
      id: ids('o'),
      refund: fc.option(fc.integer({ min: 1, max: 80_000 }), { nil: undefined }),
    })
    .map(({ id, refund }): Step => (memberId, at) => ({
      type: 'ReverseOrderPoints',
      data: {
        memberId,
        orderId: id,
        at,
        ...(refund === undefined ? {} : { refundedMinor: refund }),
      },
    })),
  fc
    .record({
      n: fc.integer({ min: 0, max: 6 }),
      points: fc.integer({ min: -400, max: 400 }).filter((p) => p !== 0),
    })
    .map(({ n, points }): Step => (memberId, at) => ({
      type: 'AdjustPoints',
      data: {
        memberId,
        adjustmentId: `a${n}`,
        points,
        reason: 'property',
        requestedBy: 'u1',
        approvalThreshold: 100,
        expiresAt: new Date(Date.parse(at) + 20 * 86_400_000).toISOString(),
        at,
      },
    })),
  fc.integer({ min: 0, max: 6 }).map((n): Step => (memberId, at) => ({
    type: 'ApproveAdjustment',
    data: { memberId, adjustmentId: `a${n}`, approvedBy: 'u2', at },
  })),
);

/** The events an arbitrary sequence of commands decides (refused commands leave nothing). */
function decideAll(steps: readonly (readonly [Step, number])[]): MemberEvent[] {
  const events: MemberEvent[] = [enrolled(new Date(START).toISOString())];
  let state: MemberState = memberDecider.evolve(memberDecider.initialState, events[0]!);
  let now = START;
  for (const [make, advance] of steps) {
    now += advance;
    try {
      const decided = memberDecider.decide(make(MEMBER_ID, new Date(now).toISOString()), state);
      events.push(...decided);
      state = decided.reduce(memberDecider.evolve, state);
    } catch (error) {
      if (!(error instanceof LoyaltyDomainError)) throw error;
    }
  }
  return events;
}

const fold = (events: readonly MemberEvent[], from: MemberState = memberDecider.initialState) =>
  events.reduce(memberDecider.evolve, from);

/** A snapshot as the store keeps it: encoded, through jsonb's JSON, decoded. */
async function throughSnapshot(state: MemberState): Promise<MemberState> {
  const context = { streamId: `loyalty.Member-${MEMBER_ID}`, tenantId: 't1' };
  const stored = JSON.parse(JSON.stringify(memberSnapshotCodec.encode(state, context))) as unknown;
  return memberSnapshotCodec.decode(stored, context);
}

describe('member snapshots (ADR 0223)', () => {
  it('snapshot + tail folds to what a full replay folds, at any cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(step, fc.integer({ min: 0, max: 20 * 86_400_000 })), { maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (steps, cutShare) => {
          const events = decideAll(steps);
          const cut = Math.floor(cutShare * events.length);
          const full = fold(events);
          const resumed = fold(
            events.slice(cut),
            await throughSnapshot(fold(events.slice(0, cut))),
          );
          const context = { streamId: 's', tenantId: 't1' };
          expect(memberSnapshotCodec.encode(resumed, context)).toEqual(
            memberSnapshotCodec.encode(full, context),
          );
          // The spending order (closest expiry, then insertion) survives the snapshot.
          if (full.status === 'enrolled' && resumed.status === 'enrolled')
            expect(lotsByExpiry(resumed)).toEqual(lotsByExpiry(full));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the insertion order of integer-like keys, which a plain object would reorder', async () => {
    const state = fold([
      enrolled(),
      pointsEarned('10', lot('10'), AT),
      pointsEarned('2', lot('2'), AT),
    ]);
    const decoded = await throughSnapshot(state);
    if (decoded.status !== 'enrolled') throw new Error('not enrolled');
    expect(decoded.orders.entries().map(([key]) => key)).toEqual(['10', '2']);
  });
});

const AT = '2026-01-02T00:00:00.000Z';

function lot(lotId: string) {
  return { lotId, points: 5, expiresAt: '2027-01-01T00:00:00.000Z' };
}

describe('member ledger invariants', () => {
  it('hold for any sequence of ledger commands', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(step, fc.integer({ min: 0, max: 20 * 86_400_000 })), { maxLength: 60 }),
        (steps) => {
          const events: MemberEvent[] = [enrolled(new Date(START).toISOString())];
          let state: MemberState = memberDecider.evolve(memberDecider.initialState, events[0]!);
          let now = START;
          for (const [make, advance] of steps) {
            now += advance;
            const at = new Date(now).toISOString();
            const command = make(MEMBER_ID, at);
            const before = state.status === 'enrolled' ? availablePoints(state, at) : 0;
            try {
              const decided = memberDecider.decide(command, state);
              events.push(...decided);
              state = decided.reduce(memberDecider.evolve, state);
            } catch (error) {
              if (!(error instanceof LoyaltyDomainError)) throw error;
              continue;
            }
            if (state.status !== 'enrolled') return false;
            if (command.type === 'ReservePoints' && command.data.points > before) return false;
            if (
              state.debt < 0 ||
              lotsByExpiry(state).some((l) => !(Number.isSafeInteger(l.points) && l.points > 0))
            )
              return false;
            const report = verifyLedger(events);
            expect(report.violations).toEqual([]);
            expect(report.totals).toEqual({
              available: lotsByExpiry(state).reduce((n, l) => n + l.points, 0),
              reserved: reservedPoints(state),
              debt: state.debt,
            });
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('are really checked: the verifier reports a debit from an expired lot and an overdraw', () => {
    const lot = { lotId: 'order:o1', points: 10, expiresAt: '2026-02-01T00:00:00.000Z' };
    const forged: MemberEvent[] = [
      enrolled(),
      pointsEarned('o1', lot, '2026-01-01T00:00:00.000Z'),
      {
        type: 'loyalty.PointsReserved',
        data: {
          memberId: MEMBER_ID,
          reservationId: 'r1',
          points: 12,
          draws: [{ ...lot, points: 12 }],
          reservedAt: '2026-02-02T00:00:00.000Z',
        },
      },
    ];
    expect(verifyLedger(forged).violations.map((v) => v.problem)).toEqual([
      'draws 12 from order:o1 holding 10',
      'spends order:o1 after its expiry',
    ]);
  });
});
