// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import {
  AlreadyReferredError,
  ReferralCodeTakenError,
  RefereeNotNewError,
  SelfReferralError,
} from '../errors';
import { referralCodeDecider, referralCodeFrom } from '../referral/referral-code.decider';
import { checkProgram } from '../program/program.decider';
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
import { referralRewardDueAt } from './referrals';
import type { MemberEvent } from './member.events';
import { verifyLedger } from './verify-ledger';

const spec = deciderSpec(memberDecider);
const REFERRER = '0190a000-0000-7000-8000-0000000000ff';
const MARCH = '2026-03-01T10:00:00.000Z';
const EXPIRY = '2027-03-01T23:00:00.000Z';

const recorded: MemberEvent = {
  type: 'loyalty.ReferralRecorded',
  data: { memberId: MEMBER_ID, referrerId: REFERRER, code: 'K7QX2M9P', recordedAt: MARCH },
};
const record = (referrerId = REFERRER): MemberCommand => ({
  type: 'RecordReferral',
  data: { memberId: MEMBER_ID, referrerId, code: 'K7QX2M9P', at: MARCH },
});
const credit = (
  role: 'referee' | 'referrer',
  orderId = 'o1',
  memberId = role === 'referee' ? MEMBER_ID : REFERRER,
): MemberCommand => ({
  type: 'CreditReferralReward',
  data: {
    memberId,
    role,
    refereeId: MEMBER_ID,
    referrerId: REFERRER,
    orderId,
    points: role === 'referee' ? 100 : 200,
    expiresAt: EXPIRY,
    at: MARCH,
  },
});

const fold = (events: readonly MemberEvent[], commands: readonly MemberCommand[]) =>
  foldCommands(events, commands).events;

