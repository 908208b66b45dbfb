// The customer 360 composed across contexts on the running platform: one `customer` query answers
// the sales, service-desk and loyalty facts of a customer, each in that context's own scope. A rep
// sees only their own opportunities of the customer; an agent sees the tickets and no sales facts
// (null, not an error); the loyalty facts agree with the member read model.
import { randomUUID } from 'node:crypto';
import { eventually } from '@crm/testing';
import type { GatewayGraphQLClient } from './support/graphql-client';
import { loginToRunningPlatform } from './support/running-platform';
import { salesCommand, salesUser, type SalesUser } from './support/sales-e2e';

jest.setTimeout(300_000);
const run = randomUUID().slice(0, 8);
const SETTLE = { timeoutMs: 120_000, intervalMs: 200 };

interface Facts {
  sales: {
    openOpportunities: number;
    openPipeline: { amount: string; currency: string }[];
    nextExpectedCloseOn: string | null;
  } | null;
  serviceDesk: { openTickets: number; recentOpenTickets: { ticketId: string }[] } | null;
  loyalty: { tier: string | null; availablePoints: number } | null;
}

const FACTS = `query($id: ID!) { customer(id: $id) {
  sales { openOpportunities openPipeline { amount currency } nextExpectedCloseOn }
  serviceDesk { openTickets recentOpenTickets { ticketId } }
  loyalty { tier availablePoints } } }`;

const factsOf = async (client: GatewayGraphQLClient, id: string): Promise<Facts> =>
  (await client.data<{ customer: Facts }>(FACTS, { id })).customer;

let adminClient: GatewayGraphQLClient;
let rep: SalesUser;
let otherRep: SalesUser;
let agent: SalesUser;

beforeAll(async () => {
  adminClient = await loginToRunningPlatform();
  rep = await salesUser(adminClient, run, 'factsrep', 'SALES_REP', `facts-a-${run}`);
  otherRep = await salesUser(adminClient, run, 'factszed', 'SALES_REP', `facts-b-${run}`);
  agent = await salesUser(adminClient, run, 'factsagent', 'SERVICE_AGENT', `facts-desk-${run}`);
}, 120_000);

describe('customer 360 facts from every context', () => {
  it("shows each context's facts in that context's scope, and none a role cannot read", async () => {
    const registered = await rep.client.data<{ registerCustomer: { customerId: string } }>(
      `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
      {
        input: {
          person: { firstName: 'Facts', lastName: `Person${run}` },
          contacts: [{ email: `facts.${run}@example.org`, primary: true }],
        },
      },
    );
    const customerId = registered.registerCustomer.customerId;
    const open = (client: GatewayGraphQLClient, amount: string, currency: string, on: string) =>
      salesCommand(client, 'openOpportunity', {
        name: `Facts deal ${amount} ${run}`,
        customerId,
        amount,
        currency,
        expectedCloseOn: on,
      });
    await open(rep.client, '800.00', 'EUR', '2027-05-31');
    await open(rep.client, '200.50', 'EUR', '2027-04-30');
    await open(rep.client, '99.99', 'USD', '2027-06-30');
    // Another team's deal with the same customer: not in the rep's scope.
    await open(otherRep.client, '5000.00', 'EUR', '2027-01-31');
    const ticket = await agent.client.data<{ openTicket: { createdId: string } }>(
      `mutation($input: OpenTicketInput!) { openTicket(input: $input) { createdId } }`,
      {
        input: {
          channel: 'PHONE',
          subject: `Facts call ${run}`,
          body: 'Asked about the renewal.',
          customerId,
        },
      },
    );

    const repView = await eventually(async () => {
      const facts = await factsOf(rep.client, customerId);
      return facts.sales?.openOpportunities === 3 && facts;
    }, SETTLE);
    expect(repView.sales).toEqual({
      openOpportunities: 3,
      openPipeline: [
        { amount: '1000.50', currency: 'EUR' },
        { amount: '99.99', currency: 'USD' },
      ],
      nextExpectedCloseOn: '2027-04-30',
    });
    // A sales rep cannot read tickets.
    expect(repView.serviceDesk).toBeNull();

    const adminView = await eventually(async () => {
      const facts = await factsOf(adminClient, customerId);
      return facts.sales?.openOpportunities === 4 && facts.serviceDesk?.openTickets === 1 && facts;
    }, SETTLE);
    expect(adminView.sales?.openPipeline).toEqual([
      { amount: '6000.50', currency: 'EUR' },
      { amount: '99.99', currency: 'USD' },
    ]);
    expect(adminView.serviceDesk?.recentOpenTickets).toEqual([
      { ticketId: ticket.openTicket.createdId },
    ]);

    const agentView = await factsOf(agent.client, customerId);
    expect(agentView.sales).toBeNull();
    expect(agentView.serviceDesk?.openTickets).toBe(1);

    // Loyalty: whether this tenant's program enrolled the customer or not, the 360 says what the
    // member read model says (read together, until both have caught up to the same answer).
    await eventually(async () => {
      const member = await adminClient.request<{
        loyaltyMember: { tier: string | null; availablePoints: number };
      }>(`query($id: ID!) { loyaltyMember(memberId: $id) { tier availablePoints } }`, {
        id: customerId,
      });
      const { loyalty } = await factsOf(adminClient, customerId);
      const found = member.data?.loyaltyMember;
      expect(loyalty).toEqual(
        found ? { tier: found.tier, availablePoints: found.availablePoints } : null,
      );
    }, SETTLE);
  });
});
