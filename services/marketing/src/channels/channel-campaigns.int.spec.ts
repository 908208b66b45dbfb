// SMS, push and social campaigns over the real store and the MongoDB-wire server, through the
// channel port's FAKE sink: each channel's consent and address are checked at send time, the
// template's subject line is the text, the frequency cap counts that channel's own messages, and
// the sink records what a provider would have received.
import { eventually } from '@crm/testing';
import { CHANNEL_SINK_COLLECTION, type SinkMessageDocument } from '@crm/marketing-read-models';
import type { Connection } from 'mongoose';
import {
  consentingPerson,
  defineBavariaAndTemplates,
  sendNewCampaign,
  startMarketingTestService,
  type MarketingTestService,
} from '../../test/marketing-test-service';
import { MARKETING_MONGO } from '../marketing.tokens';

jest.setTimeout(120_000);

let t: MarketingTestService;

const person = (id: string, extra: Record<string, unknown>) => {
  const base = consentingPerson(id, `${id}@example.com`);
  return {
    ...base,
    ...extra,
    consents: { ...(base['consents'] as object), ...(extra['consents'] as object) },
  };
};
const granted = { granted: true, source: 'app', since: '2026-01-01T00:00:00.000Z' };
const phone = (number: string) => ({
  c1: { kind: 'email', email: 'x@example.com', addedAt: '2026-01-01T00:00:00Z' },
  c2: { kind: 'phone', phone: number, addedAt: '2026-01-01T00:00:00Z' },
});

/** Each customer's outcome: the channel sent on, or the skip reason. */
async function send(campaignId: string, channel: string): Promise<Record<string, unknown>> {
  await sendNewCampaign(t, campaignId, { channel });
  const outcomes = (await t.events()).filter(
    (e) =>
      (e.type === 'marketing.CampaignMessageSent' ||
        e.type === 'marketing.CampaignRecipientSkipped') &&
      e.data['campaignId'] === campaignId,
  );
  return Object.fromEntries(
    outcomes.map((e): [string, unknown] => [
      String(e.data['customerId']),
      e.data['reason'] ?? e.data['channel'] ?? 'email',
    ]),
  );
}
const sink = (campaignId: string) =>
  t.service.app
    .get<Connection>(MARKETING_MONGO)
    .db!.collection<SinkMessageDocument>(CHANNEL_SINK_COLLECTION)
    .find({ sourceId: campaignId }, { projection: { _id: 0 } })
    .sort({ customerId: 1 })
    .toArray();

beforeAll(async () => {
  t = await startMarketingTestService('mkt-channels', { CRM_MARKETING_EMAIL_FREQUENCY_CAP: '1/7' });
  await t.putCustomers([
    person('ann', { consents: { sms: granted, push: granted }, contacts: phone('+49 30 1111') }),
    person('ben', { consents: { sms: granted } }),
    person('cat', { contacts: phone('+49 30 3333') }),
    person('dan', { customFields: { socialHandle: '@dan', socialOptIn: true } }),
    person('eve', { customFields: { socialHandle: '@eve' } }),
  ]);
  await defineBavariaAndTemplates(t, [
    ['hello', 'Hello {{ customer.firstName }}, spring sale today'],
  ]);
});
afterAll(async () => {
  await t?.stop();
});

describe('SMS, push and social campaigns', () => {
  it("checks each channel's consent and address at send time and records the text in the sink", async () => {
    expect(await send('spring-sms', 'MARKETING_CHANNEL_SMS')).toEqual({
      ann: 'sms',
      ben: 'NO_ADDRESS',
      cat: 'NO_CONSENT',
      dan: 'NO_CONSENT',
      eve: 'NO_CONSENT',
    });
    expect(await sink('spring-sms')).toEqual([
      expect.objectContaining({
        channel: 'sms',
        customerId: 'ann',
        to: '+49 30 1111',
        text: 'Hello Ann, spring sale today',
      }),
    ]);
    expect(await send('spring-push', 'MARKETING_CHANNEL_PUSH')).toMatchObject({
      ann: 'push',
      ben: 'NO_CONSENT',
    });
    expect((await sink('spring-push')).map((m) => [m.customerId, m.to])).toEqual([['ann', 'ann']]);
    expect(await send('spring-social', 'MARKETING_CHANNEL_SOCIAL')).toMatchObject({
      dan: 'social',
      eve: 'NO_CONSENT',
    });
    expect((await sink('spring-social')).map((m) => [m.customerId, m.to])).toEqual([
      ['dan', '@dan'],
    ]);
  });

  it('caps each channel by its own messages: a second SMS waits, an e-mail still goes', async () => {
    await eventually(
      async () =>
        (await t.events()).some(
          (e) => e.type === 'marketing.TouchRecorded' && e.data['channel'] === 'sms',
        ),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(await send('summer-sms', 'MARKETING_CHANNEL_SMS')).toMatchObject({
      ann: 'FREQUENCY_CAP',
    });
    expect(await sink('summer-sms')).toEqual([]);
    expect(await send('summer-mail', 'MARKETING_CHANNEL_EMAIL')).toMatchObject({ ann: 'email' });
  });
});
