// The tenant's sending policy (ADR 0385): the same policy set again records nothing; the windows a
// send counts in (clock hour, the tenant's local day) and its quiet hours in the tenant's zone; the
// allowance refuses a slot beyond the hourly or daily cap with the instant the window turns; and a
// campaign records a deferral once.
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { campaignDecider } from '../campaign/campaign.decider';
import { InvalidTransitionError } from '../errors';
import type { CampaignEvent } from '../campaign/campaign.events';
import {
  SendingCapReachedError,
  capOf,
  capWindows,
  sendingAllowanceDecider,
  sendingPolicyDecider,
  tenantQuietUntil,
  type SendingAllowanceUsed,
  type SendingPolicy,
  type UseSendingAllowance,
} from './sending-policy';

const POLICY: SendingPolicy = {
  timeZone: 'Asia/Shanghai',
  quietHours: { from: '21:00', to: '08:00' },
  caps: [{ channel: 'email', perHour: 2, perDay: 3 }],
};

describe('the sending policy', () => {
  it('records a change and nothing for the same policy, whatever the order of its keys', () => {
    const set = {
      type: 'SetSendingPolicy' as const,
      data: { ...POLICY, setBy: 'admin-1', now: 'T' },
    };
    const [event] = sendingPolicyDecider.decide(set, sendingPolicyDecider.initialState);
    const state = sendingPolicyDecider.evolve(sendingPolicyDecider.initialState, event!);
    const reordered = {
      ...set,
      data: { ...set.data, caps: [{ perDay: 3, perHour: 2, channel: 'email' as const }] },
    };
    expect(sendingPolicyDecider.decide(reordered, state)).toEqual([]);
    const looser = { ...set, data: { ...set.data, caps: [] } };
    expect(sendingPolicyDecider.decide(looser, state)).toHaveLength(1);
  });

  it('caps only the channels it names', () => {
    expect(capOf(POLICY, 'email')).toEqual({ channel: 'email', perHour: 2, perDay: 3 });
    expect(capOf(POLICY, 'sms')).toBeUndefined();
  });

  it("keeps quiet hours in the tenant's zone, spanning midnight", () => {
    // 21:30 in Shanghai (UTC+8) is 13:30 UTC: quiet until 08:00 local, 00:00 UTC.
    expect(tenantQuietUntil(POLICY, new Date('2026-03-02T13:30:00Z'))).toBe(
      '2026-03-03T00:00:00.000Z',
    );
    expect(tenantQuietUntil(POLICY, new Date('2026-03-02T00:00:00Z'))).toBeNull();
    expect(
      tenantQuietUntil({ ...POLICY, quietHours: null }, new Date('2026-03-02T13:30:00Z')),
    ).toBeNull();
  });

  it("counts a send in its clock hour and the tenant's local day", () => {
    // 23:10 UTC is 07:10 the next day in Shanghai; that local day ends at 16:00 UTC.
    expect(capWindows(new Date('2026-03-02T23:10:42Z'), 'Asia/Shanghai')).toEqual({
      localDay: '2026-03-03',
      hourStart: '2026-03-02T23:00:00.000Z',
      nextHour: '2026-03-03T00:00:00.000Z',
      nextDay: '2026-03-03T16:00:00.000Z',
    });
  });
});

describe('the allowance', () => {
  const spec = deciderSpec(sendingAllowanceDecider);
  const use = (iso: string): UseSendingAllowance => ({
    type: 'UseSendingAllowance',
    data: {
      ...capWindows(new Date(iso), 'Asia/Shanghai'),
      channel: 'email',
      perHour: 2,
      perDay: 3,
      sourceId: 'spring',
      now: iso,
    },
  });
  const used = (iso: string): SendingAllowanceUsed =>
    sendingAllowanceDecider.decide(use(iso), sendingAllowanceDecider.initialState)[0]!;

  it('gives a slot while the hour and the day have room', () => {
    spec
      .given([used('2026-03-03T01:00:00Z')])
      .when(use('2026-03-03T01:30:00Z'))
      .then([used('2026-03-03T01:30:00Z')]);
  });

  it('refuses beyond the hourly cap until the next hour, and beyond the daily cap until local midnight', () => {
    const hourFull = [used('2026-03-03T01:00:00Z'), used('2026-03-03T01:10:00Z')];
    spec
      .given(hourFull)
      .when(use('2026-03-03T01:20:00Z'))
      .thenThrows(SendingCapReachedError, (e) =>
        expect([e.reason, e.until]).toEqual(['HOURLY_CAP', '2026-03-03T02:00:00.000Z']),
      );
    spec
      .given([...hourFull, used('2026-03-03T02:00:00Z')])
      .when(use('2026-03-03T03:00:00Z'))
      .thenThrows(SendingCapReachedError, (e) =>
        expect([e.reason, e.until]).toEqual(['DAILY_CAP', '2026-03-03T16:00:00.000Z']),
      );
  });
});

describe('a deferred campaign', () => {
  const spec = deciderSpec(campaignDecider);
  const C = 'spring';
  const created: CampaignEvent = {
    type: 'marketing.CampaignCreated',
    data: {
      campaignId: C,
      name: 'S',
      segmentId: 's',
      templateId: 't',
      locale: 'en',
      createdAt: 'T0',
    },
  };
  const started: CampaignEvent = {
    type: 'marketing.CampaignSendingStarted',
    data: { campaignId: C, audienceSize: 3, startedAt: 'T1' },
  };
  const defer = {
    type: 'DeferSending' as const,
    data: { campaignId: C, reason: 'HOURLY_CAP' as const, until: 'T2', now: 'T1' },
  };
  const deferred: CampaignEvent = {
    type: 'marketing.CampaignSendingDeferred',
    data: { campaignId: C, reason: 'HOURLY_CAP', until: 'T2', deferredAt: 'T1' },
  };

  it('records the deferral once while sending, and none before', () => {
    spec.given([created, started]).when(defer).then([deferred]);
    spec.given([created, started, deferred]).when(defer).thenNothingHappened();
    spec.given([created]).when(defer).thenThrows(InvalidTransitionError);
  });
});
