// Sales on the running platform, through GraphQL: a rep captures a lead, registers the customer and
// converts the lead into it with an opportunity, moves and wins the deal and places the order. The
// order shows in the rep's orders and in the customer's purchase history (customers' reactor on
// sales.OrderPlaced); a rep of another team sees none of it, the rep's manager sees it all.
import { randomUUID } from 'node:crypto';
import { eventually } from '@crm/testing';
import type { GatewayGraphQLClient } from './support/graphql-client';
import { loginToRunningPlatform } from './support/running-platform';
import { salesCommand, salesUser } from './support/sales-e2e';

// Reactors and projections read the store gap-free; on a cluster shared with other runs that can
// hold them back for a while.
jest.setTimeout(300_000);
const SETTLE = { timeoutMs: 120_000, intervalMs: 200 };
const run = randomUUID().slice(0, 8);

let adminClient: GatewayGraphQLClient;

const userClient = (name: string, role: string, teamId: string) =>
  salesUser(adminClient, run, name, role, teamId);
const command = salesCommand;

const ORDERS = `query($p: String, $c: ID) { orders(atLeastPosition: $p, customerId: $c) {
  orderId customerId opportunityId amount currency status ownerId items { sku quantity unitPrice } } }`;

beforeAll(async () => {
  adminClient = await loginToRunningPlatform();
}, 60_000);

describe('sales end to end', () => {
  it('takes a lead to a won deal and an order the customer history and the manager see', async () => {
    const team = `sales-${run}`;
    const rep = await userClient('rep', 'SALES_REP', team);
    const manager = await userClient('manager', 'SALES_MANAGER', team);
    const otherRep = await userClient('other', 'SALES_REP', `other-${run}`);

    const lead = await command(rep.client, 'captureLead', {
      idempotencyKey: `lead-${run}`,
      source: 'WEB_FORM',
      contact: { name: 'Grace Buyer', email: `grace.${run}@buyer.example` },
      companyName: `Buyer ${run} Ltd`,
    });
    const leadId = lead.createdId!;
    const queued = await rep.client.data<{ lead: { status: string; ownerId: string } }>(
      `query($id: ID!, $p: String) { lead(leadId: $id, atLeastPosition: $p) { status ownerId } }`,
      { id: leadId, p: lead.position },
    );
    expect(queued.lead).toEqual({ status: 'OPEN', ownerId: rep.userId });

    const registered = await rep.client.data<{ registerCustomer: { customerId: string } }>(
      `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
      {
        input: {
          person: { firstName: 'Grace', lastName: `Buyer${run}` },
          contacts: [{ email: `grace.${run}@buyer.example`, primary: true }],
          initialStatus: 'ACTIVE',
        },
      },
    );
    const customerId = registered.registerCustomer.customerId;
    const conversion = {
      leadId,
      customerId,
      opportunityName: `Fleet ${run}`,
      amount: '1200.00',
      currency: 'EUR',
      expectedCloseOn: '2027-03-31',
    };
    const converted = await command(rep.client, 'convertLead', {
      ...conversion,
      idempotencyKey: `convert-${run}`,
    });
    const opportunityId = converted.createdId!;

    // Converting again into something else: a typed error, nothing written.
    const twice = await rep.client.request(
      `mutation($input: ConvertLeadInput!) { convertLead(input: $input) { createdId } }`,
      { input: { ...conversion, opportunityName: 'Another deal' } },
    );
    expect(twice.errors?.[0]?.extensions).toMatchObject({
      code: 'FAILED_PRECONDITION',
      reason: 'LEAD_ALREADY_CONVERTED',
    });

    const moved = await command(rep.client, 'moveOpportunityStage', {
      opportunityId,
      stageId: 'proposal',
    });
    const board = await rep.client.data<{
      pipelineBoard: {
        columns: { stageId: string; opportunities: { opportunityId: string }[] }[];
      };
    }>(
      `query($p: String) { pipelineBoard(atLeastPosition: $p) { columns { stageId opportunities { opportunityId } } } }`,
      { p: moved.position },
    );
    const proposal = board.pipelineBoard.columns.find((c) => c.stageId === 'proposal');
    expect(proposal?.opportunities.map((o) => o.opportunityId)).toContain(opportunityId);

    const won = await command(rep.client, 'winOpportunity', { opportunityId });
    const deal = await rep.client.data<{ opportunity: { status: string } }>(
      `query($id: ID!, $p: String) { opportunity(opportunityId: $id, atLeastPosition: $p) { status } }`,
      { id: opportunityId, p: won.position },
    );
    expect(deal.opportunity.status).toBe('won');

    const placed = await command(rep.client, 'placeOrder', {
      idempotencyKey: `order-${run}`,
      customerId,
      opportunityId,
      currency: 'EUR',
      channel: 'ONLINE_STORE',
      lines: [
        {
          sku: 'FLEET-1',
          name: 'Fleet licence',
          category: 'licences',
          quantity: 2,
          unitPrice: '600.00',
        },
      ],
    });
    const orderId = placed.createdId!;
    const repOrders = await rep.client.data<{ orders: Record<string, unknown>[] }>(ORDERS, {
      p: placed.position,
      c: customerId,
    });
    expect(repOrders.orders).toEqual([
      {
        orderId,
        customerId,
        opportunityId,
        amount: '1200.00',
        currency: 'EUR',
        status: 'placed',
        ownerId: rep.userId,
        items: [{ sku: 'FLEET-1', quantity: 2, unitPrice: '600.00' }],
      },
    ]);

    // The customers context records the purchase from sales.OrderPlaced, once.
    const history = await eventually(async () => {
      const view = await rep.client.data<{
        customer: { purchases: { orderCount: number; totals: { amount: string }[] } | null };
      }>(`query($id: ID!) { customer(id: $id) { purchases { orderCount totals { amount } } } }`, {
        id: customerId,
      });
      return view.customer.purchases?.orderCount === 1 && view.customer.purchases;
    }, SETTLE);
    expect(history).toMatchObject({ orderCount: 1 });

    // Another team's rep sees neither the order nor the deal.
    const foreign = await otherRep.client.data<{ orders: unknown[] }>(ORDERS, {
      p: placed.position,
      c: customerId,
    });
    expect(foreign.orders).toEqual([]);
    const hidden = await otherRep.client.request(
      `query($id: ID!) { opportunity(opportunityId: $id) { status } }`,
      { id: opportunityId },
    );
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // The rep's manager sees the team's order.
    const managed = await manager.client.data<{ orders: { orderId: string }[] }>(ORDERS, {
      p: placed.position,
      c: customerId,
    });
    expect(managed.orders.map((o) => o.orderId)).toEqual([orderId]);
  });
});
