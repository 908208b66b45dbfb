// The tenant's sending policy over the real store, timers and mail server (ADR 0385): admins set it
// (a bad policy is refused at its fields and writes nothing); a campaign beyond the tenant's hourly
// cap sends what the cap allows, records CampaignSendingDeferred and resumes on its durable timer
// when the hour turns, until every member is sent once; a send due in the tenant's quiet hours
// (in its own time zone) waits on the timer until they end; a journey's SMS step beyond the cap on
// SMS records its wait with the reason and sends when the hour turns.
import { Role } from '@crm/access-policy';
import { ManualClock, eventually } from '@crm/testing';
import {
  consentingPerson,
  ctx,
  defineBavariaAndTemplates,
  sendNewCampaign,
  startMarketingTestService,
  type MarketingTestService,
  type StoredEvent,
} from '../../test/marketing-test-service';

jest.setTimeout(180_000);

// The service's clock, moved by the test (timers fire when it passes their due time): 11:30 in Berlin (CET, UTC+1) on a Monday.
const clock = new ManualClock(new Date('2026-03-02T10:30:00.000Z'));
const ADMIN = { roles: [Role.ADMIN], actor: { kind: 'user' as const, userId: 'admin-1' } };
const BERLIN_POLICY = {
  timeZone: 'Europe/Berlin',
  quietFrom: '22:00',
  quietTo: '07:00',
  caps: [{ channel: 'email', perHour: 2, perDay: 0 }],
};

let t: MarketingTestService;

const dataOf = (e: StoredEvent): Record<string, unknown> => e.data as Record<string, unknown>;
const campaignEvents = async (campaignId: string, type: string) =>
  (await t.events()).filter((e) => e.type === type && dataOf(e)['campaignId'] === campaignId);

beforeAll(async () => {
  t = await startMarketingTestService(
    'mkt-policy',
    { CRM_MARKETING_MEMBERSHIP_INTERVAL_MS: '200' },
    clock,
  );
  await t.putCustomers(
    ['ann', 'ben', 'cat', 'dan', 'eve'].map((id) => consentingPerson(id, `${id}@policy.example`)),
  );
  await defineBavariaAndTemplates(t, [['hello', 'Hello {{ customer.firstName }}']]);
});
afterAll(async () => {
  await t?.stop();
});

