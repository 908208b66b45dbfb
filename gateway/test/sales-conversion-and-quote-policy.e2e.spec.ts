// Lead conversion through the customers context's command API (ADR 0380), on the running platform
// through GraphQL: converting a lead without naming a customer registers one in the customers
// context from the lead's contact (owned by the lead's owner, acquired through the lead), links
// both ways, and does it once per lead: a conversion sent again registers nobody new, a customer
// already registered for the lead by an earlier attempt is linked, a lead matched to a known
// customer on capture converts into that customer, and a conversion that sales would refuse
// registers no customer at all. Quotes valid through a day where the customer is (ADR 0381) expire
// at that day's local midnight, and a tenant's approval policy (ADR 0382) is declared by an admin
// and routes the quotes created after it.
import { randomUUID } from 'node:crypto';
import { eventually } from '@crm/testing';
import { customerIdForLead } from '../src/sales/lead-customer-link';
import type { GatewayGraphQLClient } from './support/graphql-client';
import { admin, loginToRunningPlatform } from './support/running-platform';
import { salesCommand as command, salesUser } from './support/sales-e2e';

jest.setTimeout(300_000);
const SETTLE = { timeoutMs: 120_000, intervalMs: 200 };
const run = randomUUID().slice(0, 8);

let adminClient: GatewayGraphQLClient;

const CUSTOMER = `query($id: ID!, $p: String) { customer(id: $id, atLeastPosition: $p) {
  id kind displayName ownerUserId contacts { kind email phone } channels { channel externalId detail } } }`;
const LEAD = `query($id: ID!, $p: String) { lead(leadId: $id, atLeastPosition: $p) {
  status customerId opportunityId matchedCustomerId } }`;

interface CustomerView {
  id: string;
  kind: string;
  displayName: string;
  ownerUserId: string | null;
  contacts: { kind: string; email: string | null; phone: string | null }[];
  channels: { channel: string; externalId: string | null; detail: string | null }[];
}

/** A read that may wait for its read model under load: retried until the deadline. */
const settled = <T>(client: GatewayGraphQLClient, query: string, variables: object) =>
  eventually(() => client.data<T>(query, variables as Record<string, unknown>), SETTLE);

const terms = (leadId: string) => ({
  leadId,
  opportunityName: `Conversion ${run}`,
  amount: '900.00',
  currency: 'EUR',
  expectedCloseOn: '2027-06-30',
});

beforeAll(async () => {
  adminClient = await loginToRunningPlatform();
});

