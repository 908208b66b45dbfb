/* eslint-disable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call --
   stored events are untyped at runtime; the spec asserts their shape. */
// Lead scoring over real gRPC and PostgreSQL: the win probability is learned from the tenant's own
// won and lost deals (naive Bayes with smoothing), the fit points come from the tenant's model, the
// engagement points from recorded engagements; the score is an event with the model version, its
// inputs and every factor. Only a lead in the caller's scope can be scored.
import { status } from '@grpc/grpc-js';
import { ctx, rep, startSalesTestService, type SalesTestService } from '../test/sales-test-service';

jest.setTimeout(60_000);

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-scoring');
});
afterAll(async () => {
  await t?.stop();
});

const REP = rep('rep-1', 'team-a');

async function capture(source: string): Promise<string> {
  const captured = await t.call(
    'CaptureLead',
    {
      ctx: ctx(),
      source,
      contact: { name: 'Someone', email: 'someone@example.com' },
      companyName: 'Some Company',
    },
    REP,
  );
  return captured.createdId as string;
}

async function closedDeal(source: string, won: boolean): Promise<void> {
  const leadId = await capture(source);
  const converted = await t.call(
    'ConvertLead',
    {
      ctx: ctx(),
      leadId,
      customerId: `cust-${leadId}`,
      opportunityName: 'Deal',
      amount: '100.00',
      currency: 'EUR',
      expectedCloseOn: '2026-06-30',
    },
    REP,
  );
  const opportunityId = converted.createdId as string;
  if (won) await t.call('WinOpportunity', { ctx: ctx(), opportunityId }, REP);
  else await t.call('LoseOpportunity', { ctx: ctx(), opportunityId, reason: 'price' }, REP);
}

const scoresOf = async (leadId: string) =>
  (await t.events())
    .filter((e) => e.stream_id === `sales.LeadScore-${leadId}` && e.type === 'sales.LeadScored')
    .map((e) => e.data);

describe('lead scoring over gRPC', () => {
  it('scores fit, decayed engagement and a win probability learned from won and lost deals', async () => {
    await closedDeal('LEAD_SOURCE_WEB_FORM', true);
    await closedDeal('LEAD_SOURCE_WEB_FORM', true);
    await closedDeal('LEAD_SOURCE_IMPORT', false);
    await closedDeal('LEAD_SOURCE_IMPORT', false);
    const leadId = await capture('LEAD_SOURCE_WEB_FORM');
    await t.call(
      'RecordLeadEngagement',
      { ctx: ctx(), leadId, kind: 'form_submitted', occurredAt: new Date().toISOString() },
      REP,
    );

    await t.call('ScoreLead', { ctx: ctx(), leadId }, REP);
    const [score] = await scoresOf(leadId);
    expect(score).toMatchObject({
      modelVersion: 0,
      fitPoints: 40,
      winProbability: 75,
      inputs: {
        attributes: { source: 'web_form', company: 'yes', email: 'yes', phone: 'no' },
        historyWon: 2,
        historyLost: 2,
      },
    });
    expect(score.engagementPoints).toBeGreaterThan(9.99);
    expect(score.winFactors[0]).toEqual({
      attribute: 'source',
      value: 'web_form',
      logOdds: 1.0986,
    });
    expect(score.fitFactors.map((f: { attribute: string }) => f.attribute)).toEqual([
      'company',
      'email',
      'source',
    ]);
  });

  it('scores with the tenant’s model version once declared; roles and scope are enforced', async () => {
    const leadId = await capture('LEAD_SOURCE_API');
    const model = {
      ctx: ctx(),
      fitRules: [{ attribute: 'source', equals: 'api', points: 30 }],
      engagementPoints: [
        'email_opened',
        'link_clicked',
        'site_visit',
        'form_submitted',
        'meeting_attended',
      ].map((kind) => ({ kind, points: 1 })),
      halfLifeDays: 7,
    };
    expect(await t.fail('DefineLeadScoringModel', model, REP)).toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    const invalid = await t.fail('DefineLeadScoringModel', {
      ...model,
      fitRules: [{ attribute: 'salary', equals: 'high', points: 5000 }],
      engagementPoints: [],
    });
    expect(invalid.detail.violations.map((v) => v.field)).toEqual([
      'fitRules[0].attribute',
      'fitRules[0].points',
      'engagementPoints',
      'engagementPoints',
      'engagementPoints',
      'engagementPoints',
      'engagementPoints',
    ]);
    await t.call('DefineLeadScoringModel', model);
    expect(await t.fail('ScoreLead', { ctx: ctx(), leadId }, rep('rep-9', 'team-b'))).toMatchObject(
      { code: status.NOT_FOUND },
    );
    await t.call('ScoreLead', { ctx: ctx(), leadId }, REP);
    const [score] = await scoresOf(leadId);
    expect(score).toMatchObject({
      modelVersion: 1,
      fitPoints: 30,
      fitFactors: [{ attribute: 'source', equals: 'api', points: 30 }],
    });
  });
});
