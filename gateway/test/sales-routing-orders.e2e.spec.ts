// Issue 11 on the running platform, through GraphQL: a manager defines a territory team; a rep's
// API capture is routed to the rep covering the lead's country and shows in that rep's "my day";
// a deal's lines set its amount; an order goes placed → paid → shipped → completed and the
// orders query shows each step.
import { randomUUID } from 'node:crypto';
import type { GatewayGraphQLClient } from './support/graphql-client';
import { loginToRunningPlatform } from './support/running-platform';
import { salesCommand as command, salesUser } from './support/sales-e2e';

jest.setTimeout(300_000);
const run = randomUUID().slice(0, 8);

let adminClient: GatewayGraphQLClient;

beforeAll(async () => {
  adminClient = await loginToRunningPlatform();
}, 60_000);

const endOfDay = () => new Date(Date.now() + 86_400_000).toISOString();

interface MyDay {
  salesMyDay: {
    leadsWaiting: { leadId: string; ownerId: string | null }[];
    quotesAwaitingApproval: { quoteId: string }[];
  };
}

describe('sales routing, deal lines and order fulfilment end to end', () => {
  it('routes an API lead by territory into the covering rep’s day', async () => {
    const team = `territory-${run}`;
    const manager = await salesUser(adminClient, run, 'mgr', 'SALES_MANAGER', team);
    const france = await salesUser(adminClient, run, 'fr', 'SALES_REP', team);
    const germany = await salesUser(adminClient, run, 'de', 'SALES_REP', team);
    await command(manager.client, 'defineSalesTeam', {
      teamId: team,
      strategy: 'territory',
      reps: [
        { repId: france.userId, capacity: 50, territories: ['FR'] },
        { repId: germany.userId, capacity: 50, territories: ['DE'] },
      ],
    });

    const captured = await command(germany.client, 'captureLead', {
      source: 'API',
      contact: { name: `Marie ${run}`, email: `marie.${run}@example.com` },
      route: true,
      fields: [{ name: 'country', value: 'FR' }],
    });
    const leadId = captured.createdId!;

    const day = await france.client.data<MyDay>(
      `query($end: String!, $p: String) { salesMyDay(endOfDay: $end, atLeastPosition: $p) {
         leadsWaiting { leadId ownerId } quotesAwaitingApproval { quoteId } } }`,
      { end: endOfDay(), p: captured.position },
    );
    expect(day.salesMyDay.leadsWaiting).toEqual([{ leadId, ownerId: france.userId }]);
    expect(day.salesMyDay.quotesAwaitingApproval).toEqual([]);
    // The rep who captured it does not own it and no longer sees it.
    const other = await germany.client.data<MyDay>(
      `query($end: String!, $p: String) { salesMyDay(endOfDay: $end, atLeastPosition: $p) {
         leadsWaiting { leadId ownerId } quotesAwaitingApproval { quoteId } } }`,
      { end: endOfDay(), p: captured.position },
    );
    expect(other.salesMyDay.leadsWaiting).toEqual([]);
  });

  it('derives a deal’s amount from its lines and takes an order through fulfilment', async () => {
    const customerId = `cust-${run}`;
    const opened = await command(adminClient, 'openOpportunity', {
      name: `Seats ${run}`,
      customerId,
      amount: '1.00',
      currency: 'EUR',
      expectedCloseOn: '2027-03-31',
    });
    const opportunityId = opened.createdId!;
    const lined = await command(adminClient, 'setOpportunityLines', {
      opportunityId,
      lines: [
        {
          sku: 'SEAT',
          name: 'CRM seat',
          category: 'subscriptions',
          quantity: 10,
          unitPrice: '30.00',
          discountPercent: 10,
          recurring: true,
        },
      ],
    });
    const deal = await adminClient.data<{
      opportunity: { amount: string; recurringAmount: string; lines: { netAmount: string }[] };
    }>(
      `query($id: ID!, $p: String) { opportunity(opportunityId: $id, atLeastPosition: $p) {
         amount recurringAmount lines { netAmount } } }`,
      { id: opportunityId, p: lined.position },
    );
    expect(deal.opportunity).toEqual({
      amount: '270.00',
      recurringAmount: '270.00',
      lines: [{ netAmount: '270.00' }],
    });

    await command(adminClient, 'winOpportunity', { opportunityId });
    const placed = await command(adminClient, 'placeOrder', {
      customerId,
      opportunityId,
      currency: 'EUR',
      channel: 'ONLINE_STORE',
      lines: [{ category: 'subscriptions', quantity: 10, unitPrice: '27.00' }],
    });
    const orderId = placed.createdId!;
    await command(adminClient, 'payOrder', { orderId, paymentReference: `PSP-${run}` });
    await command(adminClient, 'shipOrder', { orderId, carrier: 'DHL', trackingNumber: 'JD1' });
    const completed = await command(adminClient, 'completeOrder', { orderId });
    const orders = await adminClient.data<{
      orders: { orderId: string; status: string; carrier: string; completedAt: string | null }[];
    }>(
      `query($c: ID!, $p: String) { orders(customerId: $c, atLeastPosition: $p) {
         orderId status carrier completedAt } }`,
      { c: customerId, p: completed.position },
    );
    expect(orders.orders).toEqual([
      { orderId, status: 'completed', carrier: 'DHL', completedAt: expect.any(String) },
    ]);
    const skipped = await adminClient.request(
      `mutation($input: PayOrderInput!) { payOrder(input: $input) { createdId } }`,
      { input: { orderId: `${orderId}` } },
    );
    // Paying a completed order again changes nothing (no error, no event).
    expect(skipped.errors).toBeUndefined();
  });
});