describe('lead conversion through the customers context', () => {
  it('registers the customer from the lead once, links both ways, and a retry changes nothing', async () => {
    const rep = await salesUser(adminClient, run, 'conv-rep', 'SALES_REP', `conv-${run}`);
    const email = `ines.${run}@conversion.example`;
    const lead = await command(rep.client, 'captureLead', {
      source: 'WEB_FORM',
      contact: { name: 'Ines de Castro', email, phone: '+351 21 000 0000' },
    });
    const leadId = lead.createdId!;

    // Refused by sales (a negative amount): no customer is registered for the lead.
    const refused = await rep.client.request(
      `mutation($input: ConvertLeadInput!) { convertLead(input: $input) { createdId } }`,
      { input: { ...terms(leadId), amount: '-5.00' } },
    );
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    const expectedCustomerId = customerIdForLead(admin.tenant, leadId);
    const absent = await rep.client.request(CUSTOMER, { id: expectedCustomerId });
    expect(absent.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');

    const opportunityId = randomUUID();
    const conversion = { ...terms(leadId), opportunityId, idempotencyKey: `convert-${run}` };
    const converted = await command(rep.client, 'convertLead', conversion);
    expect(converted.createdId).toBe(opportunityId);

    const linked = await settled<{ lead: { customerId: string; status: string } }>(
      rep.client,
      LEAD,
      {
        id: leadId,
        p: converted.position,
      },
    );
    expect(linked.lead).toMatchObject({ status: 'CONVERTED', customerId: expectedCustomerId });
    const customer = await eventually(
      async () =>
        (await rep.client.data<{ customer: CustomerView }>(CUSTOMER, { id: expectedCustomerId }))
          .customer,
      SETTLE,
    );
    expect(customer).toMatchObject({
      kind: 'PERSON',
      displayName: 'Ines de Castro',
      ownerUserId: rep.userId,
    });
    expect(customer.contacts.map((c) => c.email ?? c.phone)).toEqual(
      expect.arrayContaining([email, '+351210000000']),
    );
    expect(customer.channels).toEqual([
      expect.objectContaining({ channel: 'WEB_FORM', externalId: `lead:${leadId}` }),
    ]);

    // The same conversion sent again (a client retry): the same customer and deal, nothing new.
    const again = await command(rep.client, 'convertLead', conversion);
    expect(again.createdId).toBe(opportunityId);
    const after = await settled<{ lead: { customerId: string } }>(rep.client, LEAD, {
      id: leadId,
      p: again.position,
    });
    expect(after.lead.customerId).toBe(expectedCustomerId);
  });

  it('links the customer an earlier attempt registered, and a customer the lead matched', async () => {
    const rep = await salesUser(adminClient, run, 'conv-rep2', 'SALES_REP', `conv2-${run}`);

    // An earlier attempt registered the lead's customer, then the conversion failed in sales.
    const lead = await command(rep.client, 'captureLead', {
      source: 'API',
      contact: { name: 'Tomas Earlier', email: `tomas.${run}@conversion.example` },
      companyName: `Earlier ${run} GmbH`,
    });
    const leadId = lead.createdId!;
    const earlierId = customerIdForLead(admin.tenant, leadId);
    await rep.client.data(
      `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
      { input: { customerId: earlierId, company: { legalName: `Earlier ${run} GmbH` } } },
    );
    const converted = await command(rep.client, 'convertLead', terms(leadId));
    const linked = await settled<{ lead: { customerId: string } }>(rep.client, LEAD, {
      id: leadId,
      p: converted.position,
    });
    expect(linked.lead.customerId).toBe(earlierId);

    // A lead whose e-mail a customer already holds converts into that customer.
    const knownEmail = `known.${run}@conversion.example`;
    const known = await rep.client.data<{ registerCustomer: { customerId: string } }>(
      `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
      {
        input: {
          person: { firstName: 'Known', lastName: `Buyer${run}` },
          contacts: [{ email: knownEmail, primary: true }],
        },
      },
    );
    const knownId = known.registerCustomer.customerId;
    // The sales-side contact index follows customers' events: capture once it has the e-mail.
    const matchedLead = await eventually(async () => {
      const captured = await command(rep.client, 'captureLead', {
        idempotencyKey: `matched-${run}-${Date.now()}`,
        source: 'WEB_FORM',
        contact: { name: 'Known Buyer', email: knownEmail },
      });
      const view = await settled<{ lead: { matchedCustomerId: string | null } }>(rep.client, LEAD, {
        id: captured.createdId,
        p: captured.position,
      });
      expect(view.lead.matchedCustomerId).toBe(knownId);
      return captured.createdId!;
    }, SETTLE);
    const matchedConversion = await command(rep.client, 'convertLead', terms(matchedLead));
    const matched = await settled<{ lead: { customerId: string } }>(rep.client, LEAD, {
      id: matchedLead,
      p: matchedConversion.position,
    });
    expect(matched.lead.customerId).toBe(knownId);
  });
});

describe('quotes valid through a day where the customer is, routed by the tenant’s policy', () => {
  it('computes the local end of day and shows the route of the policy an admin declared', async () => {
    const rep = await salesUser(adminClient, run, 'policy-rep', 'SALES_REP', `policy-${run}`);
    const manager = await salesUser(
      adminClient,
      run,
      'policy-manager',
      'SALES_MANAGER',
      `policy-${run}`,
    );
    // The platform's default policy, declared as the tenant's own (other specs share the tenant).
    const defined = await command(adminClient, 'defineQuoteApprovalPolicy', {
      levels: [{ approverRole: 'SALES_MANAGER', maxDiscountPercent: 20, maxAmount: '100000.00' }],
    });
    expect(defined.position).not.toBe('0');
    const refused = await manager.client.request(
      `mutation($input: DefineQuoteApprovalPolicyInput!) { defineQuoteApprovalPolicy(input: $input) { createdId } }`,
      { input: { levels: [{ approverRole: 'ADMIN', maxDiscountPercent: 5, maxAmount: '1.00' }] } },
    );
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

    const opened = await command(rep.client, 'openOpportunity', {
      name: `Tokyo ${run}`,
      customerId: randomUUID(),
      amount: '1000.00',
      currency: 'JPY',
      expectedCloseOn: '2027-03-31',
    });
    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const created = await command(rep.client, 'createQuote', {
      opportunityId: opened.createdId,
      validUntilDate: day,
      customerTimeZone: 'Asia/Tokyo',
      lines: [
        {
          name: 'Licence',
          category: 'licences',
          quantity: 1,
          unitPrice: '1000.00',
          discountPercent: 25,
        },
      ],
    });
    const { quote } = await settled<{
      quote: {
        validUntil: string;
        validUntilDate: string;
        customerTimeZone: string;
        approvalSteps: { approverRole: string; reasons: string[] }[];
        nextApproverRole: string | null;
      };
    }>(
      manager.client,
      `query($id: ID!, $p: String) { quote(quoteId: $id, atLeastPosition: $p) {
        validUntil validUntilDate customerTimeZone approvalSteps { approverRole reasons } nextApproverRole } }`,
      { id: created.createdId, p: created.position },
    );
    // Midnight in Tokyo (UTC+9, no daylight saving) ending that day: 15:00 UTC of the same date.
    expect(quote).toEqual({
      validUntil: `${day}T15:00:00.000Z`,
      validUntilDate: day,
      customerTimeZone: 'Asia/Tokyo',
      approvalSteps: [{ approverRole: 'SALES_MANAGER', reasons: ['discount'] }],
      nextApproverRole: 'SALES_MANAGER',
    });
  });
});

describe('lead follow-up through GraphQL', () => {
  it('sets the follow-up the lead queue shows, and the conversion clears it', async () => {
    const rep = await salesUser(adminClient, run, 'follow-rep', 'SALES_REP', `follow-${run}`);
    const lead = await command(rep.client, 'captureLead', {
      source: 'WEB_FORM',
      contact: { name: 'Fay Follow', email: `fay.${run}@conversion.example` },
    });
    const dueAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const set = await command(rep.client, 'scheduleLeadFollowUp', {
      leadId: lead.createdId,
      dueAt,
      note: 'Call after the fair',
    });
    const FOLLOW_UP = `query($id: ID!, $p: String) { lead(leadId: $id, atLeastPosition: $p) {
      followUpAt followUpNote followUpDue } }`;
    const shown = await settled<{ lead: object }>(rep.client, FOLLOW_UP, {
      id: lead.createdId,
      p: set.position,
    });
    expect(shown.lead).toEqual({
      followUpAt: dueAt,
      followUpNote: 'Call after the fair',
      followUpDue: false,
    });
    const past = await rep.client.request(
      `mutation($input: ScheduleLeadFollowUpInput!) { scheduleLeadFollowUp(input: $input) { createdId } }`,
      { input: { leadId: lead.createdId, dueAt: '2020-01-01T00:00:00Z' } },
    );
    expect(past.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    const converted = await command(rep.client, 'convertLead', terms(lead.createdId!));
    const cleared = await settled<{ lead: object }>(rep.client, FOLLOW_UP, {
      id: lead.createdId,
      p: converted.position,
    });
    expect(cleared.lead).toEqual({ followUpAt: null, followUpNote: null, followUpDue: false });
  });
});

describe('internal notes on sales records', () => {
  it('are seen by the sales team in scope, never by others nor in the customer’s data export', async () => {
    const team = `notes-${run}`;
    const rep = await salesUser(adminClient, run, 'notes-rep', 'SALES_REP', team);
    const manager = await salesUser(adminClient, run, 'notes-manager', 'SALES_MANAGER', team);
    const otherRep = await salesUser(adminClient, run, 'notes-other', 'SALES_REP', `other-${team}`);
    const lead = await command(rep.client, 'captureLead', {
      source: 'WEB_FORM',
      contact: { name: 'Nora Notes', email: `nora.${run}@conversion.example` },
    });
    const converted = await command(rep.client, 'convertLead', terms(lead.createdId!));
    const opportunityId = converted.createdId!;
    const secret = `Budget holder is the CFO ${run}; prefers calls after 4 pm`;
    const added = await command(rep.client, 'addSalesNote', {
      aboutKind: 'OPPORTUNITY',
      aboutId: opportunityId,
      text: secret,
    });
    const NOTES = `query($id: ID!, $p: String) { salesNotes(aboutKind: OPPORTUNITY, aboutId: $id, atLeastPosition: $p) {
      noteId text authorId } }`;
    const seen = await settled<{
      salesNotes: { noteId: string; text: string; authorId: string }[];
    }>(manager.client, NOTES, { id: opportunityId, p: added.position });
    expect(seen.salesNotes).toEqual([
      { noteId: added.createdId, text: secret, authorId: rep.userId },
    ]);
    const other = await settled<{ salesNotes: unknown[] }>(otherRep.client, NOTES, {
      id: opportunityId,
      p: added.position,
    });
    expect(other.salesNotes).toEqual([]);
    // A record out of scope: NOT_FOUND, nothing written.
    const refused = await otherRep.client.request(
      `mutation($input: AddSalesNoteInput!) { addSalesNote(input: $input) { createdId } }`,
      { input: { aboutKind: 'OPPORTUNITY', aboutId: opportunityId, text: 'x' } },
    );
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');

    const customerId = customerIdForLead(admin.tenant, lead.createdId!);
    const exported = await adminClient.data<{ exportPersonalData: { documentJson: string } }>(
      `query($id: ID!) { exportPersonalData(customerId: $id) { documentJson } }`,
      { id: customerId },
    );
    expect(exported.exportPersonalData.documentJson).toContain(`nora.${run}@conversion.example`);
    expect(exported.exportPersonalData.documentJson).not.toContain(secret);

    const removed = await command(rep.client, 'removeSalesNote', { noteId: added.createdId });
    const after = await settled<{ salesNotes: unknown[] }>(manager.client, NOTES, {
      id: opportunityId,
      p: removed.position,
    });
    expect(after.salesNotes).toEqual([]);
  });
});
