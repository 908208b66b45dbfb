// Marketing on the running platform, through GraphQL and the real mail server: customers registered
// with a region and (some) e-mail consent; a marketer previews a rule's count, defines the segment,
// creates a template and a campaign and sends it; the personalised mails arrive in Mailpit for the
// consenting customers only; the campaign's counts and "why is this customer in the segment" read
// back; the tracking pixel and click redirect of a mail record an open and a click (a forged one is
// refused); a draft is test-sent to a seed list and approved by an admin; the unsubscribe link in a
// mail works (a forged one does not) and the next campaign skips
// that customer; the mail provider reports a hard bounce on the inbound bounces topic, the campaign
// counts it and the next campaign skips the bounced address (SUPPRESSED). An admin sets the tenant's
// sending policy: a campaign due in its quiet hours waits, one beyond its hourly cap sends what the
// cap allows and waits for the rest, both shown on the campaign. A refund is netted from the
// attributed revenue; a marketer configures RFM cut-offs; an A/B test send mails every variant.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { eventually, testInfrastructure, type TestInfrastructure } from '@crm/testing';
import { GatewayGraphQLClient } from './support/graphql-client';
import { admin, gatewayUrl, loginToRunningPlatform } from './support/running-platform';

jest.setTimeout(300_000);
const SETTLE = { timeoutMs: 120_000, intervalMs: 250 };
const run = randomUUID().slice(0, 8);
const region = `DE-BY-${run}`;
const address = (name: string) => `${name}.${run}@marketing.example`;
const mjml = (text: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;

let infra: TestInfrastructure;
let adminClient: GatewayGraphQLClient;
let marketer: GatewayGraphQLClient;
/** The global position of the last customer change made (read your own writes in the audience). */
let lastPosition = '0';

interface Summary {
  readonly ID: string;
  readonly MessageID: string;
  readonly Subject: string;
}
async function mailsTo(recipient: string): Promise<Summary[]> {
  const url = new URL('/api/v1/search', infra.mailpitUrl);
  url.searchParams.set('query', `to:${recipient}`);
  return ((await (await fetch(url)).json()) as { messages: Summary[] }).messages;
}
async function htmlOf(id: string): Promise<string> {
  return (
    (await (await fetch(new URL(`/api/v1/message/${id}`, infra.mailpitUrl))).json()) as {
      HTML: string;
    }
  ).HTML;
}

/** A customer in the run's region, with or without e-mail consent; returns id and last position. */
async function customer(firstName: string, consent: boolean, inRegion = region) {
  const registered = await adminClient.data<{
    registerCustomer: { customerId: string; result: { position: string } };
  }>(
    `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId result { position } } }`,
    {
      input: {
        person: { firstName, lastName: `Test${run}` },
        contacts: [{ email: address(firstName.toLowerCase()), primary: true }],
        initialStatus: 'ACTIVE',
      },
    },
  );
  const customerId = registered.registerCustomer.customerId;
  let position = (
    await adminClient.data<{ setCustomerDemographics: { position: string } }>(
      `mutation($input: SetDemographicsInput!) { setCustomerDemographics(input: $input) { position } }`,
      { input: { customerId, region: inRegion } },
    )
  ).setCustomerDemographics.position;
  if (consent)
    position = (
      await adminClient.data<{ grantConsent: { position: string } }>(
        `mutation($input: ConsentInput!) { grantConsent(input: $input) { position } }`,
        { input: { customerId, channel: 'EMAIL', source: 'web-form:newsletter' } },
      )
    ).grantConsent.position;
  lastPosition = position;
  await adminClient.data(
    `query($id: ID!, $p: String) { customer(id: $id, atLeastPosition: $p) { id } }`,
    {
      id: customerId,
      p: position,
    },
  );
  return customerId;
}

beforeAll(async () => {
  infra = await testInfrastructure({ require: ['mailpit', 'kafka'] });
  adminClient = await loginToRunningPlatform();
  const email = `marketer.${run}@marketing.example`;
  const password = `correct-horse-${run}`;
  await adminClient.data(
    `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
    {
      input: { email, displayName: 'Marketer', password, roles: ['MARKETER'] },
    },
  );
  marketer = await new GatewayGraphQLClient({ baseUrl: gatewayUrl }).login(
    admin.tenant,
    email,
    password,
  );
}, 60_000);

describe('marketing end to end', () => {
  it('sends a segment campaign over SMTP to consenting customers, and the unsubscribe link works', async () => {
    const anna = await customer('Anna', true);
    await customer('Bob', false);
    const chen = await customer('Chen', true);

    const inRegion = JSON.stringify({ field: 'region', op: 'in', value: [region] });
    const preview = await marketer.data<{ previewSegment: { count: number } }>(
      `query($r: String!, $p: String) { previewSegment(ruleJson: $r, atLeastPosition: $p) { count } }`,
      { r: inRegion, p: lastPosition },
    );
    expect(preview.previewSegment.count).toBe(3);
    const bad = await marketer.request(
      `query($r: String!) { previewSegment(ruleJson: $r) { count } }`,
      {
        r: JSON.stringify({ field: 'email', op: 'eq', value: { $ne: null } }),
      },
    );
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');

    const segmentId = `bavaria-${run}`;
    await marketer.data(
      `mutation($input: DefineSegmentInput!) { defineSegment(input: $input) { position } }`,
      {
        input: { segmentId, name: `Region ${run}`, ruleJson: inRegion },
      },
    );
    await marketer.data(
      `mutation($input: CreateTemplateInput!) { createTemplate(input: $input) { position } }`,
      {
        input: {
          templateId: `spring-${run}`,
          name: 'Spring',
          versions: [
            {
              locale: 'EN',
              subject: 'Spring news for {{ customer.firstName }}',
              body: mjml(
                `Dear {{ customer.firstName }}, spring is here. <a href="https://shop.example/spring-${run}">Shop</a> <a href="{{ unsubscribeUrl }}">Unsubscribe</a>`,
              ),
            },
            {
              locale: 'ZH_CN',
              subject: '{{ customer.lastName }}，您好',
              body: mjml('春天来了。<a href="{{ unsubscribeUrl }}">退订</a>'),
            },
          ],
          fallbacks: [{ field: 'customer.firstName', text: 'friend' }],
        },
      },
    );
    const campaign = async (campaignId: string) => {
      await marketer.data(
        `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { position } }`,
        {
          input: {
            campaignId,
            name: `Spring ${run}`,
            segmentId,
            templateId: `spring-${run}`,
            locale: 'EN',
          },
        },
      );
      return (
        await marketer.data<{
          sendCampaign: {
            audienceSize: number;
            sentCount: number;
            skippedCount: number;
            result: { position: string };
          };
        }>(
          `mutation($input: SendCampaignInput!) { sendCampaign(input: $input) { audienceSize sentCount skippedCount result { position } } }`,
          { input: { campaignId } },
        )
      ).sendCampaign;
    };

    const sent = await campaign(`spring-${run}-1`);
    expect(sent).toMatchObject({ audienceSize: 3, sentCount: 2, skippedCount: 1 });
    const toAnna = await eventually(async () => {
      const mails = await mailsTo(address('anna'));
      expect(mails).toHaveLength(1);
      return mails[0]!;
    }, SETTLE);
    expect(toAnna.Subject).toBe('Spring news for Anna');
    await eventually(async () => expect(await mailsTo(address('chen'))).toHaveLength(1), SETTLE);
    expect(await mailsTo(address('bob'))).toEqual([]);

    const read = await marketer.data<{ marketingCampaign: Record<string, unknown> }>(
      `query($id: ID!, $p: String) { marketingCampaign(campaignId: $id, atLeastPosition: $p) {
        status audienceSize sentCount skippedCount skipped { reason count } } }`,
      { id: `spring-${run}-1`, p: sent.result.position },
    );
    expect(read.marketingCampaign).toEqual({
      status: 'sent',
      audienceSize: 3,
      sentCount: 2,
      skippedCount: 1,
      skipped: [{ reason: 'NO_CONSENT', count: 1 }],
    });
    const why = await marketer.data<{
      segmentMembership: { matches: boolean; matchedTerms: string[] };
    }>(
      `query($s: ID!, $c: ID!) { segmentMembership(segmentId: $s, customerId: $c) { matches matchedTerms } }`,
      { s: segmentId, c: anna },
    );
    expect(why.segmentMembership).toEqual({
      matches: true,
      matchedTerms: [`region in [${region}]`],
    });

    // Live membership: the reconciliation records the three as entered; before the segment existed
    // it had nobody.
    const members = `query($s: ID!, $asOf: String) { segmentMembers(segmentId: $s, asOf: $asOf) { count customerIds } }`;
    await eventually(async () => {
      const now = await marketer.data<{ segmentMembers: { count: number } }>(members, {
        s: segmentId,
      });
      expect(now.segmentMembers.count).toBe(3);
    }, SETTLE);
    const before = await marketer.data<{ segmentMembers: { count: number } }>(members, {
      s: segmentId,
      asOf: '2020-01-01T00:00:00Z',
    });
    expect(before.segmentMembers.count).toBe(0);

    // The customer 360 shows the segment and the campaign mail.
    await eventually(async () => {
      const card = await marketer.data<{ customer: { marketing: unknown } }>(
        `query($id: ID!) { customer(id: $id) { marketing {
          segments { segmentId name } recentTouches { sourceKind sourceId channel } } } }`,
        { id: anna },
      );
      expect(card.customer.marketing).toEqual({
        segments: [{ segmentId, name: `Region ${run}` }],
        recentTouches: [{ sourceKind: 'campaign', sourceId: `spring-${run}-1`, channel: 'email' }],
      });
    }, SETTLE);

    // The mail's link goes through the click redirect, and its pixel records the open, once each.
    const chenHtml = await htmlOf((await mailsTo(address('chen')))[0]!.ID);
    expect(chenHtml).not.toContain(`shop.example/spring-${run}`);
    const tracked = (path: string) => {
      const found = new RegExp(`"([^"]*/marketing/track/${path}\\?token=[^"]+)"`).exec(
        chenHtml,
      )?.[1];
      expect(found).toBeDefined();
      const at = new URL(found!.replace(/&amp;/g, '&'));
      return new URL(at.pathname + at.search, gatewayUrl);
    };
    const pixel = await fetch(tracked('open'));
    expect([pixel.status, pixel.headers.get('content-type')]).toEqual([200, 'image/gif']);
    const click = await fetch(tracked('click'), { redirect: 'manual' });
    expect([click.status, click.headers.get('location')]).toEqual([
      302,
      `https://shop.example/spring-${run}`,
    ]);
    await fetch(tracked('open'));
    const forgedClick = new URL(tracked('click'));
    forgedClick.searchParams.set('token', `${forgedClick.searchParams.get('token')!}x`);
    expect((await fetch(forgedClick, { redirect: 'manual' })).status).toBe(400);
    await eventually(async () => {
      const counts = await marketer.data<{
        marketingCampaign: { openedCount: number; clickedCount: number };
      }>(`query($id: ID!) { marketingCampaign(campaignId: $id) { openedCount clickedCount } }`, {
        id: `spring-${run}-1`,
      });
      expect(counts.marketingCampaign).toEqual({ openedCount: 1, clickedCount: 1 });
    }, SETTLE);

    const link = /href="([^"]*\/marketing\/unsubscribe\?token=[^"]+)"/.exec(
      await htmlOf(toAnna.ID),
    )?.[1];
    expect(link).toBeDefined();
    const url = new URL(link!.replace(/&amp;/g, '&'));
    const forged = new URL(url);
    forged.searchParams.set('token', `${url.searchParams.get('token')!.split('.')[0]}.forged`);
    expect((await fetch(new URL(forged.pathname + forged.search, gatewayUrl))).status).toBe(400);
    const unsubscribed = await fetch(new URL(url.pathname + url.search, gatewayUrl));
    expect(unsubscribed.status).toBe(200);
    expect(await unsubscribed.text()).toContain('Unsubscribed');

    // A test send to a seed list before launch, then an admin's approval.
    const draftId = `spring-${run}-draft`;
    await marketer.data(
      `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { position } }`,
      {
        input: {
          campaignId: draftId,
          name: `Draft ${run}`,
          segmentId,
          templateId: `spring-${run}`,
          locale: 'EN',
        },
      },
    );
    const notYet = await adminClient.request(
      `mutation($input: SendCampaignInput!) { approveCampaign(input: $input) { position } }`,
      { input: { campaignId: draftId } },
    );
    expect(notYet.errors?.[0]?.message).toMatch(/test send/);
    const tested = await marketer.data<{ sendTestCampaign: { sentCount: number } }>(
      `mutation($input: SendTestCampaignInput!) { sendTestCampaign(input: $input) { sentCount } }`,
      { input: { campaignId: draftId, addresses: [address('qa')], sampleCustomerId: anna } },
    );
    expect(tested.sendTestCampaign.sentCount).toBe(1);
    const [testMail] = await eventually(async () => {
      const mails = await mailsTo(address('qa'));
      return mails.length > 0 && mails;
    }, SETTLE);
    expect(testMail!.Subject).toBe('[Test] Spring news for Anna');
    const approved = await adminClient.data<{ approveCampaign: { position: string } }>(
      `mutation($input: SendCampaignInput!) { approveCampaign(input: $input) { position } }`,
      { input: { campaignId: draftId } },
    );
    const draft = await marketer.data<{
      marketingCampaign: { status: string; testSendCount: number; approvedAt: string | null };
    }>(
      `query($id: ID!, $p: String) { marketingCampaign(campaignId: $id, atLeastPosition: $p) {
        status testSendCount approvedAt } }`,
      { id: draftId, p: approved.approveCampaign.position },
    );
    expect(draft.marketingCampaign).toMatchObject({ status: 'draft', testSendCount: 1 });
    expect(draft.marketingCampaign.approvedAt).not.toBeNull();

    const second = await campaign(`spring-${run}-2`);
    expect(second).toMatchObject({ audienceSize: 3, sentCount: 1, skippedCount: 2 });
    await eventually(async () => expect(await mailsTo(address('chen'))).toHaveLength(2), SETTLE);
    expect(await mailsTo(address('anna'))).toHaveLength(1);

    // The mail provider reports that Chen's first mail bounced hard, on the documented topic, by
    // the Message-ID the mail carried; the campaign counts it and the address is suppressed.
    const mailMessageId = `<spring-${run}-1.${chen}@marketing.crm>`;
    const chenMessageIds = (await mailsTo(address('chen'))).map(
      (m) => `<${m.MessageID.replace(/^<|>$/g, '')}>`,
    );
    expect(chenMessageIds).toContain(mailMessageId);
    const kafka = new Kafka({
      clientId: `e2e-mkt-${run}`,
      brokers: infra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    const namespace = process.env['CRM_TOPIC_NAMESPACE'] ?? '';
    const bounce = JSON.stringify({
      messageId: `esp-${run}`,
      tenantId: admin.tenant,
      mailMessageId,
      kind: 'hard',
      detail: '550 5.1.1 user unknown',
    });
    await producer.send({
      topic: `${namespace}crm.marketing.inbound-bounces`,
      messages: [
        { key: `esp-${run}`, value: bounce },
        { key: `esp-${run}`, value: bounce },
      ],
    });
    await producer.disconnect();
    await eventually(async () => {
      const counts = await marketer.data<{
        marketingCampaign: { bouncedCount: number; hardBouncedCount: number };
      }>(
        `query($id: ID!) { marketingCampaign(campaignId: $id) { bouncedCount hardBouncedCount } }`,
        {
          id: `spring-${run}-1`,
        },
      );
      expect(counts.marketingCampaign).toEqual({ bouncedCount: 1, hardBouncedCount: 1 });
    }, SETTLE);
    const third = await campaign(`spring-${run}-3`);
    expect(third).toMatchObject({ audienceSize: 3, sentCount: 0, skippedCount: 3 });
    // The read model may lag the send under load beyond the bounded read-your-writes wait.
    await eventually(async () => {
      const skipped = await marketer.data<{
        marketingCampaign: { skipped: { reason: string; count: number }[] };
      }>(`query($id: ID!) { marketingCampaign(campaignId: $id) { skipped { reason count } } }`, {
        id: `spring-${run}-3`,
      });
      expect(skipped.marketingCampaign.skipped).toContainEqual({ reason: 'SUPPRESSED', count: 1 });
    }, SETTLE);
    expect(await mailsTo(address('chen'))).toHaveLength(2);
  });
});

