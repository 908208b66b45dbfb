// Reports on the running platform, through GraphQL: two reps of one team and a rep of another team
// capture leads; the standard "leads by source" report counts for each only the leads in their
// record scope (a rep his own, the manager his team's), asOf before the leads counts none, the
// figure drills down to exactly the rep's leads, carries its read model's lag, and exports to CSV
// and XLSX, and a report saved for the team runs in each teammate's own scope. The packs of the
// later contexts answer too: a rep's accepted quote and submitted forecast count in his and his
// manager's sales packs, never in another team's, and every new pack answers with its freshness.
import { randomUUID } from 'node:crypto';
import { type GatewayGraphQLClient } from './support/graphql-client';
import { createPlatformUser, loginToRunningPlatform } from './support/running-platform';
import { salesCommand, salesUser } from './support/sales-e2e';

jest.setTimeout(300_000);
const run = randomUUID().slice(0, 8);

let adminClient: GatewayGraphQLClient;

function userClient(name: string, role: string, teamId: string) {
  return createPlatformUser(adminClient, {
    email: `${name}.${run}@reports.example`,
    displayName: name,
    password: `correct-horse-${run}`,
    role,
    teamId,
  });
}

async function captureLead(
  client: GatewayGraphQLClient,
  n: number,
): Promise<{ id: string; position: string }> {
  const data = await client.data<{ captureLead: { createdId: string; position: string } }>(
    `mutation($input: CaptureLeadInput!) { captureLead(input: $input) { createdId position } }`,
    {
      input: {
        idempotencyKey: `report-lead-${run}-${n}`,
        source: 'WEB_FORM',
        contact: { name: `Lead ${n}`, email: `lead${n}.${run}@buyer.example` },
        companyName: `Buyer ${n} ${run}`,
      },
    },
  );
  return { id: data.captureLead.createdId, position: data.captureLead.position };
}

interface Report {
  rows: { dimensions: string[]; values: (number | null)[] }[];
  totals: (number | null)[];
  asOf: string | null;
  freshness: {
    projection: string;
    appliedPosition: string;
    storeHead: string;
    eventsBehind: number;
  };
}

const STANDARD = `query($asOf: String, $p: String) {
  standardReport(pack: "sales", name: "leadsBySource", asOf: $asOf, atLeastPosition: $p) {
    rows { dimensions values } totals asOf
    freshness { projection appliedPosition storeHead eventsBehind } } }`;

async function leadsBySource(client: GatewayGraphQLClient, p: string, asOf?: string) {
  const data = await client.data<{ standardReport: Report }>(STANDARD, { p, asOf: asOf ?? null });
  return data.standardReport;
}

const DEFINITION = { dataset: 'leads', dimensions: ['source'], measures: ['leads'] };

beforeAll(async () => {
  adminClient = await loginToRunningPlatform();
}, 60_000);

