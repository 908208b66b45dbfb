/* eslint-disable @typescript-eslint/no-unsafe-return --
   stored events are untyped at runtime; the spec asserts their shape. */
// The duplicate check of lead capture against customers known only to the customers context
// (issue 11, ADR 0325), over real gRPC and PostgreSQL: the customers context's public contact
// events (encrypted under the customer's key, as it writes them) feed sales' index of keyed
// digests; a lead with a customer's e-mail or phone is flagged sales.LeadCustomerMatched; a
// removed contact and an erased customer are no longer matched.
import { PostgresEventStore, type NewEvent } from '@crm/event-sourcing';
import type { Pool } from 'pg';
import { customerContactsStore } from '@crm/reactors';
import { eventually } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import type { SalesConfig } from './config/sales.config';
import { SalesCustomerContacts } from './customers/sales-customer-contacts.wiring';
import { SALES_CONFIG, SALES_PG_POOL } from './sales.tokens';
import { ctx, startSalesTestService, type SalesTestService } from '../test/sales-test-service';

jest.setTimeout(90_000);

let t: SalesTestService;
let producer: PostgresEventStore;
beforeAll(async () => {
  t = await startSalesTestService('sales-customer-match');
  producer = await PostgresEventStore.create({
    connectionString: t.database.url,
    eventTypes: [
      'CustomerRegistered',
      'ContactAdded',
      'ContactRemoved',
      'OwnerAssigned',
      'PersonalDataErased',
    ].map((name) => ({
      type: `customers.${name}`,
      schemaVersion: 1,
    })),
    poolConfig: { max: 2 },
  });
});
afterAll(async () => {
  await producer?.close();
  await t?.stop();
});

/** Appends customers' public events as the customers context writes them (contact encrypted). */
async function customersWrite(customerId: string, events: { type: string; data: object }[]) {
  const config = t.service.app.get<symbol, SalesConfig>(SALES_CONFIG);
  const customers = customerContactsStore(
    producer,
    t.service.app.get<symbol, Pool>(SALES_PG_POOL),
    config.masterKeys,
  );
  await customers.append(
    `customers.Customer-${customerId}`,
    events.map((e): NewEvent => ({
      eventId: uuidv7(),
      type: e.type,
      tenantId: 'tenant-a',
      occurredAt: new Date().toISOString(),
      actor: { kind: 'system', name: 'spec' },
      correlationId: uuidv7(),
      causationId: uuidv7(),
      data: { customerId, ...e.data },
    })),
  );
  const { indexer } = t.service.app.get(SalesCustomerContacts);
  await eventually(async () => expect((await indexer.status()).lag).toBe(0));
}

const contactAdded = (contactId: string, contactKind: string, value: string) => ({
  type: 'customers.ContactAdded',
  data: { contactId, contactKind, value, primary: true },
});

const capture = (contact: { name: string; email?: string; phone?: string }) =>
  t.call('CaptureLead', { ctx: ctx(), source: 'LEAD_SOURCE_API', contact });
const matchesOf = async (leadId: unknown) =>
  (await t.events())
    .filter((e) => e.type === 'sales.LeadCustomerMatched' && e.data.leadId === leadId)
    .map((e) => e.data);

