// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import {
  earnFor,
  enrolled,
  foldCommands,
  MEMBER_ID,
  order,
  stateOf as memberStateOf,
} from '../testing/loyalty-fixtures';
import { assessChurn, bandOf } from './churn';
import type { MemberCommand } from './member.commands';
import { memberDecider } from './member.decider';
import type { MemberEvent } from './member.events';
import type { EnrolledMember } from './member.state';

const spec = deciderSpec(memberDecider);
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 10)).toISOString();
const assess = (at: string): MemberCommand => ({
  type: 'AssessChurnRisk',
  data: { memberId: MEMBER_ID, at },
});

/** Orders every 10 days from day 0 to day 90: a regular member. */
function regular(): MemberEvent[] {
  const orders: MemberCommand[] = [];
  for (let n = 0; n <= 90; n += 10) orders.push(earnFor(order(`o${n}`, 1_000, day(n))));
  return foldCommands([enrolled()], orders).events;
}
const stateOf = (events: readonly MemberEvent[]) => memberStateOf(events) as EnrolledMember;

describe('churn early warning', () => {
  it('scores nothing while a member orders at their usual pace', () => {
    const assessment = assessChurn(stateOf(regular()), day(95));
    expect(assessment).toMatchObject({ score: 0, band: 'low' });
    expect(assessment.factors.map((f) => f.factor)).toEqual([
      'recency',
      'frequency_drop',
      'expiring_unused',
      'open_complaints',
      'low_csat',
      'email_disengaged',
    ]);
    expect(assessment.factors[0]!.detail).toBe(
      '5 days since the last order; usual interval 10 days',
    );
  });

  it('weighs signals from the service desk and marketing, and raises the band at once', () => {
    const signal = (
      signal: Extract<MemberCommand, { type: 'RecordChurnSignal' }>['data']['signal'],
      sourceId: string,
      at: string,
      csatScore?: number,
    ): MemberCommand => ({
      type: 'RecordChurnSignal',
      data: {
        memberId: MEMBER_ID,
        signal,
        sourceId,
        ...(csatScore === undefined ? {} : { csatScore }),
        at,
      },
    });
    // A regular member: two complaints and an unhappy answer move the score to 25 + 20 = 45.
    const history = foldCommands(regular(), [
      signal('complaint_opened', 't1', day(91)),
      signal('complaint_opened', 't1', day(91)), // a redelivery records nothing
      signal('complaint_opened', 't2', day(92)),
    ]).events;
    expect(history.filter((e) => e.type === 'loyalty.ChurnSignalRecorded')).toHaveLength(2);
    const raised = memberDecider.decide(
      signal('csat_answered', 't1', day(93), 1),
      stateOf(history),
    );
    expect(raised.map((e) => e.type)).toEqual([
      'loyalty.ChurnSignalRecorded',
      'loyalty.ChurnRiskRaised',
    ]);
    const raise = raised[1] as Extract<MemberEvent, { type: 'loyalty.ChurnRiskRaised' }>;
    expect(raise.data).toMatchObject({ score: 45, band: 'medium', previousBand: 'low' });
    expect(raise.data.factors.filter((f) => f.points > 0)).toEqual([
      { factor: 'open_complaints', points: 25, detail: '2 open complaints at the service desk' },
      { factor: 'low_csat', points: 20, detail: 'last satisfaction answer 1/5, 0 days ago' },
    ]);
    // Both complaints closed and unsubscribed: 20 + 10 = 30, still medium (no new event);
    // closing a ticket that is not open records nothing.
    const all = foldCommands(
      [...history, ...raised],
      [
        signal('complaint_closed', 't1', day(94)),
        signal('complaint_closed', 't2', day(94)),
        signal('complaint_closed', 't9', day(94)),
        signal('email_unsubscribed', 'c1', day(95)),
      ],
    ).events;
    const later = all.slice(history.length + raised.length);
    const after = stateOf(all);
    expect(assessChurn(after, day(95))).toMatchObject({ score: 30, band: 'medium' });
    expect(later.filter((e) => e.type === 'loyalty.ChurnSignalRecorded')).toHaveLength(3);
    // Half a year on, the unhappy answer no longer counts.
    expect(
      assessChurn(after, day(95 + 181)).factors.find((f) => f.factor === 'low_csat')?.points,
    ).toBe(0);
  });

  it('scores recency against the usual interval, and a drop in frequency', () => {
    // 40 days without an order for a member who orders every 10 days: 4× the usual interval.
    const late = assessChurn(stateOf(regular()), day(130));
    expect(late.factors.find((f) => f.factor === 'recency')).toMatchObject({ points: 50 });
    // 100 days later nothing in the last 90 days against ~2.5 per 90 days the year before.
    const silent = assessChurn(stateOf(regular()), day(190));
    expect(silent.factors.find((f) => f.factor === 'frequency_drop')).toMatchObject({
      points: 30,
    });
    expect(silent).toMatchObject({ score: 80, band: 'high' });
  });

  it('counts points about to expire unused', () => {
    // One order on day 0, lots of 12 months: at day 350 all its points expire within 30 days.
    const once = stateOf([
      enrolled(),
      ...memberDecider.decide(earnFor(order('o0', 1_000, day(0))), stateOf([enrolled()])),
    ]);
    expect(assessChurn(once, day(350)).factors.find((f) => f.factor === 'expiring_unused')).toEqual(
      {
        factor: 'expiring_unused',
        points: 20,
        detail: '10 of 10 free points expire within 30 days',
      },
    );
    // The regular member has most of their points in later lots: not counted.
    const regularAt350 = assessChurn(stateOf(regular()), day(350));
    expect(regularAt350.factors.find((f) => f.factor === 'expiring_unused')).toMatchObject({
      points: 0,
      detail: '20 of 100 free points expire within 30 days',
    });
  });

  it('raises the band with its factors once, eases it, and raises again', () => {
    const raised = memberDecider.decide(assess(day(190)), stateOf(regular()));
    expect(raised).toEqual([
      {
        type: 'loyalty.ChurnRiskRaised',
        data: expect.objectContaining({
          memberId: MEMBER_ID,
          score: 80,
          band: 'high',
          previousBand: 'low',
          assessedAt: day(190),
        }) as object,
      },
    ]);
    expect(
      (raised[0] as Extract<MemberEvent, { type: 'loyalty.ChurnRiskRaised' }>).data.factors,
    ).toHaveLength(6);
    const high = [...regular(), ...raised];
    spec
      .given(high)
      .when(assess(day(191)))
      .thenNothingHappened();
    const back = stateOf([
      ...high,
      ...memberDecider.decide(earnFor(order('back', 1_000, day(192))), stateOf(high)),
    ]);
    const eased = memberDecider.decide(assess(day(193)), back);
    expect(eased).toMatchObject([
      { type: 'loyalty.ChurnRiskEased', data: { previousBand: 'high' } },
    ]);
  });

  it('bands at 30 and 60', () => {
    expect([0, 29, 30, 59, 60, 100].map(bandOf)).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
    ]);
  });
});
