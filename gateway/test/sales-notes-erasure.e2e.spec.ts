// Internal notes and the right to erasure (ADR 0400), on the running platform through GraphQL and
// Kafka: a note about a converted lead's deal is personal data of the customer the customers
// context registered. It reads in clear in `salesNotes` while the customer exists, travels
// encrypted on crm.sales.events (a plain kafkajs consumer never sees the text), and reads
// "[erased]" once an admin erases the customer in the customers context; a note about a lead reads
// "[erased]" once the lead is erased. A new note about the erased customer's deal is refused.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { eventually, testInfrastructure } from '@crm/testing';
import { customerIdForLead } from '../src/sales/lead-customer-link';
import type { GatewayGraphQLClient } from './support/graphql-client';
import { admin, loginToRunningPlatform } from './support/running-platform';
import { salesCommand as command, salesUser } from './support/sales-e2e';

jest.setTimeout(300_000);
const SETTLE = { timeoutMs: 120_000, intervalMs: 250 };
const run = randomUUID().slice(0, 8);
const salesTopic = `${process.env['CRM_TOPIC_NAMESPACE'] ?? ''}crm.sales.events`;

let adminClient: GatewayGraphQLClient;
let consumer: Consumer;
/** The raw values of the SalesNoteAdded events a plain integration consumer read. */
const publishedNotes = new Map<string, string>();

beforeAll(async () => {
  adminClient = await loginToRunningPlatform();
  const infra = await testInfrastructure({ require: ['kafka'] });
  const kafka = new Kafka({
    clientId: `e2e-sales-notes-${run}`,
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  consumer = kafka.consumer({ groupId: `e2e-sales-notes-${run}` });
  await consumer.connect();
  await consumer.subscribe({ topic: salesTopic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const raw = message.value?.toString('utf8') ?? '{}';
      const event = JSON.parse(raw) as { type: string; data: { noteId?: string } };
      if (event.type === 'sales.SalesNoteAdded' && event.data.noteId)
        publishedNotes.set(event.data.noteId, raw);
    },
  });
}, 60_000);

afterAll(async () => {
  await consumer?.disconnect();
});

const NOTES = `query($kind: SalesNoteSubjectKind!, $id: ID!, $p: String) {
  salesNotes(aboutKind: $kind, aboutId: $id, atLeastPosition: $p) { noteId text } }`;

const notesOf = async (
  client: GatewayGraphQLClient,
  kind: string,
  id: string,
  position: string,
): Promise<{ noteId: string; text: string }[]> =>
  (
    await client.data<{ salesNotes: { noteId: string; text: string }[] }>(NOTES, {
      kind,
      id,
      p: position,
    })
  ).salesNotes;

describe('internal notes under the data subject’s key', () => {
  it('read "[erased]" after the customer’s erasure in the customers context, and after a lead’s', async () => {
    const team = `notes-erasure-${run}`;
    const rep = await salesUser(adminClient, run, 'erasure-rep', 'SALES_REP', team);
    const manager = await salesUser(adminClient, run, 'erasure-mgr', 'SALES_MANAGER', team);
    const lead = await command(rep.client, 'captureLead', {
      source: 'WEB_FORM',
      contact: { name: 'Erin Erasable', email: `erin.${run}@notes.example` },
    });
    const converted = await command(rep.client, 'convertLead', {
      leadId: lead.createdId,
      opportunityName: `Notes ${run}`,
      amount: '900.00',
      currency: 'EUR',
      expectedCloseOn: '2027-06-30',
    });
    const dealId = converted.createdId!;
    const customerId = customerIdForLead(admin.tenant, lead.createdId!);
    const secret = `Erin ${run} is on sick leave until May`;
    const added = await command(rep.client, 'addSalesNote', {
      aboutKind: 'OPPORTUNITY',
      aboutId: dealId,
      text: secret,
    });
    const noteId = added.createdId!;
    await eventually(async () => {
      expect(await notesOf(rep.client, 'OPPORTUNITY', dealId, added.position)).toEqual([
        { noteId, text: secret },
      ]);
    }, SETTLE);
    // What an integration reads: the note names its subject, its text is ciphertext.
    await eventually(() => expect(publishedNotes.has(noteId)).toBe(true), SETTLE);
    const published = publishedNotes.get(noteId)!;
    expect(JSON.parse(published)).toMatchObject({ data: { dataSubjectId: customerId } });
    expect(published).not.toContain('sick leave');

    const erased = await adminClient.data<{ erasePersonalData: { erasedCustomerIds: string[] } }>(
      `mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) { erasedCustomerIds } }`,
      { input: { customerId, reason: `GDPR Art. 17 ${run}` } },
    );
    expect(erased.erasePersonalData.erasedCustomerIds).toContain(customerId);
    expect(await notesOf(manager.client, 'OPPORTUNITY', dealId, added.position)).toEqual([
      { noteId, text: '[erased]' },
    ]);
    const refused = await rep.client.request(
      `mutation($input: AddSalesNoteInput!) { addSalesNote(input: $input) { createdId } }`,
      { input: { aboutKind: 'OPPORTUNITY', aboutId: dealId, text: 'Still ill?' } },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'FAILED_PRECONDITION',
      reason: 'SUBJECT_ERASED',
    });

    // A lead's note is the lead's own subject's: erasing the lead shreds it.
    const other = await command(rep.client, 'captureLead', {
      source: 'WEB_FORM',
      contact: { name: 'Liam Lead', email: `liam.${run}@notes.example` },
    });
    const onLead = await command(rep.client, 'addSalesNote', {
      aboutKind: 'LEAD',
      aboutId: other.createdId,
      text: `Liam ${run} changes jobs in June`,
    });
    await command(manager.client, 'eraseLead', { leadId: other.createdId, reason: 'GDPR' });
    expect(await notesOf(rep.client, 'LEAD', other.createdId!, onLead.position)).toEqual([
      { noteId: onLead.createdId, text: '[erased]' },
    ]);
  });
});