describe('referrals', () => {
  it('issues a code once', () => {
    const issue: MemberCommand = {
      type: 'IssueReferralCode',
      data: { memberId: MEMBER_ID, code: 'K7QX2M9P', at: MARCH },
    };
    spec
      .given([enrolled()])
      .when(issue)
      .then([
        {
          type: 'loyalty.ReferralCodeIssued',
          data: { memberId: MEMBER_ID, code: 'K7QX2M9P', issuedAt: MARCH },
        },
      ]);
    spec
      .given(fold([enrolled()], [issue]))
      .when({ ...issue, data: { ...issue.data, code: 'ZZZZZZZZ' } })
      .thenNothingHappened();
  });

  it('records a referral before the first order, never a self-referral or a second one', () => {
    spec.given([enrolled()]).when(record()).then([recorded]);
    spec.given([enrolled()]).when(record(MEMBER_ID)).thenThrows(SelfReferralError);
    spec.given([enrolled(), recorded]).when(record()).thenThrows(AlreadyReferredError);
    const ordered = fold([enrolled()], [earnFor(order('o0', 1_000, MARCH))]);
    spec.given(ordered).when(record()).thenThrows(RefereeNotNewError);
  });

  it('flags a referral whose sides share an e-mail or phone, and withholds its reward once', () => {
    const flaggedCommand: MemberCommand = {
      type: 'RecordReferral',
      data: {
        memberId: MEMBER_ID,
        referrerId: REFERRER,
        code: 'K7QX2M9P',
        sharedContacts: ['shared_phone', 'shared_email', 'shared_phone'],
        at: MARCH,
      },
    };
    const flagged: MemberEvent = {
      type: 'loyalty.ReferralFlagged',
      data: {
        memberId: MEMBER_ID,
        referrerId: REFERRER,
        reasons: ['shared_email', 'shared_phone'],
        flaggedAt: MARCH,
      },
    };
    spec.given([enrolled()]).when(flaggedCommand).then([recorded, flagged]);
    const firstOrder = fold([enrolled(), recorded, flagged], [earnFor(order('o1', 1_000, MARCH))]);
    const withheld: MemberEvent = {
      type: 'loyalty.ReferralRewardWithheld',
      data: {
        memberId: MEMBER_ID,
        referrerId: REFERRER,
        orderId: 'o1',
        reasons: ['shared_email', 'shared_phone'],
        withheldAt: MARCH,
      },
    };
    spec.given(firstOrder).when(credit('referee')).then([withheld]);
    // Settled: a redelivery credits nothing, and the ledger holds only the order's own points.
    spec
      .given([...firstOrder, withheld])
      .when(credit('referee'))
      .thenNothingHappened();
    expect(verifyLedger([...firstOrder, withheld])).toMatchObject({
      violations: [],
      totals: { available: 10 },
    });
  });

  it('credits the referee on the first order only, once, as a lot that first settles debt', () => {
    const firstOrder = fold([enrolled(), recorded], [earnFor(order('o1', 1_000, MARCH))]);
    spec
      .given(firstOrder)
      .when(credit('referee'))
      .then([
        {
          type: 'loyalty.ReferralRewardCredited',
          data: {
            memberId: MEMBER_ID,
            role: 'referee',
            refereeId: MEMBER_ID,
            referrerId: REFERRER,
            orderId: 'o1',
            points: 100,
            debtSettled: 0,
            lot: { lotId: `referral:referee:${MEMBER_ID}`, points: 100, expiresAt: EXPIRY },
            creditedAt: MARCH,
          },
        },
      ]);
    const credited = fold(firstOrder, [credit('referee')]);
    spec.given(credited).when(credit('referee')).thenNothingHappened();
    const second = fold(credited, [earnFor(order('o2', 1_000, MARCH))]);
    spec.given(second).when(credit('referee', 'o2')).thenNothingHappened();
    // Not referred: nothing to credit.
    const unreferred = fold([enrolled()], [earnFor(order('o1', 1_000, MARCH))]);
    spec.given(unreferred).when(credit('referee')).thenNothingHappened();
    expect(verifyLedger(credited).violations).toEqual([]);
  });

  it('withholds the reward of a first order returned in full within its window, not a partial refund', () => {
    const returned = fold(
      [enrolled(), recorded],
      [
        earnFor(order('o1', 1_000, MARCH)),
        { type: 'ReverseOrderPoints', data: { memberId: MEMBER_ID, orderId: 'o1', at: MARCH } },
      ],
    );
    spec
      .given(returned)
      .when(credit('referee'))
      .then([
        {
          type: 'loyalty.ReferralRewardWithheld',
          data: {
            memberId: MEMBER_ID,
            referrerId: REFERRER,
            orderId: 'o1',
            reasons: ['order_returned'],
            withheldAt: MARCH,
          },
        },
      ]);
    const partly = fold(
      [enrolled(), recorded],
      [
        earnFor(order('o1', 1_000, MARCH)),
        {
          type: 'ReverseOrderPoints',
          data: { memberId: MEMBER_ID, orderId: 'o1', refundedMinor: 500, at: MARCH },
        },
      ],
    );
    expect(memberDecider.decide(credit('referee'), stateOf(partly))[0]?.type).toBe(
      'loyalty.ReferralRewardCredited',
    );
  });

  it('is due at the local midnight ending the last day of the return window', () => {
    const program = { ...PROGRAM, referralReward: { refereePoints: 1, referrerPoints: 1 } };
    expect(referralRewardDueAt(program, MARCH)).toBeUndefined();
    const withWindow = {
      ...program,
      referralReward: { ...program.referralReward, returnWindowDays: 30 },
    };
    // 1 March + 30 days = 31 March, which ends at 1 April 00:00 Berlin (CEST).
    expect(referralRewardDueAt(withWindow, MARCH)).toBe('2026-03-31T22:00:00.000Z');
    expect(() =>
      checkProgram({
        ...program,
        referralReward: { ...program.referralReward, returnWindowDays: 366 },
      }),
    ).toThrow('referralReward.returnWindowDays');
  });

  it('credits the referrer once per referee', () => {
    const referrer: MemberEvent = {
      type: 'loyalty.MemberEnrolled',
      data: { memberId: REFERRER, source: 'manual', enrolledAt: '2026-01-01T00:00:00.000Z' },
    };
    const once = fold([referrer], [credit('referrer')]);
    expect(once.at(-1)).toMatchObject({
      type: 'loyalty.ReferralRewardCredited',
      data: { memberId: REFERRER, role: 'referrer', points: 200 },
    });
    spec.given(once).when(credit('referrer')).thenNothingHappened();
  });

  it('claims a code for one member only; codes use an unambiguous alphabet', () => {
    const claim = (memberId: string) =>
      ({
        type: 'ClaimReferralCode',
        data: { code: 'K7QX2M9P', memberId, at: MARCH },
      }) as const;
    const taken = deciderSpec(referralCodeDecider).given([
      {
        type: 'loyalty.ReferralCodeClaimed',
        data: { code: 'K7QX2M9P', memberId: REFERRER, claimedAt: MARCH },
      },
    ]);
    taken.when(claim(MEMBER_ID)).thenThrows(ReferralCodeTakenError);
    taken.when(claim(REFERRER)).thenNothingHappened();
    const code = referralCodeFrom(new Uint8Array([0, 1, 2, 3, 250, 251, 252, 253]));
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(code).not.toMatch(/[01IOL]/);
  });
});
