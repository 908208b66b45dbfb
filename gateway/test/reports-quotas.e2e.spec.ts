// Quota attainment, win rate by lead source and first response on the running platform, through
// GraphQL: a sales manager sets his rep's quota of the quarter, the rep converts a lead captured
// from the web form into a deal he wins, opens another he keeps open, and submits his forecast;
// the quota reports show the quota against won, forecast and open pipeline in the manager's scope
// and answer asOf, win rate by source splits the rep's deals by their lead's source, and an
// agent's first reply to a ticket counts in the first-response figures.
import { randomUUID } from 'node:crypto';
import { type GatewayGraphQLClient } from './support/graphql-client';
import { loginToRunningPlatform } from './support/running-platform';
import { salesCommand, salesUser } from './support/sales-e2e';

jest.setTimeout(300_000);
const run = randomUUID().slice(0, 8);
let adminClient: GatewayGraphQLClient;

beforeAll(async () => {
  adminClient = await loginToRunningPlatform();
}, 60_000);

interface Rows {
  rows: { dimensions: string[]; values: (number | null)[] }[];
  asOf: string | null;
}

const PACK = `query($pack: String!, $name: String!, $p: String, $asOf: String) {
  standardReport(pack: $pack, name: $name, atLeastPosition: $p, asOf: $asOf) { rows { dimensions values } asOf } }`;

async function report(
  client: GatewayGraphQLClient,
  pack: string,
  name: string,
  p: string | null,
  asOf: string | null = null,
): Promise<Rows> {
  return (await client.data<{ standardReport: Rows }>(PACK, { pack, name, p, asOf }))
    .standardReport;
}

function thisQuarter(now = new Date()) {
  const q = Math.floor(now.getUTCMonth() / 3);
  const lastDay = new Date(Date.UTC(now.getUTCFullYear(), q * 3 + 3, 0));
  return { name: `${now.getUTCFullYear()}-Q${q + 1}`, lastDay: lastDay.toISOString().slice(0, 10) };
}

