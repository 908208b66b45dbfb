// Campaign approval over real gRPC, PostgreSQL, the MongoDB-wire server and SMTP, with approvals
// required (CRM_MARKETING_CAMPAIGN_APPROVAL=on): an unapproved campaign is neither sent nor
// scheduled and nothing is written; a marketer may not approve; an admin may only after a test send
// to a seed list; then the campaign sends.
import { randomUUID } from 'node:crypto';
import { Role } from '@crm/access-policy';
import {
  consentingPerson,
  defineBavariaAndTemplates,
  ctx,
  startMarketingTestService,
  type MarketingTestService,
} from '../test/marketing-test-service';

jest.setTimeout(90_000);

const tag = randomUUID().slice(0, 8);
const address = (name: string) => `${name}-${tag}@example.com`;
const ADMIN = { roles: [Role.ADMIN], actor: { kind: 'user', userId: 'admin-1' } } as const;

let t: MarketingTestService;

beforeAll(async () => {
  t = await startMarketingTestService('mkt-approval', { CRM_MARKETING_CAMPAIGN_APPROVAL: 'on' });
  await t.putCustomers([consentingPerson('anna', address('anna'))]);
  await defineBavariaAndTemplates(t, [['hello', 'Hello {{ customer.firstName }}']]);
  await t.call('CreateCampaign', {
    ctx: ctx(),
    campaignId: 'launch',
    name: 'Launch',
    segmentId: 'bavaria',
    templateId: 'hello',
    locale: 'TEMPLATE_LOCALE_EN',
  });
});
afterAll(async () => {
  await t?.stop();
});

describe('campaign approval', () => {
  it('sends only an approved campaign, approved by an admin after a test send', async () => {
    const before = (await t.events()).length;
    const unapproved = await t.fail('SendCampaign', { ctx: ctx(), campaignId: 'launch' });
    expect(unapproved.detail.code).toBe('APPROVAL_REQUIRED');
    const schedule = await t.fail('ScheduleCampaign', {
      ctx: ctx(),
      campaignId: 'launch',
      sendAt: '2030-01-01T09:00:00.000Z',
    });
    expect(schedule.detail.code).toBe('APPROVAL_REQUIRED');
    const byMarketer = await t.fail('ApproveCampaign', { ctx: ctx(), campaignId: 'launch' });
    expect(byMarketer.code).toBe(7); // PERMISSION_DENIED
    const untested = await t.fail('ApproveCampaign', { ctx: ctx(), campaignId: 'launch' }, ADMIN);
    expect(untested.detail.code).toBe('TEST_SEND_REQUIRED');
    expect((await t.events()).length).toBe(before);

    await t.call('SendTestMessage', {
      ctx: ctx(),
      campaignId: 'launch',
      addresses: [address('qa')],
    });
    const approved = await t.call('ApproveCampaign', { ctx: ctx(), campaignId: 'launch' }, ADMIN);
    expect(approved.eventTypes).toEqual(['marketing.CampaignApproved']);
    const event = (await t.events()).find((e) => e.type === 'marketing.CampaignApproved');
    expect(event?.data).toMatchObject({ campaignId: 'launch', approvedBy: 'admin-1' });

    const sent = await t.call('SendCampaign', { ctx: ctx(), campaignId: 'launch' });
    expect(sent).toMatchObject({ audienceSize: 1, sentCount: 1 });
  });
});
