// A recipient the mail server refuses at hand-off (SMTP 550, known synchronously) is a hard bounce
// at once: skipped as REFUSED, the address suppressed, and the next campaign skips it (SUPPRESSED)
// without trying again; the other recipients are mailed. The relay that refuses is a FAKE of a
// provider's (test/refusing-smtp-relay.fake.ts); store, read models and the service are real.
import {
  consentingPerson,
  defineBavariaAndTemplates,
  sendNewCampaign,
  startMarketingTestService,
  type MarketingTestService,
} from '../../test/marketing-test-service';
import {
  startRefusingSmtpRelayFake,
  type RefusingSmtpRelayFake,
} from '../../test/refusing-smtp-relay.fake';

jest.setTimeout(120_000);

let relay: RefusingSmtpRelayFake;
let t: MarketingTestService;

beforeAll(async () => {
  relay = await startRefusingSmtpRelayFake((to) => to.endsWith('@gone.example'));
  t = await startMarketingTestService('mkt-refused', { CRM_SMTP_URL: relay.url });
  await t.putCustomers([
    consentingPerson('anna', 'anna@live.example'),
    consentingPerson('otto', 'otto@gone.example'),
  ]);
  await defineBavariaAndTemplates(t, [['hello', 'Hello']]);
});
afterAll(async () => {
  await t?.stop();
  await relay?.close();
});

const outcomes = async (campaignId: string) =>
  (await t.events())
    .filter(
      (e) =>
        e.data.campaignId === campaignId &&
        ['marketing.CampaignMessageSent', 'marketing.CampaignRecipientSkipped'].includes(e.type),
    )
    .map((e): unknown[] => [e.data.customerId, e.type, e.data.reason ?? null])
    .sort();

it('records a 5xx refusal at hand-off as a hard bounce, and never tries the address again', async () => {
  const first = await sendNewCampaign(t, 'first');
  expect(first).toMatchObject({ sentCount: 1, skippedCount: 1 });
  expect(await outcomes('first')).toEqual([
    ['anna', 'marketing.CampaignMessageSent', null],
    ['otto', 'marketing.CampaignRecipientSkipped', 'REFUSED'],
  ]);
  const suppressed = (await t.events()).filter(
    (e) => e.type === 'marketing.EmailAddressSuppressed',
  );
  expect(suppressed.map((e): unknown[] => [e.data.customerId, e.data.messageId])).toEqual([
    ['otto', '<first.otto@marketing.crm>'],
  ]);

  await sendNewCampaign(t, 'second');
  expect(await outcomes('second')).toEqual([
    ['anna', 'marketing.CampaignMessageSent', null],
    ['otto', 'marketing.CampaignRecipientSkipped', 'SUPPRESSED'],
  ]);
  expect(relay.accepted).toEqual(['anna@live.example', 'anna@live.example']);
});
