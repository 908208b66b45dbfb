/* eslint-disable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument --
   stored events are untyped at runtime; the spec asserts their shape. */
// Scoring per pipeline (ADR 0480) over real gRPC and PostgreSQL: the tenant's default and partner
// pipelines have opposite won/lost histories, so the same lead gets a different win probability in
// each: the one named in ScoreLead, else its team's default pipeline, else `default`. The expected
// probabilities are worked out here from the counts, as odds, not with the service's code.
import { status } from '@grpc/grpc-js';
import { ctx, rep, startSalesTestService, type SalesTestService } from '../test/sales-test-service';

jest.setTimeout(90_000);

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-scoring-pipelines');
});
afterAll(async () => {
  await t?.stop();
});

const DIRECT = rep('rep-1', 'team-direct');
const PARTNERS = rep('rep-2', 'team-partners');

async function capture(source: string, caller = DIRECT): Promise<string> {
  const captured = await t.call(
    'CaptureLead',
    {
      ctx: ctx(),
      source,
      contact: { name: 'Someone', email: 'someone@example.com' },
      companyName: 'Some Company',
    },
    caller,
  );
  return captured.createdId as string;
}

async function closedDeal(pipelineId: string, source: string, won: boolean): Promise<void> {
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
      pipelineId,
    },
    DIRECT,
  );
  const opportunityId = converted.createdId as string;
  if (won) await t.call('WinOpportunity', { ctx: ctx(), opportunityId }, DIRECT);
  else await t.call('LoseOpportunity', { ctx: ctx(), opportunityId, reason: 'price' }, DIRECT);
}

/**
 * Naive Bayes with Laplace smoothing, as odds: the history's leads differ only in their source
 * (two values seen), so the other attributes' ratios are 1.
 */
function expectedWinPercent(h: { won: number; wonSame: number; lost: number; lostSame: number }) {
  const sources = 2;
  const prior = (h.won + 1) / (h.lost + 1);
  const ratio = (h.wonSame + 1) / (h.won + sources) / ((h.lostSame + 1) / (h.lost + sources));
  const odds = prior * ratio;
  return Math.round((100 * odds * 10_000) / (1 + odds)) / 10_000;
}

const lastScoreOf = async (leadId: string) =>
  (await t.events())
    .filter((e) => e.stream_id === `sales.LeadScore-${leadId}` && e.type === 'sales.LeadScored')
    .map((e) => e.data)
    .at(-1);

describe('lead scoring per pipeline', () => {
  it('learns the win probability from the won and lost deals of the lead’s pipeline only', async () => {
    // Default pipeline: web-form leads win, imported ones are lost. Partner: the reverse.
    await closedDeal('default', 'LEAD_SOURCE_WEB_FORM', true);
    await closedDeal('default', 'LEAD_SOURCE_WEB_FORM', true);
    await closedDeal('default', 'LEAD_SOURCE_IMPORT', false);
    await closedDeal('partner', 'LEAD_SOURCE_WEB_FORM', false);
    await closedDeal('partner', 'LEAD_SOURCE_WEB_FORM', false);
    await closedDeal('partner', 'LEAD_SOURCE_IMPORT', true);
    await closedDeal('partner', 'LEAD_SOURCE_IMPORT', true);
    await closedDeal('partner', 'LEAD_SOURCE_IMPORT', false);

    const leadId = await capture('LEAD_SOURCE_WEB_FORM');
    await t.call('ScoreLead', { ctx: ctx(), leadId }, DIRECT);
    const direct = await lastScoreOf(leadId);
    await t.call('ScoreLead', { ctx: ctx(), leadId, pipelineId: 'partner' }, DIRECT);
    const partner = await lastScoreOf(leadId);

    expect(direct).toMatchObject({
      pipelineId: 'default',
      modelVersion: 0,
      winProbability: expectedWinPercent({ won: 2, wonSame: 2, lost: 1, lostSame: 0 }),
      inputs: { historyWon: 2, historyLost: 1 },
    });
    expect(partner).toMatchObject({
      pipelineId: 'partner',
      winProbability: expectedWinPercent({ won: 2, wonSame: 0, lost: 3, lostSame: 2 }),
      inputs: { historyWon: 2, historyLost: 3 },
    });
    expect(direct.winProbability).toBeGreaterThan(50);
    expect(partner.winProbability).toBeLessThan(50);
    // Each factor's contribution adds up to the probability's logit.
    for (const score of [direct, partner]) {
      const logit =
        score.priorLogOdds +
        (score.winFactors as { logOdds: number }[]).reduce((sum, f) => sum + f.logOdds, 0);
      expect(100 / (1 + Math.exp(-logit))).toBeCloseTo(score.winProbability, 1);
    }
  });

  it('scores a team’s leads on the pipeline the team works by default', async () => {
    await t.call('DefineSalesTeam', {
      ctx: ctx(),
      teamId: 'team-partners',
      strategy: 'round_robin',
      reps: [{ repId: 'rep-2', capacity: 10, absent: false, optedOut: false, territories: [] }],
      rules: [],
      territoryField: '',
      pipelineId: 'partner',
    });
    const leadId = await capture('LEAD_SOURCE_WEB_FORM', PARTNERS);
    await t.call('ScoreLead', { ctx: ctx(), leadId }, PARTNERS);
    expect(await lastScoreOf(leadId)).toMatchObject({
      pipelineId: 'partner',
      inputs: { historyWon: 2, historyLost: 3 },
    });
  });

  it('refuses an unknown pipeline, for a score or a team, and writes nothing', async () => {
    const leadId = await capture('LEAD_SOURCE_API');
    const before = (await t.events()).length;
    expect(
      await t.fail('ScoreLead', { ctx: ctx(), leadId, pipelineId: 'nowhere' }, DIRECT),
    ).toMatchObject({ code: status.INVALID_ARGUMENT, detail: { code: 'UNKNOWN_PIPELINE' } });
    const team = {
      ctx: ctx(),
      teamId: 'team-x',
      strategy: 'round_robin',
      reps: [],
      rules: [],
      territoryField: '',
      pipelineId: 'nowhere',
    };
    expect(await t.fail('DefineSalesTeam', team)).toMatchObject({
      detail: { code: 'UNKNOWN_PIPELINE' },
    });
    expect((await t.events()).length).toBe(before);
  });
});