describe("the tenant's sending policy", () => {
  it('is set by admins only, and a bad one is refused at its fields with nothing written', async () => {
    const before = (await t.events()).length;
    const denied = await t.fail('SetSendingPolicy', { ctx: ctx(), policy: BERLIN_POLICY });
    expect(denied.detail.code).toBe('PERMISSION_DENIED');
    const invalid = await t.fail(
      'SetSendingPolicy',
      {
        ctx: ctx(),
        policy: {
          timeZone: 'Mars/Olympus',
          quietFrom: '22:00',
          quietTo: '',
          caps: [
            { channel: 'email', perHour: 5, perDay: 0 },
            { channel: 'email', perHour: 1, perDay: 0 },
            { channel: 'fax', perHour: 1, perDay: 0 },
            { channel: 'sms', perHour: 0, perDay: 0 },
          ],
        },
      },
      ADMIN,
    );
    expect(invalid.detail.violations.map((v) => [v.field, v.code])).toEqual([
      ['timeZone', 'INVALID_VALUE'],
      ['quietTo', 'REQUIRED'],
      ['caps[1].channel', 'DUPLICATE'],
      ['caps[2].channel', 'INVALID_VALUE'],
      ['caps[3]', 'REQUIRED'],
    ]);
    expect((await t.events()).length).toBe(before);
    expect(await t.call('GetSendingPolicy', { ctx: ctx() })).toMatchObject({ configured: false });

    await t.call('SetSendingPolicy', { ctx: ctx(), policy: BERLIN_POLICY }, ADMIN);
    expect(await t.call('GetSendingPolicy', { ctx: ctx() })).toEqual({
      ...BERLIN_POLICY,
      configured: true,
    });
    const set = (await t.events()).filter((e) => e.type === 'marketing.SendingPolicySet');
    expect(set.map(dataOf)).toEqual([
      {
        timeZone: 'Europe/Berlin',
        quietHours: { from: '22:00', to: '07:00' },
        caps: [{ channel: 'email', perHour: 2, perDay: null }],
        setBy: 'admin-1',
        setAt: '2026-03-02T10:30:00.000Z',
      },
    ]);
    // The same policy again records nothing.
    await t.call('SetSendingPolicy', { ctx: ctx(), policy: BERLIN_POLICY }, ADMIN);
    expect((await t.events()).filter((e) => e.type === 'marketing.SendingPolicySet')).toHaveLength(
      1,
    );
  });

  it('defers a campaign beyond the hourly cap to the next hour on its timer, sending everyone once', async () => {
    const first = await sendNewCampaign(t, 'capped');
    expect(first).toMatchObject({ audienceSize: 5, sentCount: 2, skippedCount: 0 });
    expect(
      (await campaignEvents('capped', 'marketing.CampaignSendingDeferred')).map(dataOf),
    ).toEqual([
      {
        campaignId: 'capped',
        reason: 'HOURLY_CAP',
        until: '2026-03-02T11:00:00.000Z',
        deferredAt: '2026-03-02T10:30:00.000Z',
      },
    ]);
    expect(await campaignEvents('capped', 'marketing.CampaignSent')).toHaveLength(0);
    // The scheduler reactor keeps the campaign's timer at the deferral's end.
    await eventually(async () => {
      const [timer] = await t.query<{ due_at: Date }>(
        "SELECT due_at FROM timers.timers WHERE key = 'campaign:capped' AND status = 'scheduled'",
      );
      expect(timer?.due_at.toISOString()).toBe('2026-03-02T11:00:00.000Z');
    });

    clock.set('2026-03-02T11:00:05.000Z');
    await eventually(
      async () =>
        expect(await campaignEvents('capped', 'marketing.CampaignMessageSent')).toHaveLength(4),
      { timeoutMs: 30_000 },
    );
    clock.set('2026-03-02T12:00:05.000Z');
    await eventually(
      async () => expect(await campaignEvents('capped', 'marketing.CampaignSent')).toHaveLength(1),
      { timeoutMs: 30_000 },
    );
    const sent = await campaignEvents('capped', 'marketing.CampaignMessageSent');
    expect(sent.map((e) => dataOf(e)['customerId']).sort()).toEqual([
      'ann',
      'ben',
      'cat',
      'dan',
      'eve',
    ]);
    expect(
      (await campaignEvents('capped', 'marketing.CampaignSendingDeferred')).map(
        (e) => dataOf(e)['until'],
      ),
    ).toEqual(['2026-03-02T11:00:00.000Z', '2026-03-02T12:00:00.000Z']);
    // One slot per message, in the hour it went out.
    const used = (await t.events()).filter((e) => e.type === 'marketing.SendingAllowanceUsed');
    expect(used.map((e) => dataOf(e)['hourStart'])).toEqual([
      '2026-03-02T10:00:00.000Z',
      '2026-03-02T10:00:00.000Z',
      '2026-03-02T11:00:00.000Z',
      '2026-03-02T11:00:00.000Z',
      '2026-03-02T12:00:00.000Z',
    ]);
  });

  it("holds a send due in the tenant's quiet hours until they end in its time zone", async () => {
    // 22:30 in Berlin: quiet until 07:00 local, 06:00 UTC.
    clock.set('2026-03-02T21:30:00.000Z');
    const result = await sendNewCampaign(t, 'late');
    expect(result).toMatchObject({ sentCount: 0, skippedCount: 0 });
    expect(
      (await campaignEvents('late', 'marketing.CampaignSendingDeferred')).map((e) => [
        dataOf(e)['reason'],
        dataOf(e)['until'],
      ]),
    ).toEqual([['QUIET_HOURS', '2026-03-03T06:00:00.000Z']]);
    clock.set('2026-03-03T06:00:05.000Z');
    await eventually(
      async () =>
        expect(await campaignEvents('late', 'marketing.CampaignMessageSent')).toHaveLength(2),
      { timeoutMs: 30_000 },
    );
  });

  it("holds a journey's send beyond the tenant's cap on its channel in a recorded wait, then sends", async () => {
    await t.call(
      'SetSendingPolicy',
      {
        ctx: ctx(),
        policy: {
          ...BERLIN_POLICY,
          caps: [...BERLIN_POLICY.caps, { channel: 'sms', perHour: 1, perDay: 0 }],
        },
      },
      ADMIN,
    );
    await t.call('DefineSegment', {
      ctx: ctx(),
      segmentId: 'tirol',
      name: 'Tirol',
      ruleJson: JSON.stringify({ field: 'region', op: 'in', value: ['Tirol'] }),
    });
    await t.call('PublishJourney', {
      ctx: ctx(),
      journeyId: 'tirol-text',
      name: 'Tirol text',
      definitionJson: JSON.stringify({
        trigger: { kind: 'segmentEntered', segmentId: 'tirol' },
        steps: [{ id: 'text', kind: 'send', templateId: 'hello', locale: 'en', channel: 'sms' }],
      }),
    });
    const texter = (id: string, phone: string) => {
      const base = consentingPerson(id, `${id}@policy.example`, 'Tirol');
      return {
        ...base,
        consents: {
          ...(base['consents'] as object),
          sms: { granted: true, source: 'app', since: '2026-01-01T00:00:00.000Z' },
        },
        contacts: { c2: { kind: 'phone', phone, addedAt: '2026-01-01T00:00:00Z' } },
      };
    };
    await t.putCustomers([texter('tom', '+43 512 1111'), texter('uma', '+43 512 2222')]);
    const journey = async (type: string) =>
      (await t.events()).filter((e) => e.type === type && dataOf(e)['journeyId'] === 'tirol-text');
    // One SMS an hour: the first enrolment is texted, the second waits for 07:00 UTC.
    const [held] = await eventually(
      async () => {
        const waits = await journey('marketing.JourneyWaitStarted');
        expect(waits).toHaveLength(1);
        return waits;
      },
      { timeoutMs: 30_000 },
    );
    expect(dataOf(held!)).toMatchObject({
      stepId: 'text',
      reason: 'HOURLY_CAP',
      until: '2026-03-03T07:00:00.000Z',
    });
    expect(await journey('marketing.JourneyMessageSent')).toHaveLength(1);
    clock.set('2026-03-03T07:00:05.000Z');
    await eventually(
      async () => expect(await journey('marketing.JourneyMessageSent')).toHaveLength(2),
      { timeoutMs: 30_000 },
    );
    const texted = await journey('marketing.JourneyMessageSent');
    expect(texted.map((e) => dataOf(e)['customerId']).sort()).toEqual(['tom', 'uma']);
  });
});
