// Sales on the running platform, through GraphQL: a rep captures a lead, registers the customer and
// converts the lead into it with an opportunity, moves and wins the deal and places the order. The
// order shows in the rep's orders and in the customer's purchase history (customers' reactor on
// sales.OrderPlaced); a rep of another team sees none of it, the rep's manager sees it all.
// The "done when" walk: a lead published to the inbound Kafka topic by an integration is
// captured, scored and assigned by its team's strategy, qualified, converted, moved through the
// stages, quoted with a discount that needs the manager's approval, accepted (the order is placed)
// and shows as a purchase in customer 360; a plain kafkajs consumer reads it all on crm.sales.events.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { eventually, testInfrastructure } from '@crm/testing';
import type { GatewayGraphQLClient } from './support/graphql-client';
import { admin, loginToRunningPlatform } from './support/running-platform';
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

const namespace = process.env['CRM_TOPIC_NAMESPACE'] ?? '';
const salesTopic = `${namespace}crm.sales.events`;
const inboundTopic = `${namespace}crm.sales.inbound-leads`;
/** What a plain integration consumer saw on crm.sales.events: type and streamId of each event. */
const published: { type: string; streamId: string; data: Record<string, unknown> }[] = [];
let consumer: Consumer;
let producer: Producer;

beforeAll(async () => {
  adminClient = await loginToRunningPlatform();
  const infra = await testInfrastructure({ require: ['kafka'] });
  const kafka = new Kafka({
    clientId: `e2e-sales-${run}`,
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  consumer = kafka.consumer({ groupId: `e2e-sales-integration-${run}` });
  await consumer.connect();
  await consumer.subscribe({ topic: salesTopic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value?.toString('utf8') ?? '{}') as (typeof published)[0];
      published.push({ type: event.type, streamId: event.streamId, data: event.data });
    },
  });
  producer = kafka.producer();
  await producer.connect();
}, 60_000);

