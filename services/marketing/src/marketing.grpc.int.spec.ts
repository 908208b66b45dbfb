// The Marketing service over real gRPC, PostgreSQL, the MongoDB-wire server and SMTP (Mailpit): a
// segment over the customer profiles, a template in English, a campaign sent to the members with
// e-mail consent at send time (the personalised mail read back from Mailpit's API), nobody mailed
// twice, the unsubscribe link working and a forged one refused; bad rules and templates refused
// with typed field errors, nothing written. Each run has its own addresses (Mailpit is shared).
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { eventually } from '@crm/testing';
import {
  ctx,
  startMarketingTestService,
  type MarketingTestService,
} from '../test/marketing-test-service';

jest.setTimeout(90_000);

const tag = randomUUID().slice(0, 8);
const address = (name: string) => `${name}-${tag}@example.com`;
const mjml = (text: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;

function profile(id: string, over: Record<string, unknown> = {}, email = true) {
  return {
    _id: id,
    tenantId: 'tenant-a',
    kind: 'person',
    status: 'active',
    person: { firstName: id[0]!.toUpperCase() + id.slice(1), lastName: 'Test' },
    demographics: { region: 'Bavaria' },
    consents: { email: { granted: true, source: 'web', since: '2026-01-01T00:00:00.000Z' } },
    ...(email
      ? {
          contacts: {
            c1: { kind: 'email', email: address(id), addedAt: '2026-01-01T00:00:00.000Z' },
          },
          primaryContacts: { email: 'c1' },
        }
      : {}),
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...over,
  };
}

interface Summary {
  readonly ID: string;
  readonly Subject: string;
  readonly To: readonly { Address: string }[];
}

let t: MarketingTestService;

async function mailsTo(recipient: string): Promise<Summary[]> {
  const url = new URL('/api/v1/search', t.infra.mailpitUrl);
  url.searchParams.set('query', `to:${recipient}`);
  return ((await (await fetch(url)).json()) as { messages: Summary[] }).messages;
}

async function htmlOf(id: string): Promise<string> {
  const url = new URL(`/api/v1/message/${id}`, t.infra.mailpitUrl);
  return ((await (await fetch(url)).json()) as { HTML: string }).HTML;
}

beforeAll(async () => {
  t = await startMarketingTestService('mkt-grpc', { CRM_MARKETING_EMAIL_FREQUENCY_CAP: '3/7' });
  await t.putCustomers([
    profile('anna'),
    profile('bob', {
      consents: { email: { granted: false, source: 'web', since: '2026-02-01T00:00:00.000Z' } },
    }),
    profile('chen', { person: { lastName: 'Chen' } }),
    profile('dora', { demographics: { region: 'Texas' } }),
    profile('emil', { status: 'erased' }),
    profile('fay', {}, false),
    profile('gus', { tenantId: 'tenant-b' }),
  ]);
});
afterAll(async () => {
  await t?.stop();
});

const bavaria = JSON.stringify({ field: 'region', op: 'in', value: ['Bavaria'] });
const template = {
  templateId: 'spring',
  name: 'Spring news',
  versions: [
    {
      locale: 'TEMPLATE_LOCALE_EN',
      subject: 'Hello {{ customer.firstName }}',
      body: mjml(
        'Dear {{ customer.firstName }}, spring is here. <a href="https://shop.example/spring?from=mail&amp;x=1">Shop</a> <a href="{{ unsubscribeUrl }}">Unsubscribe</a>',
      ),
    },
  ],
  fallbacks: [{ field: 'customer.firstName', text: 'friend' }],
};

describe('the marketing service', () => {
  it('refuses invalid segment rules and templates with field errors, writing nothing', async () => {
    const before = (await t.events()).length;
    const rule = await t.fail('DefineSegment', {
      ctx: ctx(),
      name: 'Bad',
      ruleJson: JSON.stringify({
        and: [
          { field: 'email', op: 'eq', value: 1 },
          { field: 'region', op: 'in', value: { $ne: null } },
        ],
      }),
    });
    expect(rule.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(rule.detail.violations.map((v) => [v.field, v.code])).toEqual([
      ['ruleJson.and[0].field', 'UNKNOWN_FIELD'],
      ['ruleJson.and[1].value', 'TYPE_MISMATCH'],
    ]);
    const syntax = await t.fail('CreateTemplate', {
      ...template,
      templateId: 'broken',
      versions: [{ ...template.versions[0], subject: 'Hello {{ customer.firstName' }],
    });
    expect(syntax.detail.violations.map((v) => [v.field, v.code])).toEqual([
      ['versions[0].subject', 'TEMPLATE_SYNTAX'],
    ]);
    expect((await t.events()).length).toBe(before);
  });

  it('sends a campaign to the segment members with e-mail consent, once each', async () => {
    await t.call('DefineSegment', {
      ctx: ctx(),
      segmentId: 'bavaria',
      name: 'Bavaria',
      ruleJson: bavaria,
    });
    await t.call('CreateTemplate', { ctx: ctx(), ...template });
    await t.call('CreateCampaign', {
      ctx: ctx(),
      campaignId: 'spring-1',
      name: 'Spring',
      segmentId: 'bavaria',
      templateId: 'spring',
      locale: 'TEMPLATE_LOCALE_EN',
    });
    const sent = await t.call('SendCampaign', {
      ctx: ctx('send-spring-1'),
      campaignId: 'spring-1',
    });
    // anna, bob (no consent), chen (no first name: fallback), fay (no address); not dora (Texas),
    // emil (erased) or gus (another tenant).
    expect(sent).toMatchObject({ audienceSize: 4, sentCount: 2, skippedCount: 2 });
    const skipped = (await t.events())
      .filter((e) => e.type === 'marketing.CampaignRecipientSkipped')
      .map((e): unknown[] => [e.data.customerId, e.data.reason]);
    expect(skipped).toEqual([
      ['bob', 'NO_CONSENT'],
      ['fay', 'NO_EMAIL'],
    ]);

    const toAnna = await eventually(async () => {
      const mails = await mailsTo(address('anna'));
      expect(mails).toHaveLength(1);
      return mails[0]!;
    });
    expect(toAnna.Subject).toBe('Hello Anna');
    expect(await htmlOf(toAnna.ID)).toContain('Dear Anna, spring is here.');
    const toChen = await eventually(async () => {
      const mails = await mailsTo(address('chen'));
      expect(mails).toHaveLength(1);
      return mails[0]!;
    });
    expect(toChen.Subject).toBe('Hello friend');
    expect(await mailsTo(address('bob'))).toEqual([]);
    expect(await mailsTo(address('dora'))).toEqual([]);

    // Sending again mails nobody twice.
    const again = await t.call('SendCampaign', { ctx: ctx(), campaignId: 'spring-1' });
    expect(again).toMatchObject({ sentCount: 2, skippedCount: 2 });
    expect(await mailsTo(address('anna'))).toHaveLength(1);
    expect(
      (await t.events()).filter((e) => e.type === 'marketing.CampaignMessageSent'),
    ).toHaveLength(2);
  });

  it('honours the unsubscribe link of a mail, refuses a forged one, and skips the customer next time', async () => {
    const [toAnna] = await mailsTo(address('anna'));
    const html = await htmlOf(toAnna!.ID);
    const token = /unsubscribe\?token=([A-Za-z0-9_.-]+)/.exec(html)?.[1];
    expect(token).toBeDefined();

    const before = (await t.events()).length;
    const [payload, signature] = token!.split('.');
    const forged = `${Buffer.from(JSON.stringify(['tenant-a', 'chen', 'spring-1'])).toString('base64url')}.${signature}`;
    for (const bad of [forged, `${payload}.${'A'.repeat(43)}`, 'garbage']) {
      const failure = await t.fail('Unsubscribe', { ctx: ctx(), token: bad });
      expect(failure.detail.code).toBe('INVALID_UNSUBSCRIBE_TOKEN');
    }
    expect((await t.events()).length).toBe(before);

    const result = await t.call('Unsubscribe', { ctx: ctx(), token });
    expect(result.eventTypes).toEqual(['marketing.CustomerUnsubscribed']);
    expect((await t.call('Unsubscribe', { ctx: ctx(), token })).replayed).toBe(true);

    await t.call('CreateCampaign', {
      ctx: ctx(),
      campaignId: 'spring-2',
      name: 'Spring 2',
      segmentId: 'bavaria',
      templateId: 'spring',
      locale: 'TEMPLATE_LOCALE_EN',
    });
    await t.call('SendCampaign', { ctx: ctx(), campaignId: 'spring-2' });
    const annaOutcome = (await t.events()).find(
      (e) => e.data.campaignId === 'spring-2' && e.data.customerId === 'anna',
    );
    expect(annaOutcome).toMatchObject({
      type: 'marketing.CampaignRecipientSkipped',
      data: { reason: 'UNSUBSCRIBED' },
    });
    expect(await mailsTo(address('anna'))).toHaveLength(1);
  });

  it('tracks an open and a click of a mail once each, redirects to its own link, and refuses forged tokens', async () => {
    // Mailpit lists the newest first: Chen's mail of spring-1 is the last.
    const toChen = (await mailsTo(address('chen'))).at(-1);
    const html = await htmlOf(toChen!.ID);
    const tokenOf = (path: string) =>
      new RegExp(`https://crm\\.test/marketing/track/${path}\\?token=([A-Za-z0-9_.-]+)`).exec(
        html,
      )?.[1];
    const open = tokenOf('open');
    const click = tokenOf('click');
    expect(html).not.toContain('shop.example');
    expect(html).toContain('/marketing/unsubscribe?token=');

    const before = (await t.events()).length;
    const [payload, signature] = click!.split('.');
    const forged = `${Buffer.from(JSON.stringify(['tenant-a', 'anna', 'campaign', 'spring-1', 'https://evil.example'])).toString('base64url')}.${signature}`;
    for (const [engagement, bad] of [
      ['clicked', forged],
      ['clicked', `${payload}.${'A'.repeat(43)}`],
      ['opened', click],
    ]) {
      const failure = await t.fail('TrackEngagement', { ctx: ctx(), engagement, token: bad });
      expect(failure.detail.code).toBe('INVALID_TRACKING_TOKEN');
    }
    expect((await t.events()).length).toBe(before);

    expect(
      await t.call('TrackEngagement', { ctx: ctx(), engagement: 'opened', token: open }),
    ).toEqual({ url: '', recorded: true });
    expect(
      await t.call('TrackEngagement', { ctx: ctx(), engagement: 'opened', token: open }),
    ).toEqual({ url: '', recorded: false });
    expect(
      await t.call('TrackEngagement', { ctx: ctx(), engagement: 'clicked', token: click }),
    ).toEqual({ url: 'https://shop.example/spring?from=mail&x=1', recorded: true });
    expect(
      (await t.events())
        .filter((e) => e.type === 'marketing.EngagementRecorded')
        .map((e) => [e.data.customerId, e.data.sourceId, e.data.engagement] as unknown[]),
    ).toEqual([
      ['chen', 'spring-1', 'opened'],
      ['chen', 'spring-1', 'clicked'],
    ]);
  });

  it('refuses a campaign over an unknown segment or a locale the template lacks', async () => {
    const unknown = await t.fail('CreateCampaign', {
      ctx: ctx(),
      name: 'X',
      segmentId: 'nope',
      templateId: 'spring',
      locale: 'TEMPLATE_LOCALE_EN',
    });
    expect(unknown.detail.code).toBe('NOT_FOUND');
    const locale = await t.fail('CreateCampaign', {
      ctx: ctx(),
      name: 'X',
      segmentId: 'bavaria',
      templateId: 'spring',
      locale: 'TEMPLATE_LOCALE_ZH_CN',
    });
    expect(locale.detail.code).toBe('LOCALE_NOT_AVAILABLE');
  });

  it('sends a scheduled campaign when it is due, and never one cancelled before', async () => {
    const create = (campaignId: string) =>
      t.call('CreateCampaign', {
        ctx: ctx(),
        campaignId,
        name: campaignId,
        segmentId: 'bavaria',
        templateId: 'spring',
        locale: 'TEMPLATE_LOCALE_EN',
      });
    const soon = () => new Date(Date.now() + 1500).toISOString();
    const before = (await mailsTo(address('chen'))).length;
    await create('scheduled-1');
    await t.call('ScheduleCampaign', { ctx: ctx(), campaignId: 'scheduled-1', sendAt: soon() });
    await create('scheduled-2');
    await t.call('ScheduleCampaign', { ctx: ctx(), campaignId: 'scheduled-2', sendAt: soon() });
    await t.call('CancelCampaign', {
      ctx: ctx(),
      campaignId: 'scheduled-2',
      reason: 'changed plans',
    });

    await eventually(
      async () => {
        const sent = (await t.events()).find(
          (e) => e.type === 'marketing.CampaignSent' && e.data.campaignId === 'scheduled-1',
        );
        expect(sent?.actor).toEqual({ kind: 'system', name: 'marketing.timers' });
      },
      { timeoutMs: 30_000 },
    );
    await eventually(async () => expect(await mailsTo(address('chen'))).toHaveLength(before + 1));
    const timers = await t.query<{ key: string; status: string }>(
      // Campaign timers only: the RFM and journey timers of the service's other workers may exist.
      "SELECT key, status FROM timers.timers WHERE key LIKE 'campaign:%' ORDER BY key",
    );
    expect(timers).toEqual([
      { key: 'campaign:scheduled-1', status: 'done' },
      { key: 'campaign:scheduled-2', status: 'cancelled' },
    ]);
    expect(
      (await t.events()).filter((e) => e.data.campaignId === 'scheduled-2').map((e) => e.type),
    ).toEqual([
      'marketing.CampaignCreated',
      'marketing.CampaignScheduled',
      'marketing.CampaignCancelled',
    ]);
  });

  it('previews a template for one customer, and says which merge field blocks it', async () => {
    const preview = (customerId: string, templateId = 'spring') =>
      t.call('PreviewMessage', {
        ctx: ctx(),
        templateId,
        customerId,
        locale: 'TEMPLATE_LOCALE_EN',
      });
    expect(await preview('anna')).toMatchObject({ subject: 'Hello Anna' });
    expect((await preview('chen')).html).toContain('Dear friend, spring is here.');
    await t.call('CreateTemplate', {
      ctx: ctx(),
      ...template,
      templateId: 'no-fallback',
      fallbacks: [],
    });
    const blocked = await t.fail('PreviewMessage', {
      ctx: ctx(),
      templateId: 'no-fallback',
      customerId: 'chen',
      locale: 'TEMPLATE_LOCALE_EN',
    });
    expect(blocked.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(blocked.detail).toMatchObject({ code: 'MERGE_FIELD_MISSING' });
    expect(blocked.detail.message).toContain('customer.firstName');
    expect(
      (
        await t.fail('PreviewMessage', {
          ctx: ctx(),
          templateId: 'spring',
          customerId: 'gus',
          locale: 'TEMPLATE_LOCALE_EN',
        })
      ).detail.code,
    ).toBe('NOT_FOUND');
  });

  it('skips a customer who already had the capped number of marketing mails in the window', async () => {
    // Chen had three campaign mails above (the cap is 3 in 7 days), once their touches are recorded.
    await eventually(async () => {
      const touches = (await t.events()).filter(
        (e) => e.type === 'marketing.TouchRecorded' && e.data.customerId === 'chen',
      );
      expect(touches).toHaveLength(3);
    });
    await t.call('CreateCampaign', {
      ctx: ctx(),
      campaignId: 'spring-cap',
      name: 'One too many',
      segmentId: 'bavaria',
      templateId: 'spring',
      locale: 'TEMPLATE_LOCALE_EN',
    });
    const before = (await mailsTo(address('chen'))).length;
    await t.call('SendCampaign', { ctx: ctx(), campaignId: 'spring-cap' });
    const chen = (await t.events()).find(
      (e) => e.data.campaignId === 'spring-cap' && e.data.customerId === 'chen',
    );
    expect(chen).toMatchObject({
      type: 'marketing.CampaignRecipientSkipped',
      data: { reason: 'FREQUENCY_CAP' },
    });
    expect(await mailsTo(address('chen'))).toHaveLength(before);
  });

  it('mails a test of a draft campaign to a seed list only, with a chosen customer or sample data', async () => {
    await t.call('CreateCampaign', {
      ctx: ctx(),
      campaignId: 'spring-test',
      name: 'Spring (test first)',
      segmentId: 'bavaria',
      templateId: 'spring',
      locale: 'TEMPLATE_LOCALE_EN',
    });
    const seed = [address('qa'), address('boss')];
    const refused = await t.fail('SendTestMessage', {
      ctx: ctx(),
      campaignId: 'spring-test',
      addresses: ['not an address'],
    });
    expect(refused.detail.violations.map((v) => v.field)).toEqual(['addresses[0]']);
    const sent = await t.call('SendTestMessage', {
      ctx: ctx(),
      campaignId: 'spring-test',
      addresses: seed,
      sampleCustomerId: 'anna',
    });
    expect(sent).toMatchObject({ sentCount: 2 });
    await t.call('SendTestMessage', {
      ctx: ctx(),
      campaignId: 'spring-test',
      addresses: [seed[0]],
    });
    const subjects = await eventually(async () => {
      const mails = await mailsTo(address('qa'));
      expect(mails).toHaveLength(2);
      return mails.map((m) => m.Subject).sort();
    });
    expect(subjects).toEqual(['[Test] Hello Alex', '[Test] Hello Anna']);
    expect(await mailsTo(address('boss'))).toHaveLength(1);
    const tests = (await t.events()).filter((e) => e.type === 'marketing.CampaignTestSent');
    expect(tests.map((e) => [e.data.recipients, e.data.sampleCustomerId] as unknown[])).toEqual([
      [2, 'anna'],
      [1, undefined],
    ]);
    // No customer was mailed and the campaign is still a draft.
    expect(
      (await t.events()).filter(
        (e) => e.data.campaignId === 'spring-test' && e.type === 'marketing.CampaignMessageSent',
      ),
    ).toEqual([]);
  });
});