describe('journeys and attribution end to end', () => {
  it('the welcome journey mails a new customer, and the order that follows is attributed with ROI', async () => {
    await marketer.data(
      `mutation($input: InstallReadyMadeJourneyInput!) { installReadyMadeJourney(input: $input) { position } }`,
      { input: { kind: 'WELCOME' } },
    );
    const wendy = await customer('Wendy', true);
    // The welcome journey waits a minute for the new profile to settle, then sends.
    const [welcome] = await eventually(async () => {
      const mails = await mailsTo(address('wendy'));
      return mails.length > 0 && mails;
    }, SETTLE);
    expect(welcome!.Subject).toBe('Welcome, Wendy');
    // The journey's funnel: Wendy entered, waited, was mailed and completed (customers registered
    // before the journey was installed never entered: a journey does not react to its past).
    await eventually(async () => {
      const funnel = await marketer.data<{ journeyFunnel: unknown[] }>(
        `query { journeyFunnel(journeyId: "welcome", stepOrder: ["settle", "welcome-mail"]) {
          version entered completed converted active steps { stepId passed sent skipped } } }`,
      );
      expect(funnel.journeyFunnel).toEqual([
        {
          version: 1,
          entered: 1,
          completed: 1,
          converted: 0,
          active: 0,
          steps: [
            { stepId: 'settle', passed: 1, sent: 0, skipped: 0 },
            { stepId: 'welcome-mail', passed: 1, sent: 1, skipped: 0 },
          ],
        },
      ]);
    }, SETTLE);

    const placed = await adminClient.data<{ placeOrder: { createdId: string } }>(
      `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { createdId position } }`,
      {
        input: {
          customerId: wendy,
          channel: 'ONLINE_STORE',
          currency: 'EUR',
          lines: [{ sku: 'SKU-1', category: 'shoes', quantity: 2, unitPrice: '60.00' }],
        },
      },
    );
    await marketer.data(
      `mutation($input: RecordMarketingCostInput!) { recordMarketingCost(input: $input) { position } }`,
      {
        input: {
          sourceKind: 'journey',
          sourceId: 'welcome',
          amount: '30.00',
          currency: 'EUR',
          idempotencyKey: `cost-${run}`,
        },
      },
    );
    type Row = { sourceKind: string; sourceId: string; revenue: string; cost: string; roi: number };
    const welcomeRow = async (model: string) => {
      const report = await marketer.data<{ attributionReport: { bySource: Row[] } }>(
        `query($m: AttributionModel) { attributionReport(model: $m, windowDays: 30) { bySource { sourceKind sourceId revenue cost roi } } }`,
        { m: model },
      );
      return report.attributionReport.bySource.find(
        (r) => r.sourceKind === 'journey' && r.sourceId === 'welcome',
      );
    };
    // The report reads its read model (ADR 0451): the order and the cost show when projected.
    const row = await eventually(async () => {
      const found = await welcomeRow('LAST_TOUCH');
      return found?.revenue === '120.00' && found.cost === '30.00' && found;
    }, SETTLE);
    expect(row).toEqual({
      sourceKind: 'journey',
      sourceId: 'welcome',
      revenue: '120.00',
      cost: '30.00',
      roi: 3,
    });
    // The same facts under another model: re-attributed, nothing rewritten.
    expect((await welcomeRow('LINEAR'))?.revenue).toBe('120.00');

    // A refund of 20.00 is netted from the attributed revenue: ROI (100 − 30) / 30.
    await adminClient.data(
      `mutation($input: RefundOrderInput!) { refundOrder(input: $input) { eventTypes } }`,
      { input: { orderId: placed.placeOrder.createdId, amount: '20.00', reason: 'one pair back' } },
    );
    const refunded = await eventually(async () => {
      const found = await welcomeRow('LAST_TOUCH');
      return found?.revenue === '100.00' && found;
    }, SETTLE);
    expect(refunded.roi).toBeCloseTo(70 / 30, 4);
  });
});