afterAll(async () => {
  await consumer?.disconnect();
  await producer?.disconnect();
});

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

  it('walks an inbound Kafka lead to a purchase in customer 360, seen on crm.sales.events', async () => {
    const team = `inbound-${run}`;
    const rep = await userClient('inrep', 'SALES_REP', team);
    const manager = await userClient('inmanager', 'SALES_MANAGER', team);
    await command(manager.client, 'defineSalesTeam', {
      teamId: team,
      strategy: 'round_robin',
      reps: [{ repId: rep.userId, capacity: 50 }],
    });

    // An integration publishes a lead to the documented inbound topic.
    const email = `linus.${run}@inbound.example`;
    await producer.send({
      topic: inboundTopic,
      messages: [
        {
          key: `webform-${run}`,
          value: JSON.stringify({
            messageId: `webform-${run}`,
            tenantId: admin.tenant,
            contact: { name: 'Linus Inbound', email },
            companyName: `Inbound ${run} AB`,
            teamId: team,
            fields: { country: 'SE' },
          }),
        },
      ],
    });

    // Captured, scored and assigned to the team's rep by its strategy.
    type Lead = {
      leadId: string;
      status: string;
      ownerId: string;
      score: { score: number } | null;
    };
    const lead = await eventually(async () => {
      const { leads } = await rep.client.data<{ leads: Lead[] }>(
        `{ leads { leadId status ownerId score { score } } }`,
      );
      const found = leads.find((l) => l.ownerId === rep.userId && l.score !== null);
      expect(found).toBeDefined();
      return found!;
    }, SETTLE);
    expect(lead).toMatchObject({ status: 'OPEN', ownerId: rep.userId });
    const leadId = lead.leadId;

    await command(rep.client, 'qualifyLead', { leadId, note: 'Budget confirmed' });
    const registered = await rep.client.data<{ registerCustomer: { customerId: string } }>(
      `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
      {
        input: {
          person: { firstName: 'Linus', lastName: `Inbound${run}` },
          contacts: [{ email, primary: true }],
          initialStatus: 'ACTIVE',
        },
      },
    );
    const customerId = registered.registerCustomer.customerId;
    const converted = await command(rep.client, 'convertLead', {
      leadId,
      customerId,
      opportunityName: `Servers ${run}`,
      amount: '9000.00',
      currency: 'EUR',
      expectedCloseOn: '2027-06-30',
    });
    const opportunityId = converted.createdId!;
    for (const stageId of ['qualified', 'proposal', 'negotiation']) {
      await command(rep.client, 'moveOpportunityStage', { opportunityId, stageId });
    }
    const committedAt = new Date().toISOString();

    // A quote whose discount needs approval: the manager approves the version they saw.
    const quoted = await command(rep.client, 'createQuote', {
      opportunityId,
      validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      lines: [
        {
          sku: 'SRV-1',
          name: 'Server',
          category: 'hardware',
          quantity: 3,
          unitPrice: '4000.00',
          discountPercent: 25,
        },
      ],
    });
    const quoteId = quoted.createdId!;
    const unapproved = await rep.client.request(
      `mutation($input: SendQuoteInput!) { sendQuote(input: $input) { createdId } }`,
      { input: { quoteId } },
    );
    expect(unapproved.errors?.[0]?.extensions?.reason).toBe('QUOTE_NEEDS_APPROVAL');
    await command(manager.client, 'approveQuote', { quoteId, version: 1 });
    await command(rep.client, 'sendQuote', { quoteId });
    const accepted = await command(rep.client, 'acceptQuote', { quoteId, version: 1 });
    const orderId = accepted.createdId!;

    // The order is a purchase in customer 360 (customers' reactor on sales.OrderPlaced), once.
    const purchases = await eventually(async () => {
      const view = await rep.client.data<{
        customer: { purchases: { orderCount: number; totals: { amount: string }[] } | null };
      }>(`query($id: ID!) { customer(id: $id) { purchases { orderCount totals { amount } } } }`, {
        id: customerId,
      });
      expect(view.customer.purchases?.orderCount).toBe(1);
      return view.customer.purchases;
    }, SETTLE);
    expect(purchases?.totals).toEqual([{ amount: '9000.00' }]);

    // Time travel: as of the moment it was committed, the won deal is still in negotiation on the
    // board and in the rep's commit for its quarter, replayed from the events.
    const past = await rep.client.data<{
      pipelineBoard: { columns: { stageId: string; opportunities: { opportunityId: string }[] }[] };
      salesForecast: { lines: { ownerId: string; commit: string; wonCount: number }[] };
    }>(
      `query($at: String!) {
        pipelineBoard(asOf: $at) { columns { stageId opportunities { opportunityId } } }
        salesForecast(period: "2027-Q2", asOf: $at) { lines { ownerId commit wonCount } }
      }`,
      { at: committedAt },
    );
    const negotiation = past.pipelineBoard.columns.find((c) => c.stageId === 'negotiation');
    expect(negotiation?.opportunities.map((o) => o.opportunityId)).toContain(opportunityId);
    expect(past.salesForecast.lines).toEqual([
      { ownerId: rep.userId, commit: '9000.00', wonCount: 0 },
    ]);

    // An integration reading crm.sales.events saw the whole walk, in order per stream.
    const typesOf = (streamId: string) =>
      published.filter((e) => e.streamId === streamId).map((e) => e.type);
    await eventually(() => {
      expect(typesOf(`sales.Lead-${leadId}`)).toEqual([
        'sales.LeadCaptured',
        'sales.LeadAssigned',
        'sales.LeadQualified',
        'sales.LeadConverted',
      ]);
      expect(typesOf(`sales.LeadScore-${leadId}`)).toContain('sales.LeadScored');
      expect(typesOf(`sales.Opportunity-${opportunityId}`)).toEqual([
        'sales.OpportunityOpened',
        'sales.OpportunityStageChanged',
        'sales.OpportunityStageChanged',
        'sales.OpportunityStageChanged',
        'sales.OpportunityWon',
      ]);
      expect(typesOf(`sales.Quote-${quoteId}`)).toEqual([
        'sales.QuoteCreated',
        'sales.QuoteApproved',
        'sales.QuoteSent',
        'sales.QuoteAccepted',
      ]);
      expect(typesOf(`sales.Order-${orderId}`)).toEqual([
        'sales.OrderPlaced',
        'sales.OrderAttributed',
      ]);
      return Promise.resolve();
    }, SETTLE);
    const captured = published.find((e) => e.streamId === `sales.Lead-${leadId}`);
    // The contact travels encrypted: an integration never reads it in clear.
    expect(JSON.stringify(captured?.data)).not.toContain(email);
  });
});