describe('quota, lead source and first-response reports end to end', () => {
  it('shows the quota against won, forecast and pipeline in scope, as of an instant, and win rate by lead source', async () => {
    const team = `reports-quota-${run}`;
    const manager = await salesUser(adminClient, run, 'qmgr', 'SALES_MANAGER', team);
    const rep = await salesUser(adminClient, run, 'qrep', 'SALES_REP', team);
    const other = await salesUser(adminClient, run, 'qzed', 'SALES_REP', `quota-other-${run}`);
    const quarter = thisQuarter();
    const beforeQuota = new Date().toISOString();

    const lead = await salesCommand(rep.client, 'captureLead', {
      source: 'WEB_FORM',
      contact: { name: `Quota lead ${run}`, email: `quota.${run}@buyer.example` },
      companyName: `Quota buyer ${run}`,
    });
    await salesCommand(rep.client, 'qualifyLead', { leadId: lead.createdId, note: 'Budget' });
    const customer = await rep.client.data<{ registerCustomer: { customerId: string } }>(
      `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
      {
        input: {
          person: { firstName: 'Quota', lastName: `Buyer${run}` },
          contacts: [{ email: `quota.${run}@buyer.example`, primary: true }],
          initialStatus: 'ACTIVE',
        },
      },
    );
    const converted = await salesCommand(rep.client, 'convertLead', {
      leadId: lead.createdId,
      customerId: customer.registerCustomer.customerId,
      opportunityName: `Quota deal ${run}`,
      amount: '800.00',
      currency: 'EUR',
      expectedCloseOn: quarter.lastDay,
    });
    await salesCommand(rep.client, 'winOpportunity', { opportunityId: converted.createdId });
    await salesCommand(rep.client, 'openOpportunity', {
      name: `Open deal ${run}`,
      customerId: customer.registerCustomer.customerId,
      amount: '500.00',
      currency: 'EUR',
      expectedCloseOn: quarter.lastDay,
      stageId: 'new',
    });
    await salesCommand(manager.client, 'setQuota', {
      period: quarter.name,
      ownerId: rep.userId,
      amount: '2000.00',
      currency: 'EUR',
    });
    const last = await salesCommand(rep.client, 'submitForecast', {
      period: quarter.name,
      amount: '1500.00',
      currency: 'EUR',
    });

    // 800 won of a 2,000 quota (40 %), 1,500 called (75 % of the quota).
    const attainment = await report(manager.client, 'sales', 'quotaAttainment', last.position);
    expect(attainment.rows).toEqual([
      { dimensions: [quarter.name, rep.userId, 'EUR'], values: [2000, 800, 40, 1500, 75] },
    ]);
    expect((await report(other.client, 'sales', 'quotaAttainment', last.position)).rows).toEqual(
      [],
    );
    // The team: won and open pipeline (500) cover 65 % of the quota.
    expect(
      (await report(manager.client, 'sales', 'pipelineAgainstQuota', last.position)).rows,
    ).toEqual([
      { dimensions: [quarter.name, team, 'EUR'], values: [2000, 800, 40, 1500, 500, 65] },
    ]);
    // As of before the quota was set there was none; now, the live figures.
    expect(
      (await report(manager.client, 'sales', 'quotaAttainment', last.position, beforeQuota)).rows,
    ).toEqual([]);
    const asOfNow = await report(
      manager.client,
      'sales',
      'quotaAttainment',
      last.position,
      new Date().toISOString(),
    );
    expect(asOfNow.rows).toEqual(attainment.rows);
    // The open pipeline answers asOf too (the reports context dates each deal's amount): as of
    // now, the live figures.
    expect(
      (
        await report(
          manager.client,
          'sales',
          'pipelineAgainstQuota',
          last.position,
          new Date().toISOString(),
        )
      ).rows,
    ).toEqual([
      { dimensions: [quarter.name, team, 'EUR'], values: [2000, 800, 40, 1500, 500, 65] },
    ]);

    // The converted deal came from a web-form lead; the other was opened without a lead.
    const bySource = await report(rep.client, 'sales', 'winRateBySource', last.position);
    expect(bySource.rows.map((r) => [r.dimensions[0], ...r.values.slice(0, 2)])).toEqual([
      ['(none)', 1, null],
      ['web_form', 1, 100],
    ]);
  });

  it("counts an agent's first public reply in the first-response figures, and the priority as of an instant", async () => {
    // A service lead: he may assign the ticket to himself (agents may not assign).
    const agent = await salesUser(adminClient, run, 'frlead', 'SERVICE_LEAD', `desk-${run}`);
    const mutate = async (mutation: string, inputType: string, input: object) =>
      (
        await agent.client.data<Record<string, { createdId: string | null; position: string }>>(
          `mutation($input: ${inputType}!) { ${mutation}(input: $input) { createdId position } }`,
          { input },
        )
      )[mutation]!;
    const opened = await mutate('openTicket', 'OpenTicketInput', {
      channel: 'WEB_FORM',
      subject: `First response ${run}`,
      body: 'Where is my parcel?',
    });
    const ticketId = opened.createdId!;
    await mutate('assignTicket', 'AssignTicketInput', { ticketId, agentId: agent.userId });
    await mutate('replyToTicket', 'TicketMessageInput', { ticketId, body: 'On its way.' });
    const second = await mutate('replyToTicket', 'TicketMessageInput', {
      ticketId,
      body: 'Delivered tomorrow.',
    });
    const { report: mine } = await agent.client.data<{ report: Rows }>(
      `query($d: ReportDefinitionInput!, $p: String) { report(definition: $d, atLeastPosition: $p) {
        rows { dimensions values } asOf } }`,
      {
        d: {
          dataset: 'ticketResponses',
          dimensions: ['assignee'],
          measures: ['tickets', 'responded', 'firstResponseHoursP50'],
          filters: [{ dimension: 'assignee', values: [agent.userId] }],
        },
        p: second.position,
      },
    );
    expect(mine.rows).toHaveLength(1);
    const [tickets, responded, hours] = mine.rows[0]!.values;
    expect([tickets, responded]).toEqual([1, 100]);
    // Replied within the test's run: well under an hour after the opening.
    expect(hours).toBeGreaterThanOrEqual(0);
    expect(hours).toBeLessThan(1);
    // Made urgent after the reply: as of the reply the ticket stood at normal priority.
    const repliedAt = new Date().toISOString();
    const urgent = await mutate('changeTicketPriority', 'ChangeTicketPriorityInput', {
      ticketId,
      priority: 'URGENT',
    });
    const PRIORITY = `query($d: ReportDefinitionInput!, $p: String) { report(definition: $d, atLeastPosition: $p) {
        rows { dimensions values } } }`;
    const byPriority = async (asOf: string | null) =>
      (
        await agent.client.data<{ report: Rows }>(PRIORITY, {
          d: {
            dataset: 'tickets',
            dimensions: ['priority'],
            measures: ['tickets'],
            filters: [{ dimension: 'assignee', values: [agent.userId] }],
            ...(asOf && { asOf }),
          },
          p: urgent.position,
        })
      ).report.rows;
    expect(await byPriority(null)).toEqual([{ dimensions: ['urgent'], values: [1] }]);
    expect(await byPriority(repliedAt)).toEqual([{ dimensions: ['normal'], values: [1] }]);
    const byChannel = await report(
      agent.client,
      'serviceDesk',
      'firstResponseByChannel',
      second.position,
    );
    expect(byChannel.rows.map((r) => r.dimensions[0])).toContain('web_form');
  });
});
