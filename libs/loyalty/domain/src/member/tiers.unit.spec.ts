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
import { tierProgress } from './tiers';

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

describe('tiers by purchase frequency or over a calendar year', () => {
  /** Silver from 3 orders (not refunded in full) of the last 12 months, no grace. */
  const FREQUENCY: ProgramDefinition = {
    ...PROGRAM,
    tiers: [
      { name: 'Bronze', qualifyingThreshold: 0, multiplierPercent: 100 },
      { name: 'Silver', qualifyingThreshold: 3, multiplierPercent: 150 },
    ],
    tierReview: { windowMonths: 12, graceDays: 0, basis: 'orders' },
  };
  const small = (id: string, at: string) => earnFor(order(id, 1_000, at), at, FREQUENCY);
  const APRIL = '2026-04-01T10:00:00.000Z';
  const MAY = '2026-05-01T10:00:00.000Z';

  it('upgrades on the third order of the window however small, reporting the orders', () => {
    const two = fold([enrolled()], [small('o1', MARCH), small('o2', APRIL)]);
    expect(two.state.tier).toBeUndefined();
    expect(decideOn(two.events, small('o3', MAY))[1]).toEqual({
      type: 'loyalty.TierUpgraded',
      data: {
        memberId: MEMBER_ID,
        fromTier: 'Bronze',
        toTier: 'Silver',
        qualifyingPoints: 30,
        orders: 3,
        upgradedAt: MAY,
        nextReviewAt: '2027-05-01T22:00:00.000Z',
      },
    });
  });

  it('does not count an order refunded or cancelled in full', () => {
    const cancelled: MemberCommand = {
      type: 'ReverseOrderPoints',
      data: { memberId: MEMBER_ID, orderId: 'o2', at: APRIL },
    };
    const { state } = fold(
      [enrolled()],
      [small('o1', MARCH), small('o2', APRIL), cancelled, small('o3', MAY)],
    );
    expect(state.tier).toBeUndefined();
  });

  it('reviews by the orders of the window: fewer than the threshold downgrades', () => {
    const given = fold(
      [enrolled()],
      [small('o1', MARCH), small('o2', APRIL), small('o3', MAY)],
    ).events;
    const review = '2027-05-01T22:00:00.000Z';
    // A window after the upgrade all three orders have left the window.
    expect(decideOn(given, reviewTier(review, FREQUENCY))).toEqual([
      {
        type: 'loyalty.TierDowngraded',
        data: expect.objectContaining({ toTier: 'Bronze', orders: 0 }) as object,
      },
    ]);
  });

  /** Silver from 500 qualifying points in a calendar year (Berlin), 30 days of grace. */
  const CALENDAR: ProgramDefinition = {
    ...PROGRAM,
    tierReview: { windowMonths: 12, graceDays: 30, period: 'calendar_year' },
  };
  /** 1 January 2027 00:00 in Berlin. */
  const NEW_YEAR_2027 = '2026-12-31T23:00:00.000Z';
  const NEW_YEAR_2028 = '2027-12-31T23:00:00.000Z';

  it('counts the calendar year to date: December points do not carry into January', () => {
    const december = '2026-12-20T10:00:00.000Z';
    const january = '2027-01-05T10:00:00.000Z';
    const { state } = fold(
      [enrolled()],
      [
        earnFor(order('dec', 30_000, december), december, CALENDAR),
        earnFor(order('jan', 30_000, january), january, CALENDAR),
      ],
    );
    expect(state.tier).toBeUndefined();
  });

  it('upgrades at once and is reviewed at local midnight starting the next year', () => {
    const decided = decideOn([enrolled()], earnFor(order('o1', 60_000, MARCH), MARCH, CALENDAR));
    expect(decided[1]).toMatchObject({
      type: 'loyalty.TierUpgraded',
      data: { toTier: 'Silver', nextReviewAt: NEW_YEAR_2027 },
    });
  });

  it('keeps a tier earned in one year through the next, judged on the year just ended', () => {
    const given = fold([enrolled()], [earnFor(order('o1', 60_000, MARCH), MARCH, CALENDAR)]).events;
    // At 1 January the new year is empty, but the year just ended reached Silver.
    spec
      .given(given)
      .when(reviewTier(NEW_YEAR_2027, CALENDAR))
      .then([
        {
          type: 'loyalty.TierReviewed',
          data: {
            memberId: MEMBER_ID,
            tier: 'Silver',
            qualifyingPoints: 600,
            outcome: 'retained',
            nextReviewAt: NEW_YEAR_2028,
            reviewedAt: NEW_YEAR_2027,
          },
        },
      ]);
    // A year later nothing was earned in 2027: grace first.
    const retained = fold(given, [reviewTier(NEW_YEAR_2027, CALENDAR)]).events;
    expect(decideOn(retained, reviewTier(NEW_YEAR_2028, CALENDAR))).toEqual([
      {
        type: 'loyalty.TierReviewed',
        data: expect.objectContaining({ outcome: 'grace', qualifyingPoints: 0 }) as object,
      },
    ]);
  });

  it('tells how far the next tier is, in points or orders of the period, none at the top', () => {
    const two = fold([enrolled()], [small('o1', MARCH), small('o2', APRIL)]).state;
    expect(tierProgress(two, FREQUENCY, MAY)).toEqual({
      basis: 'orders',
      current: 2,
      nextTier: 'Silver',
      toNextTier: 1,
    });
    const lifetime = fold([enrolled()], [earnFor(order('o1', 20_000, MARCH))]).state;
    expect(tierProgress(lifetime, PROGRAM, MARCH)).toEqual({
      basis: 'qualifying_points',
      current: 200,
      nextTier: 'Silver',
      toNextTier: 300,
    });
    const top = fold([enrolled()], [earnFor(order('o1', 60_000, MARCH))]).state;
    expect(tierProgress(top, PROGRAM, MARCH)).toEqual({
      basis: 'qualifying_points',
      current: 600,
      toNextTier: 0,
    });
  });

  it('refuses an unknown basis or period, and a calendar year that is not 12 months', () => {
    for (const [tierReview, field] of [
      [{ windowMonths: 12, graceDays: 0, basis: 'visits' }, 'tierReview.basis'],
      [{ windowMonths: 12, graceDays: 0, period: 'fiscal' }, 'tierReview.period'],
      [{ windowMonths: 6, graceDays: 0, period: 'calendar_year' }, 'tierReview.windowMonths'],
    ] as const) {
      const program = { ...PROGRAM, tierReview } as unknown as ProgramDefinition;
      expect(() => checkProgram(program)).toThrow(InvalidProgramError);
      expect(() => checkProgram(program)).toThrow(field);
    }
    expect(() => checkProgram(FREQUENCY)).not.toThrow();
    expect(() => checkProgram(CALENDAR)).not.toThrow();
  });
});
