// Erasure across merges, end to end (issue 9, item 1). Merged records are one person: erasing any
// id of a merge group (the survivor, a merged-away id, transitively) erases every id of the group.
// Each scenario erases in a different order, then scans every public surface for the erased
// values: the GraphQL answers (customer 360, timeline, search, export), every document of every
// customer read-model collection in MongoDB (raw), and the events on crm.customers.events.
// The platform must already run (`scripts/platform.sh up`, as `npm test` does for this tier).
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import mongoose from 'mongoose';
import { eventually, testInfrastructure } from '@crm/testing';
import { PARKED_COLLECTION } from '@crm/read-models';
import type { GatewayGraphQLClient } from './support/graphql-client';
import { customersTopic, loginToRunningPlatform } from './support/running-platform';

const settle = { timeoutMs: 30_000, intervalMs: 150 };
jest.setTimeout(400_000);

// Unique per run: the platform keeps its data between runs.
const run = randomUUID().replace(/-/g, '').slice(0, 10);
let serial = 0;

/** The distinctive personal values of one registered person: none may survive its erasure. */
interface Person {
  readonly id: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string;
  readonly nationalId: string;
  readonly subject: string;
  readonly notes: string;
}

interface Published {
  readonly key: string;
  readonly raw: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

let client: GatewayGraphQLClient;
let consumer: Consumer;
let mongo: mongoose.Connection;
const published: Published[] = [];

const customerStream = (id: string): string => `customers.Customer-${id}`;

async function registerPerson(label: string): Promise<Person> {
  serial += 1;
  const tag = `${label}${run}${serial}`;
  const values = {
    lastName: `Erasable${tag}`,
    email: `p.${tag}@example.com`.toLowerCase(),
    phone: `+4930${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    nationalId: `NID${tag}`.toUpperCase(),
    subject: `Subject about ${tag}`,
    notes: `Confided the secret recipe ${tag}`,
  };
  const registered = await client.data<{ registerCustomer: { customerId: string } }>(
    `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
    {
      input: {
        person: { firstName: 'Pat', lastName: values.lastName, nationalId: values.nationalId },
        contacts: [{ email: values.email, primary: true }, { phone: values.phone }],
        initialStatus: 'ACTIVE',
      },
    },
  );
  const id = registered.registerCustomer.customerId;
  await client.data(
    `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { streamVersion } }`,
    { input: { customerId: id, kind: 'CALL', subject: values.subject, notes: values.notes } },
  );
  await client.data(
    `mutation($input: SetDemographicsInput!) { setCustomerDemographics(input: $input) { streamVersion } }`,
    { input: { customerId: id, birthday: '1985-02-28', region: 'DE-BE' } },
  );
  return { id, ...values };
}

async function merge(survivor: Person, merged: Person) {
  return client.request<{ mergeCustomers: { streamVersion: number } }>(
    `mutation($input: MergeCustomersInput!) { mergeCustomers(input: $input) { streamVersion } }`,
    { input: { survivorCustomerId: survivor.id, mergedCustomerId: merged.id, reason: 'same' } },
  );
}

async function mergeOk(survivor: Person, merged: Person): Promise<void> {
  const response = await merge(survivor, merged);
  expect(response.errors ?? []).toEqual([]);
  // The copies reach the survivor's read model before the scenario goes on.
  await eventually(async () => {
    const shown = JSON.stringify(await customer360(survivor.id));
    expect(shown).toContain(merged.email);
  }, settle);
}

async function erase(person: Person): Promise<string[]> {
  const data = await client.data<{ erasePersonalData: { erasedCustomerIds: string[] } }>(
    `mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) { erasedCustomerIds } }`,
    { input: { customerId: person.id, reason: `GDPR Art. 17 request ${run}` } },
  );
  return data.erasePersonalData.erasedCustomerIds;
}

const CUSTOMER_360 = `query($id: ID!) {
  customer(id: $id) {
    id displayName status version mergedIntoCustomerId
    person { firstName lastName nationalIdLast4 }
    contacts { id kind email phone label primary address { line1 city countryCode } }
    demographics { birthday gender occupation region }
    purchases { orderCount }
  }
}`;

async function customer360(id: string): Promise<Record<string, unknown>> {
  return (await client.data<{ customer: Record<string, unknown> }>(CUSTOMER_360, { id })).customer;
}

async function timeline(id: string): Promise<unknown> {
  return client.data(
    `query($id: ID!) { customerTimeline(id: $id, first: 100) { edges { node { id type summary detailsJson } } } }`,
    { id },
  );
}

async function search(text: string): Promise<string[]> {
  const data = await client.data<{ customers: { edges: { node: { id: string } }[] } }>(
    `query($text: String!) { customers(filter: { text: $text }, first: 50) { edges { node { id } } } }`,
    { text },
  );
  return data.customers.edges.map((edge) => edge.node.id);
}

async function exported(id: string): Promise<string> {
  const data = await client.data<{ exportPersonalData: { documentJson: string } }>(
    `query($id: ID!) { exportPersonalData(customerId: $id) { documentJson } }`,
    { id },
  );
  return data.exportPersonalData.documentJson;
}

function personalValues(people: readonly Person[]): string[] {
  return people.flatMap((p) => [p.lastName, p.email, p.phone, p.nationalId, p.subject, p.notes]);
}

/** Names every erased value found in `text` (empty when none): a readable failure message. */
function leaks(surface: string, text: string, values: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return values.filter((v) => lower.includes(v.toLowerCase())).map((v) => `${surface}: ${v}`);
}

/** Every document of every customer read-model collection (and of the parked events), raw. */
async function customerReadModelDocuments(): Promise<string[]> {
  const db = mongo.db;
  if (!db) throw new Error('MongoDB connection has no database');
  const collections = (await db.listCollections().toArray())
    .map((c) => c.name)
    .filter((name) => name.startsWith('customer') || name === PARKED_COLLECTION);
  // 360, search tokens, timeline (parked events: a projection keeps the event it could not apply)
  expect(collections.filter((name) => name.startsWith('customer')).length).toBeGreaterThanOrEqual(
    3,
  );
  const documents: string[] = [];
  for (const name of collections) {
    for await (const document of db.collection(name).find({})) {
      documents.push(`${name} ${JSON.stringify(document)}`);
    }
  }
  return documents;
}

/** Runs a polling probe; its failure becomes a finding instead of stopping the scan. */
async function probe(finding: string, check: () => Promise<void> | void): Promise<string[]> {
  try {
    await eventually(check, settle);
    return [];
  } catch (error) {
    return [`${finding}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`];
  }
}

/** What the GraphQL API shows of the group's personal values: 360, timeline, export, search. */
async function graphqlLeaks(group: readonly Person[]): Promise<string[]> {
  const ids = group.map((p) => p.id);
  const values = personalValues(group);
  const found: string[] = [];
  for (const id of ids) {
    found.push(...leaks(`customer(${id})`, JSON.stringify(await customer360(id)), values));
    found.push(...leaks(`customerTimeline(${id})`, JSON.stringify(await timeline(id)), values));
    found.push(...leaks(`exportPersonalData(${id})`, await exported(id), values));
  }
  for (const person of group) {
    for (const text of [person.email, person.phone, person.lastName]) {
      const hits = (await search(text)).filter((id) => ids.includes(id));
      if (hits.length > 0) found.push(`customers(text: ${text}) → ${hits.join(', ')}`);
    }
  }
  return found;
}

/**
 * Waits until every id of the group shows as erased and its erasure event is published, and the
 * GraphQL answers show none of the group's personal values (each read model is projected on its
 * own, so they settle one after the other); then scans every document of every customer
 * collection in MongoDB and every published event of the group once. All findings are reported
 * together.
 */
async function expectForgotten(group: readonly Person[]): Promise<void> {
  const ids = group.map((p) => p.id);
  const values = personalValues(group);
  const found: string[] = [];
  for (const id of ids) {
    found.push(
      ...(await probe(`customer(${id}).status`, async () =>
        expect((await customer360(id))['status']).toBe('ERASED'),
      )),
    );
    found.push(
      ...(await probe(`PersonalDataErased on ${customerStream(id)}`, () => {
        const erasure = published.find(
          (m) => m.key === customerStream(id) && m.type === 'customers.PersonalDataErased',
        );
        // Integrations can tell every erased id of the person from the event itself.
        expect(erasure?.data['erasedCustomerIds']).toEqual(expect.arrayContaining(ids));
      })),
    );
  }
  let shown: string[] = [];
  await probe('GraphQL answers', async () => {
    shown = await graphqlLeaks(group);
    expect(shown).toEqual([]);
  });
  found.push(...shown);
  for (const document of await customerReadModelDocuments()) {
    found.push(...leaks(`mongo ${document.slice(0, 120)}`, document, values));
  }
  for (const message of published.filter((m) => ids.some((id) => m.key === customerStream(id)))) {
    found.push(...leaks(`kafka ${message.key} ${message.type}`, message.raw, values));
  }
  expect(found).toEqual([]);
}

beforeAll(async () => {
  const infra = await testInfrastructure({ require: ['kafka', 'mongo'] });
  client = await loginToRunningPlatform();
  mongo = await mongoose.createConnection(infra.mongoUrl).asPromise();

  const kafka = new Kafka({
    clientId: `e2e-erasure-${run}`,
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  consumer = kafka.consumer({ groupId: `e2e-erasure-${run}` });
  await consumer.connect();
  await consumer.subscribe({ topic: customersTopic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const raw = message.value?.toString('utf8') ?? '';
      const envelope = JSON.parse(raw) as { type: string; data: Record<string, unknown> };
      published.push({
        key: message.key?.toString('utf8') ?? '',
        raw,
        type: envelope.type,
        data: envelope.data,
      });
    },
  });
}, 60_000);

afterAll(async () => {
  await consumer?.disconnect();
  await mongo?.close();
});

describe('erasure across merges (merged records are one person)', () => {
  it('plain: erasing a customer that was never merged erases only that customer', async () => {
    const alone = await registerPerson('alone');
    const bystander = await registerPerson('bystander');
    expect(await erase(alone)).toEqual([alone.id]);
    await expectForgotten([alone]);
    // Nobody else is touched.
    expect(JSON.stringify(await customer360(bystander.id))).toContain(bystander.email);
  });

  it.each([
    ['merged-away id', 'mergedAway'],
    ['survivor id', 'survivor'],
  ] as const)('%s: erasing it erases the whole merge group', async (_label, erased) => {
    const pair = {
      survivor: await registerPerson('survivor'),
      mergedAway: await registerPerson('mergedaway'),
    };
    await mergeOk(pair.survivor, pair.mergedAway);
    const group = [pair.survivor, pair.mergedAway];
    expect((await erase(pair[erased])).sort()).toEqual(group.map((p) => p.id).sort());
    await expectForgotten(group);
  });

  it('transitively: P into Q, then Q into R; erasing P erases all three', async () => {
    const p = await registerPerson('p');
    const q = await registerPerson('q');
    const r = await registerPerson('r');
    await mergeOk(q, p);
    await mergeOk(r, q);
    expect((await erase(p)).sort()).toEqual([p.id, q.id, r.id].sort());
    await expectForgotten([p, q, r]);
  });

  it('merge after a partial erase: merging into or from the erased person is refused, nothing written', async () => {
    const survivor = await registerPerson('survivor');
    const mergedAway = await registerPerson('mergedaway');
    const other = await registerPerson('other');
    await mergeOk(survivor, mergedAway);
    await erase(mergedAway);
    const before = await customer360(other.id);

    for (const [into, from] of [
      [other, survivor],
      [survivor, other],
      [other, mergedAway],
    ] as const) {
      const refused = await merge(into, from);
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'FAILED_PRECONDITION',
        reason: 'CUSTOMER_ERASED',
      });
      expect(JSON.stringify(refused.errors)).not.toMatch(/\n\s+at /);
    }
    // The other customer is untouched: same version, still readable, still its own person.
    const after = await customer360(other.id);
    expect(after['version']).toBe(before['version']);
    expect(after['status']).toBe('ACTIVE');
    expect(JSON.stringify(after)).toContain(other.email);
    await expectForgotten([survivor, mergedAway]);
  });
});
