// The customers context's erasure of a person reaches the leads the log links to that customer
// (ADR 0440), over real gRPC and PostgreSQL: when customers.PersonalDataErased lands on the store's
// log, the reactor `sales.customer-erasure` erases every lead converted into the customer, or
// matched to it on its e-mail at capture, under its own identity: sales.LeadErased, the lead's key
// shredded (its contact and its notes read "[erased]"); a lead matched on a phone number only, and
// other customers' leads, are kept. Redelivered (a replay from 0), it changes nothing. A link
// decided after the erasure (ADR 0481) is erased when it reaches the log, and a conversion naming
// an erased customer is refused.
import { PostgresEventStore, type EventStore } from '@crm/event-sourcing';
import { eventually } from '@crm/testing';
import { type Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { SalesCustomerErasure } from './customers/sales-customer-erasure.wiring';
import { SalesCustomerContacts } from './customers/sales-customer-contacts.wiring';
import { customerContactsStore } from '@crm/reactors';
import type { SalesConfig } from './config/sales.config';
import { SALES_CONFIG, SALES_EVENT_STORE, SALES_PG_POOL } from './sales.tokens';
import { ctx, rep, startSalesTestService, type SalesTestService } from '../test/sales-test-service';

jest.setTimeout(90_000);

const REP = rep('rep-1', 'team-a');

let t: SalesTestService;
let producer: PostgresEventStore;
beforeAll(async () => {
  t = await startSalesTestService('sales-customer-erasure');
  producer = await PostgresEventStore.create({
    connectionString: t.database.url,
    eventTypes: ['ContactAdded', 'PersonalDataErased'].map((name) => ({
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

/** Appends a customers event as the customers context writes it (contacts under its key). */
async function customersWrite(customerId: string, type: string, data: object): Promise<void> {
  const config = t.service.app.get<symbol, SalesConfig>(SALES_CONFIG);
  const customers = customerContactsStore(
    producer,
    t.service.app.get<symbol, Pool>(SALES_PG_POOL),
    config.masterKeys,
  );
  await customers.append(`customers.Customer-${customerId}`, [
    {
      eventId: uuidv7(),
      type,
      tenantId: 'tenant-a',
      occurredAt: new Date().toISOString(),
      actor: { kind: 'system', name: 'spec' },
      correlationId: uuidv7(),
      causationId: uuidv7(),
      data: { customerId, ...data },
    },
  ]);
}

/** A contact the customers context adds (the first of each kind is primary). */
const addContact = (customerId: string, contactId: string, contactKind: string, value: string) =>
  customersWrite(customerId, 'customers.ContactAdded', {
    contactId,
    contactKind,
    value,
    primary: contactKind === 'email',
  });

const conversion = (leadId: string, customerId: string, opportunityName: string) => ({
  ctx: ctx(),
  leadId,
  customerId,
  opportunityName,
  amount: '100.00',
  currency: 'EUR',
  expectedCloseOn: '2026-06-30',
});

async function captureLead(name: string, email: string, phone?: string): Promise<string> {
  const { createdId } = await t.call(
    'CaptureLead',
    {
      ctx: ctx(),
      source: 'LEAD_SOURCE_WEB_FORM',
      contact: { name, email, ...(phone ? { phone } : {}) },
    },
    REP,
  );
  return createdId as string;
}

/** The lead's captured contact as the service would read it (decrypted while its key exists). */
async function contactOf(leadId: string): Promise<unknown> {
  const store = t.service.app.get<symbol, EventStore>(SALES_EVENT_STORE);
  const { events } = await store.readStream(`sales.Lead-${leadId}`, { tenantId: 'tenant-a' });
  return (events[0]?.data as { contact: unknown }).contact;
}

const erasuresOf = async (leadId: string) =>
  (await t.events()).filter((e) => e.type === 'sales.LeadErased' && e.data.leadId === leadId);

describe('a customer erased by the customers context', () => {
  it('erases the leads converted into it or matched to it on e-mail, once', async () => {
    const customerId = uuidv7();
    const other = uuidv7();
    await addContact(customerId, 'c-mail', 'email', 'ada@example.com');
    await addContact(customerId, 'c-phone', 'phone', '+442079460000');
    const { indexer } = t.service.app.get(SalesCustomerContacts);
    await eventually(async () => expect((await indexer.status()).lag).toBe(0));

    const converted = await captureLead('Ada Lovelace', 'ada.l@analytical.example');
    await t.call('ConvertLead', conversion(converted, customerId, 'Engines'), REP);
    const { createdId: noteId } = await t.call(
      'AddSalesNote',
      {
        ctx: ctx(),
        aboutKind: 'SALES_NOTE_SUBJECT_KIND_LEAD',
        aboutId: converted,
        text: 'Ada asked for a call on Fridays',
      },
      REP,
    );
    const matchedOnEmail = await captureLead('A. Lovelace', 'ADA@example.com');
    const matchedOnPhone = await captureLead('Front desk', 'desk@example.com', '+442079460000');
    const unrelated = await captureLead('Grace Hopper', 'grace@example.com');
    await t.call('ConvertLead', conversion(unrelated, other, 'Compilers'), REP);

    await customersWrite(customerId, 'customers.PersonalDataErased', {
      reason: 'GDPR request',
      contactIds: ['c-mail', 'c-phone'],
    });

    const { reactor } = t.service.app.get(SalesCustomerErasure);
    await eventually(async () => expect((await reactor.status()).lag).toBe(0));
    for (const leadId of [converted, matchedOnEmail]) {
      expect(await erasuresOf(leadId)).toEqual([
        expect.objectContaining({
          actor: expect.objectContaining({ name: 'sales.customer-erasure' }),
        }),
      ]);
      expect(await contactOf(leadId)).toMatchObject({ name: '[erased]', email: '[erased]' });
    }
    expect((await t.call('SalesNoteTexts', { ctx: ctx(), noteIds: [noteId] }, REP)).texts).toEqual([
      { noteId, text: '[erased]' },
    ]);
    for (const leadId of [matchedOnPhone, unrelated]) {
      expect(await erasuresOf(leadId)).toEqual([]);
      expect(await contactOf(leadId)).toMatchObject({ email: expect.stringContaining('@') });
    }
    expect((await reactor.parked()).length).toBe(0);

    // Redelivered: the same reactions again decide nothing new.
    const before = (await t.events()).length;
    await reactor.replayFrom(0);
    await eventually(async () => expect((await reactor.status()).lag).toBe(0));
    expect((await t.events()).length).toBe(before);
  });

  it('erases a lead linked after the erasure, refuses a conversion into the erased customer', async () => {
    const customerId = uuidv7();
    await addContact(customerId, 'c-mail', 'email', 'charles@example.com');
    const { indexer } = t.service.app.get(SalesCustomerContacts);
    const { reactor } = t.service.app.get(SalesCustomerErasure);
    await eventually(async () => expect((await indexer.status()).lag).toBe(0));
    const waiting = await captureLead('Charles Babbage', 'babbage@example.com');

    // The contact index has not seen the erasure yet when the next lead is captured: a race the
    // erasure's own reaction (already done) cannot see.
    await indexer.stop();
    await customersWrite(customerId, 'customers.PersonalDataErased', {
      reason: 'GDPR request',
      contactIds: ['c-mail'],
    });
    await eventually(async () => expect((await reactor.status()).lag).toBe(0));
    const matchedLate = await captureLead('C. Babbage', 'Charles@example.com');
    await indexer.start();

    await eventually(async () => expect((await reactor.status()).lag).toBe(0));
    expect(
      (await t.events()).filter(
        (e) => e.type === 'sales.LeadCustomerMatched' && e.data.leadId === matchedLate,
      ),
    ).toHaveLength(1);
    expect(await erasuresOf(matchedLate)).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ name: 'sales.customer-erasure' }),
      }),
    ]);
    expect(await contactOf(matchedLate)).toMatchObject({ name: '[erased]', email: '[erased]' });

    // Converting a lead into the erased customer is refused, nothing written; the lead is kept.
    const before = (await t.events()).length;
    const refused = await t.fail(
      'ConvertLead',
      conversion(waiting, customerId, 'Difference engine'),
      REP,
    );
    expect(refused.detail.code).toBe('SUBJECT_ERASED');
    expect((await t.events()).length).toBe(before);
    expect(await contactOf(waiting)).toMatchObject({ email: 'babbage@example.com' });

    // Once the index has caught up, the same person captured again is a new lead, linked to nobody.
    await eventually(async () => expect((await indexer.status()).lag).toBe(0));
    const capturedAgain = await captureLead('Charles Babbage', 'charles@example.com');
    await eventually(async () => expect((await reactor.status()).lag).toBe(0));
    expect(
      (await t.events()).filter(
        (e) => e.type === 'sales.LeadCustomerMatched' && e.data.leadId === capturedAgain,
      ),
    ).toEqual([]);
    expect(await erasuresOf(capturedAgain)).toEqual([]);
    expect((await reactor.parked()).length).toBe(0);
  });
});
