// Bounces over the real store, the MongoDB-wire server and SMTP: a campaign mail's bounce report
// (as the inbound topic delivers it) is recorded on the campaign once; a hard bounce suppresses the
// address, so the next campaign skips that recipient with SUPPRESSED, until the customer gives
// another address; a report naming no mail we sent, or malformed, writes nothing.
import { randomUUID } from 'node:crypto';
import type { InboundMessage } from '@crm/messaging';
import {
  MARKETER,
  consentingPerson,
  defineBavariaAndTemplates,
  sendNewCampaign,
  startMarketingTestService,
  type MarketingTestService,
} from '../../test/marketing-test-service';
import { BounceIntakeWorker } from './bounce-intake';

jest.setTimeout(90_000);

const tag = randomUUID().slice(0, 8);
const address = (name: string) => `${name}-${tag}@example.com`;
let t: MarketingTestService;
let offset = 0;

const report = (fields: Record<string, unknown>): InboundMessage => ({
  text: JSON.stringify(fields),
  messageId: `esp-${offset}`,
  tenantId: MARKETER.tenantId,
  correlationId: undefined,
  topic: 'crm.marketing.inbound-bounces',
  partition: 0,
  offset: String(offset++),
});
const take = (fields: Record<string, unknown>) =>
  t.service.app.get(BounceIntakeWorker).intake.take(report(fields));

const campaign = (campaignId: string) => sendNewCampaign(t, campaignId);

beforeAll(async () => {
  t = await startMarketingTestService('mkt-bounce');
  await t.putCustomers([
    consentingPerson('anna', address('anna')),
    consentingPerson('bob', address('bob')),
  ]);
  await defineBavariaAndTemplates(t, [['hello', 'Hello']]);
});
afterAll(async () => {
  await t?.stop();
});

describe('bounces', () => {
  it('records a hard bounce once and suppresses the address for the next campaign', async () => {
    expect(await campaign('spring')).toMatchObject({ sentCount: 2 });
    const sent = (await t.events()).find(
      (e) => e.type === 'marketing.CampaignMessageSent' && e.data['customerId'] === 'anna',
    );
    const mailMessageId = sent?.data['messageId'];
    expect(mailMessageId).toBe('<spring.anna@marketing.crm>');

    const bounce = { mailMessageId, kind: 'hard', detail: '550 5.1.1 user unknown' };
    expect(await take(bounce)).toEqual({ kind: 'recorded', customerId: 'anna', suppressed: true });
    const afterFirst = await t.events();
    expect(afterFirst.filter((e) => e.type === 'marketing.CampaignMessageBounced')).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ campaignId: 'spring', customerId: 'anna', kind: 'hard' }),
      }),
    ]);
    const suppression = afterFirst.filter((e) => e.type === 'marketing.EmailAddressSuppressed');
    expect(suppression).toHaveLength(1);
    expect(JSON.stringify(suppression[0]?.data)).not.toContain(address('anna'));

    // The provider reports it again: nothing more is written.
    await take(bounce);
    expect(await t.events()).toHaveLength(afterFirst.length);

    const autumn = await campaign('autumn');
    expect(autumn).toMatchObject({ sentCount: 1, skippedCount: 1 });
    const skipped = (await t.events()).find(
      (e) => e.type === 'marketing.CampaignRecipientSkipped' && e.data['campaignId'] === 'autumn',
    );
    expect(skipped?.data).toMatchObject({ customerId: 'anna', reason: 'SUPPRESSED' });

    // A new address is the customer's own to be mailed at again.
    await t.updateCustomer('anna', { 'contacts.c1.email': address('anna.new') });
    expect(await campaign('winter')).toMatchObject({ sentCount: 2, skippedCount: 0 });
  });

  it('records a soft bounce on its campaign without suppressing', async () => {
    const before = (await t.events()).length;
    expect(
      await take({ mailMessageId: '<spring.bob@marketing.crm>', kind: 'soft', detail: '452 full' }),
    ).toEqual({ kind: 'recorded', customerId: 'bob', suppressed: false });
    // The attribution reactor may still be recording the touches of the mails sent above.
    const added = (await t.events())
      .slice(before)
      .filter((e) => e.type !== 'marketing.TouchRecorded');
    expect(added.map((e) => e.type)).toEqual(['marketing.CampaignMessageBounced']);
  });

  it('writes nothing for a report naming no mail we sent, or a malformed one', async () => {
    const before = (await t.events()).length;
    const refused = await Promise.all([
      take({ mailMessageId: '<spring.carol@marketing.crm>', kind: 'hard' }),
      take({ mailMessageId: '<nosuch.anna@marketing.crm>', kind: 'hard' }),
      take({ mailMessageId: '<autumn.anna@marketing.crm>', kind: 'hard' }),
      take({ mailMessageId: '<spring.anna@example.org>', kind: 'hard' }),
      take({ mailMessageId: '<spring.anna@marketing.crm>', kind: 'bounced' }),
    ]);
    expect(refused.map((r) => r.kind)).toEqual(Array(5).fill('ignored'));
    expect(await t.events()).toHaveLength(before);
  });
});