describe('RFM cut-offs and A/B test sends end to end', () => {
  const SET_RFM = `mutation($input: SetRfmCutOffsInput!) { setRfmCutOffs(input: $input) { position } }`;
  it("a marketer configures a currency's RFM cut-offs, every role reads them, bad ones are refused", async () => {
    const cutOffs = {
      currency: 'CHF',
      recencyDays: [7, 30, 90, 180],
      frequency: [1, 2, 4, 8],
      monetaryMinor: [5_000, 20_000, 50_000, 100_000],
    };
    await marketer.data(SET_RFM, { input: cutOffs });
    const models = await eventually(async () => {
      const read = await adminClient.data<{ marketingRfmModels: Record<string, unknown>[] }>(
        `query { marketingRfmModels { currency source recencyDays frequency monetaryMinor } }`,
      );
      return read.marketingRfmModels.find((m) => m['currency'] === 'CHF') ?? false;
    }, SETTLE);
    expect(models).toEqual({ ...cutOffs, source: 'configured' });
    const bad = await marketer.request(SET_RFM, {
      input: { ...cutOffs, frequency: [3, 2, 1, 0] },
    });
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('a marketer pauses and resumes a journey, shown on the journey', async () => {
    const journeyId = `pausable-${run}`;
    await marketer.data(
      `mutation($input: PublishJourneyInput!) { publishJourney(input: $input) { position } }`,
      {
        input: {
          journeyId,
          name: 'Pausable',
          definitionJson: JSON.stringify({
            trigger: { kind: 'event', eventType: 'loyalty.ChurnRiskEased' },
            steps: [{ id: 'wait', kind: 'wait', minutes: 60 }],
          }),
        },
      },
    );
    const pausedAt = async () =>
      (
        await marketer.data<{
          marketingJourneys: { journeyId: string; pausedAt: string | null }[];
        }>(`query { marketingJourneys { journeyId pausedAt } }`)
      ).marketingJourneys.find((j) => j.journeyId === journeyId)?.pausedAt;
    await marketer.data(
      `mutation($input: JourneyRefInput!) { pauseJourney(input: $input) { eventTypes } }`,
      { input: { journeyId } },
    );
    expect(await pausedAt()).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    await marketer.data(
      `mutation($input: JourneyRefInput!) { resumeJourney(input: $input) { eventTypes } }`,
      { input: { journeyId } },
    );
    expect(await pausedAt()).toBeNull();
    const unknown = await marketer.request(
      `mutation($input: JourneyRefInput!) { pauseJourney(input: $input) { eventTypes } }`,
      { input: { journeyId: `nope-${run}` } },
    );
    expect(unknown.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it("an A/B campaign's test send mails each variant's subject line to the seed list", async () => {
    const segmentId = `ab-test-${run}`;
    await marketer.data(
      `mutation($input: DefineSegmentInput!) { defineSegment(input: $input) { position } }`,
      {
        input: {
          segmentId,
          name: `AB ${run}`,
          ruleJson: JSON.stringify({ field: 'region', op: 'in', value: [region] }),
        },
      },
    );
    for (const [templateId, subject] of [
      [`ab-plain-${run}`, 'Spring news'],
      [`ab-bold-${run}`, 'SPRING SALE'],
    ] as const)
      await marketer.data(
        `mutation($input: CreateTemplateInput!) { createTemplate(input: $input) { position } }`,
        {
          input: {
            templateId,
            name: subject,
            versions: [
              {
                locale: 'EN',
                subject,
                body: mjml('<a href="{{ unsubscribeUrl }}">Unsubscribe</a>'),
              },
            ],
          },
        },
      );
    const campaignId = `ab-test-${run}`;
    await marketer.data(
      `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { position } }`,
      {
        input: {
          campaignId,
          name: campaignId,
          segmentId,
          templateId: `ab-plain-${run}`,
          locale: 'EN',
          variants: [
            { variantId: 'a', templateId: `ab-plain-${run}` },
            { variantId: 'b', templateId: `ab-bold-${run}` },
          ],
          winnerMetric: 'CLICKED',
        },
      },
    );
    const seed = address('ab-qa');
    const sent = await marketer.data<{ sendTestCampaign: { sentCount: number } }>(
      `mutation($input: SendTestCampaignInput!) { sendTestCampaign(input: $input) { sentCount } }`,
      { input: { campaignId, addresses: [seed] } },
    );
    expect(sent.sendTestCampaign.sentCount).toBe(2);
    await eventually(async () => {
      const subjects = (await mailsTo(seed)).map((m) => m.Subject).sort();
      expect(subjects).toEqual(['[Test a] Spring news', '[Test b] SPRING SALE']);
    }, SETTLE);
  });
});

describe("the tenant's sending policy end to end", () => {
  const SET_POLICY = `mutation($input: SetSendingPolicyInput!) { setMarketingSendingPolicy(input: $input) { position } }`;
  const hhmm = (date: Date) => date.toISOString().slice(11, 16);
  afterAll(async () => {
    // The policy is the tenant's: later specs send without one.
    await adminClient.data(SET_POLICY, { input: { timeZone: 'UTC', caps: [] } });
  });

  it('defers a campaign in quiet hours and one beyond the hourly cap, shown on the campaign', async () => {
    const berlin = `DE-BE-${run}`;
    await customer('Petra', true, berlin);
    await customer('Quentin', true, berlin);
    const segmentId = `policy-${run}`;
    await marketer.data(
      `mutation($input: DefineSegmentInput!) { defineSegment(input: $input) { position } }`,
      {
        input: {
          segmentId,
          name: `Policy ${run}`,
          ruleJson: JSON.stringify({ field: 'region', op: 'in', value: [berlin] }),
        },
      },
    );
    await marketer.data(
      `mutation($input: CreateTemplateInput!) { createTemplate(input: $input) { position } }`,
      {
        input: {
          templateId: `policy-${run}`,
          name: 'Policy',
          versions: [
            {
              locale: 'EN',
              subject: 'Flash sale for {{ customer.firstName }}',
              body: mjml('Today only. <a href="{{ unsubscribeUrl }}">Unsubscribe</a>'),
            },
          ],
        },
      },
    );
    const send = async (campaignId: string) => {
      await marketer.data(
        `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { position } }`,
        {
          input: {
            campaignId,
            name: campaignId,
            segmentId,
            templateId: `policy-${run}`,
            locale: 'EN',
          },
        },
      );
      const { sendCampaign } = await marketer.data<{
        sendCampaign: { sentCount: number; result: { position: string } };
      }>(
        `mutation($input: SendCampaignInput!) { sendCampaign(input: $input) { sentCount result { position } } }`,
        { input: { campaignId } },
      );
      const { marketingCampaign } = await marketer.data<{
        marketingCampaign: Record<string, unknown>;
      }>(
        `query($id: ID!, $p: String) { marketingCampaign(campaignId: $id, atLeastPosition: $p) {
          status sentCount deferralCount deferredReason deferredUntil } }`,
        { id: campaignId, p: sendCampaign.result.position },
      );
      return marketingCampaign;
    };

    // Marketers may not set it; a bad policy is refused at its field.
    const denied = await marketer.request(SET_POLICY, { input: { timeZone: 'UTC' } });
    expect(denied.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const bad = await adminClient.request(SET_POLICY, {
      input: { timeZone: 'Europe/Atlantis', caps: [{ channel: 'email', perHour: -1 }] },
    });
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');

    // Quiet hours around now (UTC): the campaign waits until they end.
    const now = Date.now();
    const quietTo = hhmm(new Date(now + 60 * 60_000));
    await adminClient.data(SET_POLICY, {
      input: { timeZone: 'UTC', quietFrom: hhmm(new Date(now - 60 * 60_000)), quietTo },
    });
    const policy = await marketer.data<{ marketingSendingPolicy: Record<string, unknown> }>(
      `query { marketingSendingPolicy { configured timeZone quietTo caps { channel } } }`,
    );
    expect(policy.marketingSendingPolicy).toEqual({
      configured: true,
      timeZone: 'UTC',
      quietTo,
      caps: [],
    });
    const quiet = await send(`policy-${run}-quiet`);
    expect(quiet).toMatchObject({
      status: 'sending',
      sentCount: 0,
      deferralCount: 1,
      deferredReason: 'QUIET_HOURS',
    });
    expect(String(quiet['deferredUntil']).slice(11, 16)).toBe(quietTo);

    // No quiet hours, one e-mail an hour: one goes (at most: the tenant's other sends count too),
    // the other waits for the next hour; nobody is dropped.
    await adminClient.data(SET_POLICY, {
      input: { timeZone: 'UTC', caps: [{ channel: 'email', perHour: 1 }] },
    });
    const capped = await send(`policy-${run}-capped`);
    expect(capped).toMatchObject({ status: 'sending', deferredReason: 'HOURLY_CAP' });
    expect(capped['sentCount']).toBeLessThanOrEqual(1);
    const nextHour = new Date(Math.floor(Date.now() / 3_600_000 + 1) * 3_600_000).toISOString();
    expect(capped['deferredUntil']).toBe(nextHour);
    const mailed = [...(await mailsTo(address('petra'))), ...(await mailsTo(address('quentin')))];
    expect(mailed.length).toBe(capped['sentCount']);
  });
});
