// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { InvalidProgramError } from '../errors';
import { checkProgram } from '../program/program.decider';
import type { ProgramDefinition } from '../program/program.types';
import {
  earnFor,
  enrolled,
  foldCommands,
  MEMBER_ID,
  order,
  PROGRAM,
  stateOf,
} from '../testing/loyalty-fixtures';
import type { MemberCommand } from './member.commands';
import { memberDecider } from './member.decider';
import type { MemberEvent } from './member.events';
import type { EnrolledMember } from './member.state';

const spec = deciderSpec(memberDecider);
/** Tiers over the last 12 months, 30 days of grace (Berlin). */
const ROLLING: ProgramDefinition = { ...PROGRAM, tierReview: { windowMonths: 12, graceDays: 30 } };
const MARCH = '2026-03-01T10:00:00.000Z';
/** One window after MARCH, at local midnight ending 1 March 2027 (Berlin, CET). */
const REVIEW = '2027-03-01T23:00:00.000Z';
/** 30 local days after the review: 1 April 2027 00:00 Berlin (CEST). */
const GRACE_END = '2027-03-31T22:00:00.000Z';

const reviewTier = (at: string, program = ROLLING): MemberCommand => ({
  type: 'ReviewTier',
  data: { memberId: MEMBER_ID, program, at },
});

const fold = (events: readonly MemberEvent[], commands: readonly MemberCommand[]) => {
  const folded = foldCommands(events, commands);
  return { events: folded.events, state: folded.state as EnrolledMember };
};

function decideOn(events: readonly MemberEvent[], command: MemberCommand): readonly MemberEvent[] {
  return memberDecider.decide(command, stateOf(events));
}

const silverInMarch = (): MemberEvent[] =>
  fold([enrolled()], [earnFor(order('o1', 60_000, MARCH), MARCH, ROLLING)]).events;