describe('duplicate check against customers of the customers context', () => {
  const ada = uuidv7();
  const grace = uuidv7();

  beforeAll(async () => {
    await customersWrite(ada, [
      contactAdded('c-ada-mail', 'email', 'ada@example.com'),
      contactAdded('c-ada-phone', 'phone', '+442079460000'),
    ]);
    await customersWrite(grace, [contactAdded('c-grace-mail', 'email', 'grace@example.com')]);
  });

  it('flags a lead whose e-mail a customer holds, compared case-insensitively', async () => {
    const lead = await capture({ name: 'Ada L.', email: ' ADA@Example.com ' });
    expect(await matchesOf(lead.createdId)).toEqual([
      expect.objectContaining({ customerId: ada, matchedOn: 'email' }),
    ]);
    // The answer's position covers the flag (read your own writes).
    // (a fresh store's positions count its events from 1).
    const all = await t.events();
    const flaggedAt = all.findIndex(
      (e) => e.type === 'sales.LeadCustomerMatched' && e.data.leadId === lead.createdId,
    );
    expect(Number(lead.globalPosition)).toBe(flaggedAt + 1);
  });

  it('flags a lead whose e-mail came in an imported row (contacts inside the registration, ADR 0340)', async () => {
    const imported = uuidv7();
    await customersWrite(imported, [
      {
        type: 'customers.CustomerRegistered',
        data: {
          kind: 'person',
          status: 'prospect',
          contacts: [
            {
              contactId: 'c-imp-mail',
              contactKind: 'email',
              value: 'imported@example.com',
              primary: true,
            },
          ],
        },
      },
    ]);
    const lead = await capture({ name: 'Imported', email: 'imported@example.com' });
    expect(await matchesOf(lead.createdId)).toEqual([
      expect.objectContaining({ customerId: imported, matchedOn: 'email' }),
    ]);
  });

  it('flags a lead by a customer’s phone written another way, and no unknown contact', async () => {
    const byPhone = await capture({ name: 'A. Lovelace', phone: '+44 20 7946-0000' });
    expect(await matchesOf(byPhone.createdId)).toEqual([
      expect.objectContaining({ customerId: ada, matchedOn: 'phone' }),
    ]);
    const stranger = await capture({ name: 'Hedy', email: 'hedy@example.com', phone: '+1 555' });
    expect(await matchesOf(stranger.createdId)).toEqual([]);
  });

  it('gives a known customer’s lead to the customer’s owner with the sticky strategy', async () => {
    const reps = ['rep-a', 'rep-b', 'rep-c'].map((repId) => ({
      repId,
      capacity: 100,
      absent: false,
      optedOut: false,
      territories: [],
    }));
    await t.call('DefineSalesTeam', {
      ctx: ctx(),
      teamId: 'team-sticky',
      strategy: 'sticky',
      reps,
      rules: [],
      territoryField: '',
    });
    const linus = uuidv7();
    await customersWrite(linus, [
      contactAdded('c-linus-mail', 'email', 'linus@example.com'),
      { type: 'customers.OwnerAssigned', data: { ownerUserId: 'rep-c', teamId: 'team-sticky' } },
    ]);
    const owners = [];
    for (let i = 0; i < 3; i += 1) {
      const lead = await t.call('CaptureLead', {
        ctx: ctx(),
        source: 'LEAD_SOURCE_API',
        contact: { name: 'Linus', email: i === 0 ? 'linus@example.com' : `other-${i}@example.com` },
        teamId: 'team-sticky',
        route: true,
      });
      const assigned = (await t.events()).find(
        (e) => e.type === 'sales.LeadAssigned' && e.data.leadId === lead.createdId,
      );
      owners.push(assigned?.data.ownerId);
    }
    // The known customer's lead goes to their owner; strangers go round robin from the start.
    expect(owners).toEqual(['rep-c', 'rep-a', 'rep-b']);
  });

  it('no longer matches a removed contact or an erased customer, and keeps no digest of them', async () => {
    await customersWrite(ada, [
      {
        type: 'customers.ContactRemoved',
        data: { contactId: 'c-ada-phone', contactKind: 'phone' },
      },
    ]);
    const byPhone = await capture({ name: 'A. Lovelace', phone: '+442079460000' });
    expect(await matchesOf(byPhone.createdId)).toEqual([]);

    const before = await capture({ name: 'G. Hopper', email: 'grace@example.com' });
    expect(await matchesOf(before.createdId)).toEqual([
      expect.objectContaining({ customerId: grace, matchedOn: 'email' }),
    ]);
    await customersWrite(grace, [
      { type: 'customers.PersonalDataErased', data: { reason: 'GDPR request' } },
    ]);
    const erased = await capture({ name: 'G. Hopper', email: 'grace@example.com' });
    expect(await matchesOf(erased.createdId)).toEqual([]);
    const { rows } = await t.service.app
      .get<symbol, Pool>(SALES_PG_POOL)
      .query<{ customer_id: string }>(
        'SELECT customer_id FROM sales_customers.customer_contact_digests',
      );
    const indexed = rows.map((r) => r.customer_id);
    expect(indexed).toContain(ada);
    expect(indexed).not.toContain(grace);
  });
});
