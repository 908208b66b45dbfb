// Quotes and activities on the running platform, through GraphQL: a rep quotes an opportunity with
// a discount over the policy; the quote waits in the manager's approval queue and cannot be sent
// before the manager approves the version they saw; the customer's acceptance wins the deal and
// places the order at the net prices. The rep's follow-up call shows in "my activities" until done.
import { randomUUID } from 'node:crypto';
import type { GatewayGraphQLClient } from './support/graphql-client';
import { loginToRunningPlatform } from './support/running-platform';
import { salesCommand, salesUser } from './support/sales-e2e';

jest.setTimeout(300_000);
const run = randomUUID().slice(0, 8);

let adminClient: GatewayGraphQLClient;

const userClient = (name: string, role: string, teamId: string) =>
  salesUser(adminClient, run, name, role, teamId);
const command = salesCommand;

beforeAll(async () => {
  adminClient = await loginToRunningPlatform();
}, 60_000);

describe('quotes and activities end to end', () => {
  it('routes a deep discount to the manager, then accepts into an order; activities follow the rep', async () => {
    const team = `quotes-${run}`;
    const rep = await userClient('rep', 'SALES_REP', team);
    const manager = await userClient('manager', 'SALES_MANAGER', team);
    const customerId = `cust-${run}`;

    const opened = await command(rep.client, 'openOpportunity', {
      name: `Fleet ${run}`,
      customerId,
      amount: '1200.00',
      currency: 'EUR',
      expectedCloseOn: '2027-03-31',
    });
    const opportunityId = opened.createdId!;
    const validUntil = new Date(Date.now() + 20 * 86_400_000).toISOString();
    const created = await command(rep.client, 'createQuote', {
      idempotencyKey: `quote-${run}`,
      opportunityId,
      validUntil,
      lines: [
        {
          sku: 'FLEET-1',
          name: 'Fleet licence',
          category: 'licences',
          quantity: 2,
          unitPrice: '600.00',
          discountPercent: 25,
        },
      ],
    });
    const quoteId = created.createdId!;

    const queue = await manager.client.data<{
      quotes: { quoteId: string; version: number; amount: string; approvalReasons: string[] }[];
    }>(
      `query($p: String) { quotes(awaitingApproval: true, atLeastPosition: $p) { quoteId version amount approvalReasons } }`,
      { p: created.position },
    );
    expect(queue.quotes).toEqual([
      { quoteId, version: 1, amount: '900.00', approvalReasons: ['discount'] },
    ]);

    const unapproved = await rep.client.request(
      `mutation($input: SendQuoteInput!) { sendQuote(input: $input) { createdId } }`,
      { input: { quoteId } },
    );
    expect(unapproved.errors?.[0]?.extensions).toMatchObject({
      code: 'FAILED_PRECONDITION',
      reason: 'QUOTE_NEEDS_APPROVAL',
    });
    const notApprover = await rep.client.request(
      `mutation($input: ApproveQuoteInput!) { approveQuote(input: $input) { createdId } }`,
      { input: { quoteId, version: 1 } },
    );
    expect(notApprover.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    await command(manager.client, 'approveQuote', { quoteId, version: 1 });
    await command(rep.client, 'sendQuote', { quoteId });
    const accepted = await command(rep.client, 'acceptQuote', { quoteId, version: 1 });
    const orderId = accepted.createdId!;
    const orders = await rep.client.data<{
      orders: {
        orderId: string;
        opportunityId: string;
        amount: string;
        items: { unitPrice: string }[];
      }[];
    }>(
      `query($p: String, $c: ID) { orders(atLeastPosition: $p, customerId: $c) { orderId opportunityId amount items { unitPrice } } }`,
      { p: accepted.position, c: customerId },
    );
    expect(orders.orders).toEqual([
      { orderId, opportunityId, amount: '900.00', items: [{ unitPrice: '450.00' }] },
    ]);
    const quote = await rep.client.data<{ quote: { status: string; awaitingApproval: boolean } }>(
      `query($id: ID!, $p: String) { quote(quoteId: $id, atLeastPosition: $p) { status awaitingApproval } }`,
      { id: quoteId, p: accepted.position },
    );
    expect(quote.quote).toEqual({ status: 'ACCEPTED', awaitingApproval: false });

    const dueAt = new Date(Date.now() + 86_400_000).toISOString();
    const scheduled = await command(rep.client, 'scheduleActivity', {
      kind: 'CALL',
      subject: 'Kick-off call',
      aboutKind: 'OPPORTUNITY',
      aboutId: opportunityId,
      dueAt,
      remindAt: new Date(Date.parse(dueAt) - 3_600_000).toISOString(),
    });
    const activityId = scheduled.createdId!;
    const MY = `query($p: String) { myActivities(atLeastPosition: $p) { activityId kind dueAt overdue about { kind id } } }`;
    const mine = await rep.client.data<{ myActivities: unknown[] }>(MY, { p: scheduled.position });
    expect(mine.myActivities).toEqual([
      {
        activityId,
        kind: 'CALL',
        dueAt,
        overdue: false,
        about: { kind: 'OPPORTUNITY', id: opportunityId },
      },
    ]);
    const managersOwn = await manager.client.data<{ myActivities: unknown[] }>(MY, {
      p: scheduled.position,
    });
    expect(managersOwn.myActivities).toEqual([]);
    // The forecast of the deal's quarter: won in it, beside the rep's call as the manager adjusted it.
    const quarter = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
    await command(rep.client, 'submitForecast', {
      period: quarter,
      amount: '1000.00',
      currency: 'EUR',
    });
    const adjusted = await command(manager.client, 'adjustForecast', {
      period: quarter,
      ownerId: rep.userId,
      amount: '900.00',
      currency: 'EUR',
      note: 'Only the fleet deal',
    });
    const forecast = await manager.client.data<{
      salesForecast: { lines: Record<string, unknown>[] };
    }>(
      `query($q: String!, $p: String) { salesForecast(period: $q, atLeastPosition: $p) { lines { ownerId currency wonCount won submitted adjusted } } }`,
      { q: quarter, p: adjusted.position },
    );
    expect(forecast.salesForecast.lines).toEqual([
      {
        ownerId: rep.userId,
        currency: 'EUR',
        wonCount: 1,
        won: '1200.00',
        submitted: '1000.00',
        adjusted: '900.00',
      },
    ]);

    // A lead scored: fit points of the default model, shown on the lead.
    const lead = await command(rep.client, 'captureLead', {
      source: 'WEB_FORM',
      contact: { name: 'Scored Lead', email: `scored.${run}@lead.example` },
      companyName: `Scored ${run}`,
    });
    const scored = await command(rep.client, 'scoreLead', { leadId: lead.createdId });
    const withScore = await rep.client.data<{
      lead: { score: { fitPoints: number; modelVersion: number } };
    }>(
      `query($id: ID!, $p: String) { lead(leadId: $id, atLeastPosition: $p) { score { fitPoints modelVersion } } }`,
      { id: lead.createdId, p: scored.position },
    );
    expect(withScore.lead.score).toEqual({ fitPoints: 40, modelVersion: 0 });

    // Leads from a CSV file land in the rep's queue; a bad row refuses the whole file.
    const bad = await rep.client.request(
      `mutation($input: ImportLeadsInput!) { importLeads(input: $input) { captured } }`,
      { input: { csv: 'name,email\nAda,not-an-email\n' } },
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const imported = await rep.client.data<{
      importLeads: { leadIds: string[]; captured: number; position: string };
    }>(
      `mutation($input: ImportLeadsInput!) { importLeads(input: $input) { leadIds captured position } }`,
      {
        input: {
          idempotencyKey: `import-${run}`,
          csv: `name,email,company\nAda ${run},ada.${run}@x.example,Engines\nGrace ${run},,\n`,
        },
      },
    );
    expect(imported.importLeads.captured).toBe(2);
    const leadQueue = await rep.client.data<{ leads: { leadId: string; source: string }[] }>(
      `query($p: String) { leads(atLeastPosition: $p) { leadId source } }`,
      { p: imported.importLeads.position },
    );
    const importedIds: string[] = imported.importLeads.leadIds;
    const importedLeads = leadQueue.leads.filter((l) => importedIds.includes(l.leadId));
    expect(importedLeads.map((l) => l.source)).toEqual(['import', 'import']);

    const done = await command(rep.client, 'completeActivity', { activityId, outcome: 'booked' });
    const after = await rep.client.data<{ myActivities: unknown[] }>(MY, { p: done.position });
    expect(after.myActivities).toEqual([]);
  });
});