describe('reports end to end', () => {
  it('scopes every figure to the caller, answers asOf, drills down and exports', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const team = `reports-${run}`;
    const ann = await userClient('ann', 'SALES_REP', team);
    const bob = await userClient('bob', 'SALES_REP', team);
    const manager = await userClient('mia', 'SALES_MANAGER', team);
    const zed = await userClient('zed', 'SALES_REP', `other-${run}`);

    const annLeads = [await captureLead(ann.client, 1), await captureLead(ann.client, 2)];
    await captureLead(bob.client, 3);
    const last = await captureLead(zed.client, 4);

    // Each sees the leads of their scope: the reps their own, the manager the team's.
    const annReport = await leadsBySource(ann.client, last.position);
    expect(annReport.totals).toEqual([2, 0]);
    expect(annReport.rows).toHaveLength(1);
    expect((await leadsBySource(bob.client, last.position)).totals).toEqual([1, 0]);
    expect((await leadsBySource(zed.client, last.position)).totals).toEqual([1, 0]);
    expect((await leadsBySource(manager.client, last.position)).totals).toEqual([3, 0]);

    // Every figure says how far its read model lags the store (it has applied our last write).
    expect(annReport.freshness.projection).toBe('sales-leads');
    expect(Number(annReport.freshness.appliedPosition)).toBeGreaterThanOrEqual(
      Number(last.position),
    );
    expect(annReport.freshness.eventsBehind).toBe(
      Math.max(
        0,
        Number(annReport.freshness.storeHead) - Number(annReport.freshness.appliedPosition),
      ),
    );

    // As of an instant before the leads were captured, none of them counts; as of now, all do.
    const REPORT = `query($d: ReportDefinitionInput!) { report(definition: $d) { totals asOf } }`;
    const asOf = async (instant: string) =>
      (
        await ann.client.data<{ report: { totals: number[]; asOf: string } }>(REPORT, {
          d: { ...DEFINITION, asOf: instant },
        })
      ).report;
    expect(await asOf(before)).toEqual({ totals: [0], asOf: before });
    expect((await asOf(new Date().toISOString())).totals).toEqual([2]);
    // The standard report answers asOf too, from the lead history (ADR 0391): before the capture,
    // no lead of hers counted.
    const then = await ann.client.data<{ standardReport: Report }>(STANDARD, {
      p: null,
      asOf: before,
    });
    expect(then.standardReport.rows).toEqual([]);
    expect(then.standardReport.asOf).toBe(before);

    // The figure drills down to exactly the rep's leads.
    const source = annReport.rows[0]!.dimensions[0]!;
    const drill = await ann.client.data<{
      reportDrillDown: { records: { key: string; value: string | null }[][]; truncated: boolean };
    }>(
      `query($d: ReportDefinitionInput!, $cell: [String!]!) { reportDrillDown(definition: $d, cell: $cell) {
        records { key value } truncated } }`,
      { d: DEFINITION, cell: [source] },
    );
    const ids = drill.reportDrillDown.records.map((r) => r.find((f) => f.key === 'id')?.value);
    expect(ids.sort()).toEqual(annLeads.map((l) => l.id).sort());

    // A bad definition is refused with a typed error.
    const bad = await ann.client.request(
      `query($d: ReportDefinitionInput!) { report(definition: $d) { totals } }`,
      { d: { ...DEFINITION, dimensions: ['ownerId'] } },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });

    // Exports carry the same figures.
    const exported = async (format: string) =>
      (
        await ann.client.data<{
          exportReport: { filename: string; contentType: string; contentBase64: string };
        }>(
          `query($d: ReportDefinitionInput!, $f: ReportExportFormat!) { exportReport(definition: $d, format: $f) {
            filename contentType contentBase64 } }`,
          { d: DEFINITION, f: format },
        )
      ).exportReport;
    const csv = await exported('CSV');
    expect(csv.contentType).toMatch(/^text\/csv/);
    const lines = Buffer.from(csv.contentBase64, 'base64').toString('utf8').trim().split('\r\n');
    expect(lines.slice(1)).toEqual(['Source,Leads', `${source},2`, 'Total,2']);
    const xlsx = await exported('XLSX');
    expect(xlsx.filename).toMatch(/\.xlsx$/);
    // An XLSX file is a ZIP archive.
    expect(Buffer.from(xlsx.contentBase64, 'base64').subarray(0, 2).toString()).toBe('PK');

    // A report saved for the team: a teammate runs it and sees his own figures; another team's
    // rep cannot find it.
    const saved = await ann.client.data<{ saveReport: { id: string; sharedWithTeamId: string } }>(
      `mutation($input: SaveReportInput!) { saveReport(input: $input) { id sharedWithTeamId } }`,
      { input: { name: `Leads ${run}`, definition: DEFINITION, shareWithTeam: true } },
    );
    expect(saved.saveReport.sharedWithTeamId).toBe(team);
    const RUN_SAVED = `query($id: String!) { runSavedReport(id: $id) { totals } }`;
    const bobRun = await bob.client.data<{ runSavedReport: { totals: number[] } }>(RUN_SAVED, {
      id: saved.saveReport.id,
    });
    expect(bobRun.runSavedReport.totals).toEqual([1]);
    const foreignRun = await zed.client.request(RUN_SAVED, { id: saved.saveReport.id });
    expect(foreignRun.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers the packs of quotes, forecasts, satisfaction, deflection, churn and campaigns in scope', async () => {
    const team = `reports-packs-${run}`;
    const rep = await salesUser(adminClient, run, 'packrep', 'SALES_REP', team);
    const manager = await salesUser(adminClient, run, 'packmia', 'SALES_MANAGER', team);
    const zed = await salesUser(adminClient, run, 'packzed', 'SALES_REP', `packs-other-${run}`);
    const opened = await salesCommand(rep.client, 'openOpportunity', {
      name: `Report deal ${run}`,
      customerId: `report-cust-${run}`,
      amount: '800.00',
      currency: 'EUR',
      expectedCloseOn: '2027-03-31',
    });
    const created = await salesCommand(rep.client, 'createQuote', {
      idempotencyKey: `report-quote-${run}`,
      opportunityId: opened.createdId,
      validUntil: new Date(Date.now() + 20 * 86_400_000).toISOString(),
      lines: [
        {
          name: 'Seat',
          category: 'licences',
          quantity: 2,
          unitPrice: '400.00',
          discountPercent: 0,
        },
      ],
    });
    await salesCommand(rep.client, 'sendQuote', { quoteId: created.createdId });
    await salesCommand(rep.client, 'acceptQuote', { quoteId: created.createdId, version: 1 });
    const quarter = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
    const forecast = await salesCommand(rep.client, 'submitForecast', {
      period: quarter,
      amount: '1000.00',
      currency: 'EUR',
    });

    const PACK = `query($pack: String!, $name: String!, $p: String) {
      standardReport(pack: $pack, name: $name, atLeastPosition: $p) {
        rows { dimensions values } freshness { projection eventsBehind } } }`;
    const pack = async (client: GatewayGraphQLClient, name: string, packName = 'sales') =>
      (
        await client.data<{ standardReport: Report }>(PACK, {
          pack: packName,
          name,
          p: forecast.position,
        })
      ).standardReport;

    // quotes, accepted % of decided, days to decision, needed approval %: one accepted, same day.
    const repQuotes = await pack(rep.client, 'quoteOutcomesByOwner');
    expect(repQuotes.rows).toEqual([{ dimensions: [rep.userId], values: [1, 100, 0, 0] }]);
    expect(repQuotes.freshness.projection).toBe('sales-quotes');
    expect((await pack(manager.client, 'quoteOutcomesByOwner')).rows).toEqual(repQuotes.rows);
    expect((await pack(zed.client, 'quoteOutcomesByOwner')).rows).toEqual([]);

    const repForecast = await pack(rep.client, 'forecastByPeriod');
    expect(repForecast.rows).toEqual([{ dimensions: [quarter, 'EUR'], values: [1, 1000, 1000] }]);
    expect((await pack(zed.client, 'forecastByPeriod')).rows).toEqual([]);

    const packs: [string, string, string][] = [
      ['serviceDesk', 'csatTrend', 'service-desk-satisfaction'],
      ['serviceDesk', 'csatByAgent', 'service-desk-satisfaction'],
      ['serviceDesk', 'npsTrend', 'service-desk-satisfaction'],
      ['serviceDesk', 'deflectionByArticle', 'service-desk-knowledge-base'],
      ['loyalty', 'churnBands', 'loyalty-member-balance'],
      ['marketing', 'campaignResults', 'marketing-campaigns'],
      ['marketing', 'journeyFunnels', 'marketing-journey-funnels'],
      ['marketing', 'journeySteps', 'marketing-journey-funnels'],
      ['sales', 'quoteApprovalTurnaround', 'sales-quotes'],
    ];
    for (const [packName, name, projection] of packs) {
      const figures = await pack(adminClient, name, packName);
      expect(figures.freshness.projection).toBe(projection);
      expect(figures.freshness.eventsBehind).toBeGreaterThanOrEqual(0);
    }
  });

  it('answers funnel velocity and forecast accuracy in scope, drills down, and answers asOf', async () => {
    const team = `reports-velocity-${run}`;
    const rep = await salesUser(adminClient, run, 'velrep', 'SALES_REP', team);
    const zed = await salesUser(adminClient, run, 'velzed', 'SALES_REP', `velocity-other-${run}`);
    const opened = await salesCommand(rep.client, 'openOpportunity', {
      name: `Velocity deal ${run}`,
      customerId: `velocity-cust-${run}`,
      amount: '800.00',
      currency: 'EUR',
      expectedCloseOn: '2027-03-31',
      stageId: 'new',
    });
    await salesCommand(rep.client, 'moveOpportunityStage', {
      opportunityId: opened.createdId,
      stageId: 'qualified',
    });
    await salesCommand(rep.client, 'winOpportunity', { opportunityId: opened.createdId });
    const quarter = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
    const forecast = await salesCommand(rep.client, 'submitForecast', {
      period: quarter,
      amount: '1000.00',
      currency: 'EUR',
    });
    const PACK = `query($name: String!, $p: String, $asOf: String) {
      standardReport(pack: "sales", name: $name, atLeastPosition: $p, asOf: $asOf) {
        rows { dimensions values } } }`;
    const rows = async (client: GatewayGraphQLClient, name: string) =>
      (
        await client.data<{ standardReport: Report }>(PACK, {
          name,
          p: forecast.position,
          asOf: null,
        })
      ).standardReport.rows;

    // One deal: in `new`, then `qualified`, won from there, all within seconds (0.00 days).
    expect(await rows(rep.client, 'funnelVelocity')).toEqual([
      { dimensions: ['new'], values: [1, 100, 0, 0, 0, 0] },
      { dimensions: ['qualified'], values: [1, 100, 0, 0, 0, 0] },
    ]);
    expect(await rows(zed.client, 'funnelVelocity')).toEqual([]);
    // Called 1,000, won 800 in the quarter: 80 % accurate, 200 short.
    expect(await rows(rep.client, 'forecastAccuracy')).toEqual([
      { dimensions: [quarter, rep.userId, 'EUR'], values: [1000, 800, 1, 80, -200] },
    ]);
    expect(await rows(zed.client, 'forecastAccuracy')).toEqual([]);

    const drill = await rep.client.data<{
      reportDrillDown: { records: { key: string; value: string | null }[][] };
    }>(
      `query($d: ReportDefinitionInput!, $cell: [String!]!) { reportDrillDown(definition: $d, cell: $cell) {
        records { key value } } }`,
      {
        d: { dataset: 'stageDurations', dimensions: ['stage'], measures: ['opportunities'] },
        cell: ['qualified'],
      },
    );
    expect(drill.reportDrillDown.records.map((r) => r.find((f) => f.key === 'id')?.value)).toEqual([
      opened.createdId,
    ]);

    // Time in stage answers asOf (replayed from the stage events): as of now, the live figures.
    const asOfNow = await rep.client.data<{ standardReport: Report }>(PACK, {
      name: 'funnelVelocity',
      p: forecast.position,
      asOf: new Date().toISOString(),
    });
    expect(asOfNow.standardReport.rows).toEqual(await rows(rep.client, 'funnelVelocity'));
    // Quotes answer asOf from the reports context's quote history: as of now, the live figures.
    const quotesNow = await rep.client.data<{ standardReport: Report }>(PACK, {
      name: 'quoteOutcomesByOwner',
      p: forecast.position,
      asOf: new Date().toISOString(),
    });
    expect(quotesNow.standardReport.rows).toEqual(await rows(rep.client, 'quoteOutcomesByOwner'));
    const delivery = await adminClient.data<{ standardReport: Report }>(
      `query($asOf: String) { standardReport(pack: "marketing", name: "deliveryRates", asOf: $asOf) {
        rows { dimensions values } totals asOf freshness { projection appliedPosition storeHead eventsBehind } } }`,
      { asOf: new Date().toISOString() },
    );
    expect(delivery.standardReport.freshness.projection).toBe('reports-campaign-messages');
  });
});
