// A/B variants over real gRPC, the store, the MongoDB-wire server and SMTP: half the audience
// tests two templates (each customer always the same one); the campaign keeps sending, without a
// winner while the evidence is short; once one variant's clicks beat the other's at 95 %, the
// variant evaluator records the winner by itself, the rest of the audience gets the winner's
// template and the campaign completes. Bad A/B input is refused with every violation, nothing written.
import { randomUUID } from 'node:crypto';
import { eventually } from '@crm/testing';
import {
  MARKETER,
  UNSUBSCRIBE_KEY,
  consentingPerson,
  defineBavariaAndTemplates,
  ctx,
  startMarketingTestService,
  type MarketingTestService,
  type StoredEvent,
} from '../../test/marketing-test-service';
import { signClickToken } from '../tracking/message-tracking';

jest.setTimeout(120_000);

const tag = randomUUID().slice(0, 8);
const CUSTOMERS = Array.from({ length: 40 }, (_, i) => `c${String(i).padStart(2, '0')}`);
let t: MarketingTestService;

const AB_CAMPAIGN = {
  campaignId: 'spring-ab',
  name: 'Spring A/B',
  segmentId: 'bavaria',
  templateId: 'plain',
  locale: 'TEMPLATE_LOCALE_EN',
  variants: [
    { variantId: 'a', templateId: 'plain' },
    { variantId: 'b', templateId: 'bold' },
  ],
  winnerMetric: 'WINNER_METRIC_CLICKED',
  confidence: 0.95,
  testPercent: 50,
  minimumRecipients: 5,
};
const sentOf = (events: readonly StoredEvent[]) =>
  events.filter(
    (e) => e.type === 'marketing.CampaignMessageSent' && e.data['campaignId'] === 'spring-ab',
  );

beforeAll(async () => {
  t = await startMarketingTestService('mkt-ab');
  await t.putCustomers(CUSTOMERS.map((id) => consentingPerson(id, `${id}-${tag}@example.com`)));
  await defineBavariaAndTemplates(t, [
    ['plain', 'Spring news'],
    ['bold', 'SPRING SALE'],
  ]);
});
afterAll(async () => {
  await t?.stop();
});

