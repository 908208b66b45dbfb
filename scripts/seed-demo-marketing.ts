// Demo data of marketing (called by scripts/seed-demo.ts), through GraphQL as the demo marketer: a
// segment (customers interested in compilers or engines, with e-mail consent), two segments over
// open opportunities and RFM recency (a journey mails whoever enters the first), an e-mail template
// in English and Simplified Chinese, and a campaign sent to the segment (the mails land in the
// local mail server, Mailpit); a hard bounce of one of its mails reported on the inbound bounces
// topic (the address is suppressed); an A/B campaign testing two subject lines on half the
// segment; the ready-made journeys and the campaign's cost. Fixed ids and idempotency keys: a
// second run replays every command and mails nobody again.
import { MARKETING_INBOUND_BOUNCES_TOPIC } from '@crm/contracts/marketing';
import { publishInbound } from './seed-demo-inbound';
import type { MustQuery } from './seed-demo-service-desk';

const mjml = (text: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text font-size="16px">${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;

export async function seedMarketing(
  must: MustQuery,
  marketer: string,
): Promise<{ sent: number; skipped: number }> {
  const run = (mutation: string, input: Record<string, unknown>, fields = 'position') => {
    const type = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
    return must<Record<string, Record<string, unknown>>>(
      `mutation($input: ${type}!) { ${mutation}(input: $input) { ${fields} } }`,
      { input },
      marketer,
    );
  };
  const rule = JSON.stringify({
    and: [
      {
        or: [
          { field: 'tag', op: 'has', value: 'compilers' },
          { field: 'tag', op: 'has', value: 'engines' },
        ],
      },
      { field: 'consent.email', op: 'eq', value: true },
    ],
  });
  // The customers registered a moment ago reach their profile read model asynchronously.
  for (let attempt = 0; ; attempt += 1) {
    const preview = await must<{ previewSegment: { count: number } }>(
      'query($r: String!) { previewSegment(ruleJson: $r) { count } }',
      { r: rule },
      marketer,
    );
    if (preview.previewSegment.count > 0) break;
    if (attempt === 60) throw new Error('demo seed failed: the demo segment stayed empty for 30 s');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await run('defineSegment', {
    idempotencyKey: 'demo-segment-makers',
    segmentId: 'demo-makers',
    name: 'Makers with e-mail consent',
    ruleJson: rule,
  });
  await run('createTemplate', {
    idempotencyKey: 'demo-template-spring',
    templateId: 'demo-spring',
    name: 'Spring newsletter',
    versions: [
      {
        locale: 'EN',
        subject: 'Spring news for {{ customer.firstName }}',
        body: mjml(
          'Dear {{ customer.firstName }}, our spring catalogue is out: ' +
            '<a href="https://shop.example/spring">see it</a>. ' +
            '<a href="{{ unsubscribeUrl }}">Unsubscribe</a>',
        ),
      },
      {
        locale: 'ZH_CN',
        subject: '{{ customer.lastName }}，春季新品上市',
        body: mjml(
          '尊敬的{{ customer.lastName }}，我们的春季目录已发布。<a href="{{ unsubscribeUrl }}">退订</a>',
        ),
      },
    ],
    fallbacks: [{ field: 'customer.firstName', text: 'friend' }],
  });
  await run('createCampaign', {
    idempotencyKey: 'demo-campaign-spring',
    campaignId: 'demo-spring-2026',
    name: 'Spring 2026',
    segmentId: 'demo-makers',
    templateId: 'demo-spring',
    locale: 'EN',
  });
  const sent = await run(
    'sendCampaign',
    { campaignId: 'demo-spring-2026' },
    'sentCount skippedCount',
  );
  const result = sent['sendCampaign'] as { sentCount: number; skippedCount: number };
  await reportABounce();
  await seedAbCampaign(run);
  await seedJourneys(run);
  // Segments over facts of other contexts and RFM scores (ADR 0192, 0194): their membership is
  // recorded live (segmentMembers). The marketer configures the EUR cut-offs (recency 4–5 = an
  // order in the last 90 days), which the nightly quintile run then leaves alone.
  await run('setRfmCutOffs', {
    idempotencyKey: 'demo-rfm-eur',
    currency: 'EUR',
    recencyDays: [30, 90, 180, 365],
    frequency: [1, 2, 3, 5],
    monetaryMinor: [10_000, 50_000, 100_000, 500_000],
  });
  await run('defineSegment', {
    idempotencyKey: 'demo-segment-open-deals',
    segmentId: 'demo-open-deals',
    name: 'Customers with an open opportunity',
    ruleJson: JSON.stringify({ field: 'openOpportunities', op: 'gte', value: 1 }),
  });
  await run('defineSegment', {
    idempotencyKey: 'demo-segment-recent-buyers',
    segmentId: 'demo-recent-buyers',
    name: 'Recent buyers (RFM recency 4–5, EUR)',
    ruleJson: JSON.stringify({ field: 'rfm.EUR.recency', op: 'in', value: [4, 5] }),
  });
  // A journey on entering a segment: whoever gets an open opportunity receives the spring mail
  // (its funnel fills as the membership reconciliation records them entering).
  await run('publishJourney', {
    idempotencyKey: 'demo-journey-open-deals',
    journeyId: 'demo-open-deal-follow-up',
    name: 'Open deal follow-up',
    definitionJson: JSON.stringify({
      trigger: { kind: 'segmentEntered', segmentId: 'demo-open-deals' },
      steps: [{ id: 'catalogue-mail', kind: 'send', templateId: 'demo-spring', locale: 'en' }],
    }),
  });
  return { sent: result.sentCount, skipped: result.skippedCount };
}

/**
 * The four ready-made journeys (welcome, thank-you, win-back, birthday in Europe/Berlin) and the
 * spring campaign's cost, so the attribution report shows ROI as orders come in. Customers and
 * orders seeded before the journeys were published enrol nobody (a journey never reacts to its past).
 */
async function seedJourneys(
  run: (mutation: string, input: Record<string, unknown>) => Promise<unknown>,
): Promise<void> {
  for (const kind of ['WELCOME', 'THANK_YOU', 'WIN_BACK', 'BIRTHDAY'])
    await run('installReadyMadeJourney', {
      idempotencyKey: `demo-journey-${kind.toLowerCase()}`,
      kind,
      ...(kind === 'BIRTHDAY' ? { timeZone: 'Europe/Berlin' } : {}),
    });
  await run('recordMarketingCost', {
    idempotencyKey: 'demo-cost-spring',
    sourceKind: 'campaign',
    sourceId: 'demo-spring-2026',
    amount: '120.00',
    currency: 'EUR',
    note: 'Design and list rental',
  });
}

/**
 * The mail provider's report that one spring mail bounced hard, as a provider integration publishes
 * it (docs/marketing.md#bounces-and-suppression): the mail found in Mailpit by its Message-ID.
 */
async function reportABounce(): Promise<void> {
  const mailpit = process.env['CRM_MAILPIT_URL'] ?? 'http://127.0.0.1:58025';
  const search = new URL('/api/v1/search', mailpit);
  search.searchParams.set('query', 'subject:"Spring news for"');
  const { messages } = (await (await fetch(search)).json()) as {
    messages: { MessageID: string }[];
  };
  const spring = messages
    .map((m) => `<${m.MessageID.replace(/^<|>$/g, '')}>`)
    .find((id) => id.startsWith('<demo-spring-2026.'));
  if (!spring) return;
  await publishInbound(MARKETING_INBOUND_BOUNCES_TOPIC, process.env['CRM_ADMIN_TENANT'] ?? 'demo', {
    messageId: 'demo-bounce-1',
    mailMessageId: spring,
    kind: 'hard',
    detail: '550 5.1.1 user unknown',
  });
}

/**
 * An A/B campaign: two subject lines tested on half the makers segment, the winner by clicks at
 * 95 % (with at least 5 recipients per variant, a demo-sized test); `evaluateCampaignVariants`
 * shows each variant's figures until the clicks decide it.
 */
async function seedAbCampaign(
  run: (mutation: string, input: Record<string, unknown>, fields?: string) => Promise<unknown>,
): Promise<void> {
  await run('createTemplate', {
    idempotencyKey: 'demo-template-spring-bold',
    templateId: 'demo-spring-bold',
    name: 'Spring newsletter (bold subject)',
    versions: [
      {
        locale: 'EN',
        subject: '{{ customer.firstName }}, 20 % off the spring catalogue this week',
        body: mjml(
          'Dear {{ customer.firstName }}, this week only: 20 % off the spring catalogue. ' +
            '<a href="https://shop.example/spring-sale">Shop the sale</a>. ' +
            '<a href="{{ unsubscribeUrl }}">Unsubscribe</a>',
        ),
      },
    ],
    fallbacks: [{ field: 'customer.firstName', text: 'Friend' }],
  });
  await run('createCampaign', {
    idempotencyKey: 'demo-campaign-spring-ab',
    campaignId: 'demo-spring-ab',
    name: 'Spring subject line test',
    segmentId: 'demo-makers',
    templateId: 'demo-spring',
    locale: 'EN',
    variants: [
      { variantId: 'catalogue', templateId: 'demo-spring' },
      { variantId: 'discount', templateId: 'demo-spring-bold' },
    ],
    winnerMetric: 'CLICKED',
    confidence: 0.95,
    testPercent: 50,
    minimumRecipients: 5,
  });
  // Each variant's message checked first: the seed list gets "[Test catalogue]" and "[Test discount]".
  await run(
    'sendTestCampaign',
    {
      idempotencyKey: 'demo-test-spring-ab',
      campaignId: 'demo-spring-ab',
      addresses: ['qa@demo.example'],
    },
    'sentCount',
  );
  await run(
    'sendCampaign',
    { idempotencyKey: 'demo-send-spring-ab', campaignId: 'demo-spring-ab' },
    'sentCount',
  );
}

/**
 * The tenant's sending policy (docs/marketing.md#tenant-sending-caps-and-quiet-hours), set by the
 * admin: Berlin time, quiet 22:00–07:00, e-mail capped at 500 an hour and 5,000 a day, app push at
 * one an hour. Two customers allow push; the push campaign "Spring in the app" sends one of them
 * and waits for the next hour for the other (or, in the quiet hours, for 07:00 for both):
 * `marketingCampaign(campaignId: "demo-spring-push") { deferredReason deferredUntil }` shows it.
 */
export async function seedSendingPolicy(
  must: MustQuery,
  tokens: { readonly admin: string; readonly marketer: string },
  appUsers: readonly string[],
): Promise<{ sent: number; deferredReason: string | null }> {
  for (const [i, customerId] of appUsers.entries())
    await must(
      'mutation($input: ConsentInput!) { grantConsent(input: $input) { position } }',
      {
        input: {
          customerId,
          channel: 'PUSH',
          source: 'app:onboarding',
          idempotencyKey: `demo-push-consent-${i}`,
        },
      },
      tokens.admin,
    );
  await must(
    'mutation($input: SetSendingPolicyInput!) { setMarketingSendingPolicy(input: $input) { position } }',
    {
      input: {
        idempotencyKey: 'demo-sending-policy',
        timeZone: 'Europe/Berlin',
        quietFrom: '22:00',
        quietTo: '07:00',
        caps: [
          { channel: 'email', perHour: 500, perDay: 5000 },
          { channel: 'push', perHour: 1 },
        ],
      },
    },
    tokens.admin,
  );
  const rule = JSON.stringify({ field: 'consent.push', op: 'eq', value: true });
  // The consents reach the audience read model asynchronously.
  for (let attempt = 0; ; attempt += 1) {
    const preview = await must<{ previewSegment: { count: number } }>(
      'query($r: String!) { previewSegment(ruleJson: $r) { count } }',
      { r: rule },
      tokens.marketer,
    );
    if (preview.previewSegment.count >= appUsers.length) break;
    if (attempt === 60) throw new Error('demo seed failed: the app users segment stayed short');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const run = (mutation: string, input: Record<string, unknown>, fields = 'position') =>
    must<Record<string, Record<string, unknown>>>(
      `mutation($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { ${fields} } }`,
      { input },
      tokens.marketer,
    );
  await run('defineSegment', {
    idempotencyKey: 'demo-segment-app-users',
    segmentId: 'demo-app-users',
    name: 'App users with push consent',
    ruleJson: rule,
  });
  await run('createCampaign', {
    idempotencyKey: 'demo-campaign-spring-push',
    campaignId: 'demo-spring-push',
    name: 'Spring in the app',
    segmentId: 'demo-app-users',
    templateId: 'demo-spring',
    locale: 'EN',
    channel: 'PUSH',
  });
  const sent = await run(
    'sendCampaign',
    { campaignId: 'demo-spring-push' },
    'sentCount result { position }',
  );
  const { sentCount, result } = sent['sendCampaign'] as {
    sentCount: number;
    result: { position: string };
  };
  const read = await must<{ marketingCampaign: { deferredReason: string | null } | null }>(
    'query($p: String) { marketingCampaign(campaignId: "demo-spring-push", atLeastPosition: $p) { deferredReason } }',
    { p: result.position },
    tokens.marketer,
  );
  return { sent: sentCount, deferredReason: read.marketingCampaign?.deferredReason ?? null };
}