describe('tiers over a rolling window', () => {
  it('upgrades at once and schedules the review one window later, at local midnight', () => {
    const decided = decideOn([enrolled()], earnFor(order('o1', 60_000, MARCH), MARCH, ROLLING));
    expect(decided.map((e) => e.type)).toEqual(['loyalty.PointsEarned', 'loyalty.TierUpgraded']);
    expect(decided[1]).toEqual({
      type: 'loyalty.TierUpgraded',
      data: {
        memberId: MEMBER_ID,
        fromTier: 'Bronze',
        toTier: 'Silver',
        qualifyingPoints: 600,
        upgradedAt: MARCH,
        nextReviewAt: REVIEW,
      },
    });
  });

  it('counts only the qualifying points of the window (lifetime points would upgrade)', () => {
    const january = '2026-01-10T10:00:00.000Z';
    const nextFebruary = '2027-02-01T10:00:00.000Z';
    const commands = (program: ProgramDefinition) => [
      earnFor(order('old', 40_000, january), january, program),
      earnFor(order('new', 20_000, nextFebruary), nextFebruary, program),
    ];
    expect(fold([enrolled()], commands(ROLLING)).state.tier).toBeUndefined();
    expect(fold([enrolled()], commands(PROGRAM)).state.tier).toBe('Silver');
  });

  it('retains the tier at the review while the window still qualifies', () => {
    const given = fold(silverInMarch(), [
      earnFor(order('o2', 50_000, '2026-12-01T10:00:00.000Z'), '2026-12-01T10:00:00.000Z', ROLLING),
    ]).events;
    spec
      .given(given)
      .when(reviewTier(REVIEW))
      .then([
        {
          type: 'loyalty.TierReviewed',
          data: {
            memberId: MEMBER_ID,
            tier: 'Silver',
            qualifyingPoints: 500,
            outcome: 'retained',
            nextReviewAt: '2028-03-02T23:00:00.000Z',
            reviewedAt: REVIEW,
          },
        },
      ]);
  });

  it('downgrades only after the grace period, never at the review itself', () => {
    spec
      .given(silverInMarch())
      .when(reviewTier(REVIEW))
      .then([
        {
          type: 'loyalty.TierReviewed',
          data: {
            memberId: MEMBER_ID,
            tier: 'Silver',
            qualifyingPoints: 0,
            outcome: 'grace',
            nextReviewAt: GRACE_END,
            reviewedAt: REVIEW,
          },
        },
      ]);
    const inGrace = fold(silverInMarch(), [reviewTier(REVIEW)]);
    expect(inGrace.state).toMatchObject({ tier: 'Silver', tierInGrace: true });
    spec
      .given(inGrace.events)
      .when(reviewTier(GRACE_END))
      .then([
        {
          type: 'loyalty.TierDowngraded',
          data: {
            memberId: MEMBER_ID,
            fromTier: 'Silver',
            toTier: 'Bronze',
            qualifyingPoints: 0,
            downgradedAt: GRACE_END,
          },
        },
      ]);
    const after = fold(inGrace.events, [reviewTier(GRACE_END)]).state;
    expect(after.tier).toBe('Bronze');
    expect(after.tierReviewAt).toBeUndefined();
  });

  it('keeps the tier when the member requalifies during the grace period', () => {
    const during = '2027-03-15T10:00:00.000Z';
    const given = fold(silverInMarch(), [
      reviewTier(REVIEW),
      earnFor(order('o3', 50_000, during), during, ROLLING),
    ]).events;
    expect(decideOn(given, reviewTier(GRACE_END))).toEqual([
      {
        type: 'loyalty.TierReviewed',
        data: expect.objectContaining({ outcome: 'retained', qualifyingPoints: 500 }) as object,
      },
    ]);
  });

  it('downgrades at the review when the program grants no grace, to the tier the window reaches', () => {
    const noGrace: ProgramDefinition = {
      ...ROLLING,
      tierReview: { windowMonths: 12, graceDays: 0 },
      tiers: [
        ...PROGRAM.tiers,
        { name: 'Gold', qualifyingThreshold: 1000, multiplierPercent: 200 },
      ],
    };
    const given = fold(
      [enrolled()],
      [
        earnFor(order('o1', 110_000, MARCH), MARCH, noGrace),
        earnFor(
          order('o2', 60_000, '2026-06-01T10:00:00.000Z'),
          '2026-06-01T10:00:00.000Z',
          noGrace,
        ),
      ],
    ).events;
    spec
      .given(given)
      .when(reviewTier(REVIEW, noGrace))
      .then([
        {
          type: 'loyalty.TierDowngraded',
          data: {
            memberId: MEMBER_ID,
            fromTier: 'Gold',
            toTier: 'Silver',
            qualifyingPoints: 600,
            downgradedAt: REVIEW,
            nextReviewAt: '2028-03-02T23:00:00.000Z',
          },
        },
      ]);
  });

  it('earns with the lower multiplier after a downgrade', () => {
    const later = '2027-04-02T10:00:00.000Z';
    const { events } = fold(silverInMarch(), [
      reviewTier(REVIEW),
      reviewTier(GRACE_END),
      earnFor(order('o4', 10_000, later), later, ROLLING),
    ]);
    const earnedEvents = events.filter((e) => e.type === 'loyalty.PointsEarned');
    expect(earnedEvents.map((e) => e.data.multiplierPercent)).toEqual([100, 100]);
    const silverEarn = fold(silverInMarch(), [earnFor(order('o5', 10_000, MARCH), MARCH, ROLLING)]);
    expect(silverEarn.events.at(-1)).toMatchObject({ data: { multiplierPercent: 150 } });
  });

  it('does nothing before the review date (a stale timer) or without a review in the program', () => {
    spec.given(silverInMarch()).when(reviewTier('2027-02-01T00:00:00.000Z')).thenNothingHappened();
    spec.given(silverInMarch()).when(reviewTier(REVIEW, PROGRAM)).thenNothingHappened();
    spec.given([enrolled()]).when(reviewTier(REVIEW)).thenNothingHappened();
  });

  it('refuses a review window or grace period out of range, naming the field', () => {
    for (const [tierReview, field] of [
      [{ windowMonths: 0, graceDays: 30 }, 'tierReview.windowMonths'],
      [{ windowMonths: 37, graceDays: 30 }, 'tierReview.windowMonths'],
      [{ windowMonths: 12, graceDays: -1 }, 'tierReview.graceDays'],
      [{ windowMonths: 12, graceDays: 1.5 }, 'tierReview.graceDays'],
    ] as const) {
      expect(() => checkProgram({ ...PROGRAM, tierReview })).toThrow(InvalidProgramError);
      expect(() => checkProgram({ ...PROGRAM, tierReview })).toThrow(field);
    }
    expect(() => checkProgram(ROLLING)).not.toThrow();
  });
});