describe('A/B variants', () => {
  it("test-sends every variant's message to the seed list, or the one named", async () => {
    await t.call('CreateCampaign', { ...AB_CAMPAIGN, campaignId: 'spring-ab-test', ctx: ctx() });
    const seed = `qa-${tag}@staff.example`;
    const all = await t.call('SendTestMessage', {
      ctx: ctx(),
      campaignId: 'spring-ab-test',
      addresses: [seed],
    });
    expect(all.sentCount).toBe(2);
    const subjects = async () => {
      const url = new URL('/api/v1/search', t.infra.mailpitUrl);
      url.searchParams.set('query', `to:${seed}`);
      const found = (await (await fetch(url)).json()) as { messages: { Subject: string }[] };
      return found.messages.map((m) => m.Subject).sort();
    };
    await eventually(async () =>
      expect(await subjects()).toEqual(['[Test a] Spring news', '[Test b] SPRING SALE']),
    );
    const one = await t.call('SendTestMessage', {
      ctx: ctx(),
      campaignId: 'spring-ab-test',
      addresses: [seed],
      variantId: 'b',
    });
    expect(one.sentCount).toBe(1);
    const unknown = await t.fail('SendTestMessage', {
      ctx: ctx(),
      campaignId: 'spring-ab-test',
      addresses: [seed],
      variantId: 'z',
    });
    expect(unknown.detail.code).toBe('NOT_FOUND');
    const recorded = (await t.events()).filter(
      (e) => e.type === 'marketing.CampaignTestSent' && e.data['campaignId'] === 'spring-ab-test',
    );
    expect(recorded.map((e): unknown => e.data['variantIds'])).toEqual([['a', 'b'], ['b']]);
  });

  it('refuses bad A/B input with every violation and writes nothing', async () => {
    const before = (await t.events()).length;
    const bad = await t.fail('CreateCampaign', {
      ...AB_CAMPAIGN,
      ctx: ctx(),
      campaignId: 'bad-ab',
      variants: [
        { variantId: 'a', templateId: 'plain' },
        { variantId: 'a', templateId: '' },
      ],
      winnerMetric: 'WINNER_METRIC_UNSPECIFIED',
      confidence: 0.5,
      testPercent: 101,
    });
    expect(bad.detail.violations.map((v: { field: string }) => v.field).sort()).toEqual([
      'confidence',
      'testPercent',
      'variants[1].templateId',
      'variants[1].variantId',
      'winnerMetric',
    ]);
    const unknown = await t.fail('CreateCampaign', {
      ...AB_CAMPAIGN,
      ctx: ctx(),
      campaignId: 'bad-ab',
      variants: [...AB_CAMPAIGN.variants, { variantId: 'c', templateId: 'nosuch' }],
    });
    expect(unknown.detail.code).toBe('NOT_FOUND');
    expect(await t.events()).toHaveLength(before);
  });

  it('tests the variants on half the audience, then sends the winner to the rest', async () => {
    await t.call('CreateCampaign', { ...AB_CAMPAIGN, ctx: ctx() });
    const first = await t.call('SendCampaign', { ctx: ctx(), campaignId: 'spring-ab' });
    const tested = sentOf(await t.events());
    expect(first.sentCount).toBe(tested.length);
    expect(tested.length).toBeGreaterThan(10);
    expect(tested.length).toBeLessThan(30);
    const byVariant = (v: string) => tested.filter((e) => e.data['variantId'] === v);
    expect(byVariant('a').length + byVariant('b').length).toBe(tested.length);
    expect(byVariant('a').length).toBeGreaterThanOrEqual(5);
    expect(byVariant('b').length).toBeGreaterThanOrEqual(5);

    // No evidence yet: no winner, the campaign is still sending, and a retried send mails nobody twice.
    const undecided = await t.call('EvaluateCampaignVariants', {
      ctx: ctx(),
      campaignId: 'spring-ab',
    });
    expect(undecided).toMatchObject({ metric: 'clicked', winnerVariantId: '' });
    expect(undecided.undecidedReason).not.toBe('');
    await t.call('SendCampaign', { ctx: ctx(), campaignId: 'spring-ab' });
    expect(sentOf(await t.events())).toHaveLength(tested.length);
    expect((await t.events()).some((e) => e.type === 'marketing.CampaignSent')).toBe(false);

    // Every recipient of variant b clicks, nobody of a: the evaluator chooses b by itself.
    for (const event of byVariant('b')) {
      const claims = {
        tenantId: MARKETER.tenantId,
        customerId: String(event.data['customerId']),
        sourceKind: 'campaign' as const,
        sourceId: 'spring-ab',
      };
      const token = signClickToken(UNSUBSCRIBE_KEY, { ...claims, url: 'https://shop.example/' });
      await t.call('TrackEngagement', { ctx: ctx(), engagement: 'clicked', token });
    }
    const chosen = await eventually(
      async () => {
        const event = (await t.events()).find((e) => e.type === 'marketing.CampaignWinnerChosen');
        return event ?? false;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(chosen.data).toMatchObject({
      campaignId: 'spring-ab',
      variantId: 'b',
      metric: 'clicked',
    });
    expect(chosen.data['pValue']).toBeLessThan(0.05);

    const all = await eventually(
      async () => {
        const events = await t.events();
        return events.some((e) => e.type === 'marketing.CampaignSent') && events;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const sent = sentOf(all);
    expect(sent).toHaveLength(CUSTOMERS.length);
    const rest = sent.slice(tested.length);
    expect(rest.every((e) => e.data['variantId'] === 'b')).toBe(true);
    const evaluated = await t.call('EvaluateCampaignVariants', {
      ctx: ctx(),
      campaignId: 'spring-ab',
    });
    expect(evaluated).toMatchObject({ winnerVariantId: 'b', undecidedReason: '' });
    const rates = evaluated['variants'] as { variantId: string; rate: number }[];
    expect(rates.map((v) => [v.variantId, v.rate])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
  });
});
