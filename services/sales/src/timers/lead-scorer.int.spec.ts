// The lead scorer on the running service: a captured lead is scored by `sales.lead-scorer`
// without anyone asking, and scored again when it engages, once per event.
import { eventually } from '@crm/testing';
import {
  ctx,
  rep,
  startSalesTestService,
  type SalesTestService,
} from '../../test/sales-test-service';

jest.setTimeout(60_000);

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-scorer', undefined, { CRM_SALES_LEAD_SCORER: 'on' });
});
afterAll(async () => {
  await t?.stop();
});

const scores = async (leadId: string) =>
  (await t.events()).filter(
    (e) => e.stream_id === `sales.LeadScore-${leadId}` && e.type === 'sales.LeadScored',
  );

describe('lead scorer', () => {
  it('scores a lead on capture and again on each engagement', async () => {
    const REP = rep('rep-1', 'team-a');
    const { createdId: leadId } = await t.call(
      'CaptureLead',
      {
        ctx: ctx(),
        source: 'LEAD_SOURCE_WEB_FORM',
        contact: { name: 'Ada Lovelace', email: 'ada@example.com' },
        companyName: 'Engines',
      },
      REP,
    );
    await eventually(async () => expect(await scores(leadId as string)).toHaveLength(1));
    const [first] = await scores(leadId as string);
    expect(first?.actor).toMatchObject({ kind: 'system', name: 'sales.lead-scorer' });
    expect(first?.data).toMatchObject({ fitPoints: 40, engagementPoints: 0 });

    await t.call(
      'RecordLeadEngagement',
      { ctx: ctx(), leadId, kind: 'meeting_attended', occurredAt: new Date().toISOString() },
      REP,
    );
    await eventually(async () => expect(await scores(leadId as string)).toHaveLength(2));
    const [, second] = await scores(leadId as string);
    expect(second?.data.engagementPoints).toBeGreaterThan(24.99);
  });
});
