// The customer's own frequency cap (custom field `marketingFrequencyCap`, "N/D"), over real gRPC,
// the store, the MongoDB-wire server and Mailpit: a customer who asked for at most one marketing
// e-mail a week gets the first campaign and is skipped (FREQUENCY_CAP, saying whose cap) by the
// second; a customer without one gets both; a cap that does not parse is no cap.
import { eventually } from '@crm/testing';
import {
  consentingPerson,
  defineBavariaAndTemplates,
  sendNewCampaign,
  startMarketingTestService,
  type MarketingTestService,
} from '../../test/marketing-test-service';

jest.setTimeout(120_000);

let t: MarketingTestService;
const withCap = (id: string, cap: string) => ({
  ...consentingPerson(id, `${id}@cap.example`),
  customFields: { marketingFrequencyCap: cap },
});

beforeAll(async () => {
  t = await startMarketingTestService('mkt-own-cap');
  await t.putCustomers([
    withCap('hana', '1/7'),
    consentingPerson('ivo', 'ivo@cap.example'),
    withCap('jan', 'often'),
  ]);
  await defineBavariaAndTemplates(t, [['hello', 'Hello']]);
});
afterAll(async () => {
  await t?.stop();
});

const outcome = async (campaignId: string, customerId: string) => {
  const event = (await t.events()).find(
    (e) => e.data.campaignId === campaignId && e.data.customerId === customerId,
  );
  return event?.type === 'marketing.CampaignRecipientSkipped'
    ? `skipped ${String(event.data.reason)}: ${String(event.data.detail)}`
    : event?.type;
};

it('skips a customer whose own cap is reached, and nobody else', async () => {
  await sendNewCampaign(t, 'week-1');
  for (const id of ['hana', 'ivo', 'jan'])
    expect(await outcome('week-1', id)).toBe('marketing.CampaignMessageSent');
  // The cap counts recorded touches (the attribution reactor records each mail sent).
  await eventually(async () => {
    const touches = (await t.events()).filter((e) => e.type === 'marketing.TouchRecorded');
    expect(touches).toHaveLength(3);
  });
  await sendNewCampaign(t, 'week-1-again');
  expect(await outcome('week-1-again', 'hana')).toBe(
    'skipped FREQUENCY_CAP: already 1 marketing e-mails in 7 days (the customer’s own cap)',
  );
  expect(await outcome('week-1-again', 'ivo')).toBe('marketing.CampaignMessageSent');
  expect(await outcome('week-1-again', 'jan')).toBe('marketing.CampaignMessageSent');
});
