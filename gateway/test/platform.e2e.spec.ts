// The first complete slice, end to end, through public interfaces only: GraphQL on the gateway
// (as a client app) and the crm.customers.events topic (as an enterprise integration). The
// platform must already run, started exactly as `npm start` starts it (`scripts/platform.sh up`,
// which `npm test` does before this tier).
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { eventually, testInfrastructure } from '@crm/testing';
import { GatewayGraphQLClient } from './support/graphql-client';
import {
  admin,
  customersTopic,
  gatewayUrl,
  loginToRunningPlatform,
} from './support/running-platform';

// Read models are eventually consistent; the pipeline (store → relay → Kafka → projection) is
// normally well under a second, the deadline is generous for a loaded 2-core CI machine.
const settle = { timeoutMs: 30_000, intervalMs: 100 };
jest.setTimeout(90_000);

// Unique per run: the platform keeps its data between runs.
const run = randomUUID().slice(0, 8);
const adaEmail = `ada.${run}@example.com`;
const adaPhone = `+4930${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

interface Published {
  readonly key: string;
  readonly headers: Record<string, string>;
  readonly raw: string;
  readonly envelope: {
    eventId: string;
    type: string;
    streamId: string;
    streamVersion: number;
    tenantId: string;
    correlationId: string;
    data: unknown;
  };
}

let client: GatewayGraphQLClient;
let consumer: Consumer;
const published: Published[] = [];

function decode(message: KafkaMessage): Published {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
  const raw = message.value?.toString('utf8') ?? '';
  return {
    key: message.key?.toString('utf8') ?? '',
    headers,
    raw,
    envelope: JSON.parse(raw) as Published['envelope'],
  };
}

const customerStream = (id: string): string => `customers.Customer-${id}`;

/** Correlation ids the gateway answered with, by customer id: they must reach the event envelope. */
const registrationCorrelation = new Map<string, string>();

async function registerPerson(
  firstName: string,
  lastName: string,
  email: string,
  phone?: string,
): Promise<string> {
  const contacts: Record<string, unknown>[] = [{ email, primary: true }];
  if (phone) contacts.push({ phone });
  const data = await client.data<{
    registerCustomer: { customerId: string; result: { correlationId: string } };
  }>(
    `mutation Register($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId result { correlationId } } }`,
    {
      input: {
        person: { firstName, lastName },
        contacts,
        initialStatus: 'ACTIVE',
        idempotencyKey: `register-${run}-${email.replace(/[^A-Za-z0-9._:-]/g, '_')}`,
      },
    },
  );
  registrationCorrelation.set(
    data.registerCustomer.customerId,
    data.registerCustomer.result.correlationId,
  );
  return data.registerCustomer.customerId;
}

const CUSTOMER_360 = `query Customer($id: ID!) {
  customer(id: $id) {
    id displayName status version mergedIntoCustomerId
    contacts { kind email phone primary }
    purchases { orderCount totals { amount currency } }
  }
}`;

interface Customer360 {
  id: string;
  displayName: string;
  status: string;
  version: number;
  mergedIntoCustomerId: string | null;
  contacts: { kind: string; email: string | null; phone: string | null; primary: boolean }[];
  purchases: { orderCount: number; totals: { amount: string; currency: string }[] } | null;
}

async function customer360(id: string): Promise<Customer360> {
  return (await client.data<{ customer: Customer360 }>(CUSTOMER_360, { id })).customer;
}

async function search(text: string): Promise<string[]> {
  const data = await client.data<{ customers: { edges: { node: { id: string } }[] } }>(
    `query Search($text: String!) { customers(filter: { text: $text }, first: 50) { edges { node { id } } } }`,
    { text },
  );
  return data.customers.edges.map((edge) => edge.node.id);
}

beforeAll(async () => {
  const infra = await testInfrastructure({ require: ['kafka'] });
  client = await loginToRunningPlatform();

  // An integration: a plain kafkajs consumer group reading the public topic from the beginning.
  const kafka = new Kafka({
    clientId: `e2e-${run}`,
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  consumer = kafka.consumer({ groupId: `e2e-integration-${run}` });
  await consumer.connect();
  await consumer.subscribe({ topic: customersTopic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void published.push(decode(message)) });
}, 60_000);

afterAll(async () => {
  await consumer?.disconnect();
});

describe('customers slice through GraphQL and Kafka', () => {
  let ada: string;
  let adaDuplicate: string;

  it('registers customers and serves them from the customer 360 read model and search', async () => {
    ada = await registerPerson('Ada', `Lovelace${run}`, adaEmail, adaPhone);
    const view = await eventually(async () => {
      const customer = await customer360(ada);
      expect(customer.contacts.map((c) => c.email ?? c.phone)).toEqual(
        expect.arrayContaining([adaEmail, adaPhone]),
      );
      return customer;
    }, settle);
    expect(view.displayName).toBe(`Ada Lovelace${run}`);
    expect(view.status).toBe('ACTIVE');
    await eventually(async () => expect(await search(`lovelace${run}`)).toContain(ada), settle);
  });

  it('records interactions and purchases, visible live on the subscription and in the timeline', async () => {
    const live = client.subscribe<{ customerChanged: { customerId: string; eventType: string } }>(
      `subscription Changed($id: ID!) { customerChanged(id: $id) { customerId eventType } }`,
      { id: ada },
    );
    try {
      // graphql-ws subscribes asynchronously, so start listening before recording. Changes are
      // delivered at least once and may include earlier events of this customer still on their
      // way (a fresh gateway's consumer joins its group late): wait for the one we caused.
      const seen: string[] = [];
      const interactionSeen = (async () => {
        for (;;) {
          const change = await live.next(20_000);
          expect(change?.data?.customerChanged.customerId).toBe(ada);
          const eventType = change?.data?.customerChanged.eventType ?? '';
          seen.push(eventType);
          if (eventType === 'customers.InteractionRecorded') return seen;
        }
      })();
      await client.data(
        `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { streamVersion } }`,
        {
          input: {
            customerId: ada,
            kind: 'CALL',
            subject: 'Welcome call',
            outcome: 'interested',
            notes: 'asked about analytical engines',
          },
        },
      );
      expect(await interactionSeen).toContain('customers.InteractionRecorded');
    } finally {
      await live.close();
    }

    await client.data(
      `mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) { streamVersion } }`,
      {
        input: {
          customerId: ada,
          orderId: `order-${run}`,
          channel: 'ONLINE_STORE',
          currency: 'EUR',
          amount: '129.90',
          items: [
            {
              sku: 'ENG-1',
              name: 'Difference engine kit',
              quantity: 1,
              unitPrice: '129.90',
              category: 'engines',
            },
          ],
        },
      },
    );
    await eventually(async () => {
      const customer = await customer360(ada);
      expect(customer.purchases?.orderCount).toBe(1);
      expect(customer.purchases?.totals).toEqual([{ amount: '129.90', currency: 'EUR' }]);
    }, settle);
    // The timeline is a read model of its own: it may apply the purchase after the customer 360.
    await eventually(async () => {
      const timeline = await client.data<{
        customerTimeline: { edges: { node: { type: string } }[] };
      }>(
        `query($id: ID!) { customerTimeline(id: $id, first: 10) { edges { node { type summary } } } }`,
        { id: ada },
      );
      expect(timeline.customerTimeline.edges.map((edge) => edge.node.type)).toEqual(
        expect.arrayContaining(['customers.InteractionRecorded', 'customers.PurchaseRecorded']),
      );
    }, settle);
  });

  it('imports a CSV, reporting the rejected row with its reason', async () => {
    const csv = [
      'First,Last,Email',
      `Charles,Babbage${run},charles.${run}@example.com`,
      `Mary,Somerville${run},not-an-email`,
      `Grace,Hopper${run},grace.${run}@example.com`,
    ].join('\n');
    const started = await client.data<{ importCustomers: { importId: string } }>(
      `mutation($input: ImportCustomersInput!) { importCustomers(input: $input) { importId state } }`,
      {
        input: {
          csv,
          fileName: 'pioneers.csv',
          mapping: [
            { column: 'First', target: 'firstName' },
            { column: 'Last', target: 'lastName' },
            { column: 'Email', target: 'email' },
          ],
        },
      },
    );
    const job = await eventually(async () => {
      const status = await client.data<{
        importStatus: {
          state: string;
          rowsCreated: number;
          rowsRejected: number;
          rejected: { rowNumber: number; reasons: { message: string }[] }[];
        };
      }>(
        `query($id: ID!) { importStatus(id: $id) { state rowsCreated rowsRejected rejected { rowNumber reasons { message } } } }`,
        { id: started.importCustomers.importId },
      );
      expect(status.importStatus.state).toBe('COMPLETED');
      return status.importStatus;
    }, settle);
    expect(job.rowsCreated).toBe(2);
    expect(job.rowsRejected).toBe(1);
    expect(job.rejected[0]?.reasons[0]?.message).toMatch(/e-?mail/i);
    await eventually(async () => expect(await search(`hopper${run}`)).toHaveLength(1), settle);
    // The row's e-mail and channel came inside its one registration event (ADR 0340).
    const [grace] = await search(`hopper${run}`);
    const imported = await client.data<{
      customer: { contacts: { kind: string; email: string | null; primary: boolean }[] } & {
        channels: { channel: string; detail: string | null }[];
      };
    }>(
      `query($id: ID!) { customer(id: $id) { contacts { kind email primary } channels { channel detail } } }`,
      { id: grace },
    );
    expect(imported.customer.contacts).toEqual([
      { kind: 'EMAIL', email: `grace.${run}@example.com`, primary: true },
    ]);
    expect(imported.customer.channels).toEqual([
      { channel: 'IMPORT', detail: `import:${started.importCustomers.importId}` },
    ]);
    expect(await search(`grace.${run}@example.com`)).toEqual([grace]);
  });

  it('finds a duplicate by e-mail and merges it, keeping both histories on the survivor', async () => {
    adaDuplicate = await registerPerson('Augusta Ada', `King${run}`, adaEmail.toUpperCase());
    await client.data(
      `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { streamVersion } }`,
      {
        input: { customerId: adaDuplicate, kind: 'EMAIL', subject: 'Newsletter reply' },
      },
    );
    const candidates = await client.data<{
      duplicateCandidates: { customerId: string; matchedOn: string[] }[];
    }>(`query($id: ID!) { duplicateCandidates(customerId: $id) { customerId matchedOn } }`, {
      id: ada,
    });
    expect(candidates.duplicateCandidates).toContainEqual({
      customerId: adaDuplicate,
      matchedOn: ['EMAIL'],
    });

    await client.data(
      `mutation($input: MergeCustomersInput!) { mergeCustomers(input: $input) { streamVersion } }`,
      {
        input: {
          survivorCustomerId: ada,
          mergedCustomerId: adaDuplicate,
          reason: 'same person',
          idempotencyKey: `merge-${run}`,
        },
      },
    );
    await eventually(async () => {
      const merged = await customer360(adaDuplicate);
      expect(merged.status).toBe('MERGED');
      expect(merged.mergedIntoCustomerId).toBe(ada);
      const timeline = await client.data<{
        customerTimeline: { edges: { node: { summary: string } }[] };
      }>(
        `query($id: ID!) { customerTimeline(id: $id, first: 50) { edges { node { summary } } } }`,
        { id: ada },
      );
      expect(timeline.customerTimeline.edges.map((edge) => edge.node.summary).join('\n')).toMatch(
        /Newsletter reply/,
      );
    }, settle);
  });

  it('publishes every event to crm.customers.events as an integration sees it', async () => {
    await eventually(() => {
      const types = published
        .filter((m) => m.key === customerStream(ada))
        .map((m) => m.envelope.type);
      expect(types).toEqual(
        expect.arrayContaining([
          'customers.CustomerRegistered',
          'customers.InteractionRecorded',
          'customers.PurchaseRecorded',
        ]),
      );
    }, settle);
    const adaEvents = published.filter((m) => m.key === customerStream(ada));
    // Per-stream order on the topic, with the header set the contract promises.
    const versions = adaEvents.map((m) => m.envelope.streamVersion);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    for (const message of adaEvents) {
      expect(message.headers).toMatchObject({
        type: message.envelope.type,
        eventId: message.envelope.eventId,
        tenantId: admin.tenant,
      });
      expect(message.envelope.streamId).toBe(customerStream(ada));
    }
    // The correlation id of the GraphQL request travels through gRPC into the event envelope.
    const registered = adaEvents.find((m) => m.envelope.type === 'customers.CustomerRegistered');
    expect(registered?.envelope.correlationId).toBe(registrationCorrelation.get(ada));
    expect(registered?.headers['correlationId']).toBe(registrationCorrelation.get(ada));
    // Personal data travels encrypted: the plain e-mail never appears on the topic.
    expect(adaEvents.some((m) => m.raw.includes(adaEmail))).toBe(false);
  });

  it('exports everything held about a person, then erases them from every public surface', async () => {
    const exported = await client.data<{ exportPersonalData: { documentJson: string } }>(
      `query($id: ID!) { exportPersonalData(customerId: $id) { documentJson } }`,
      { id: ada },
    );
    expect(exported.exportPersonalData.documentJson).toContain(adaEmail);
    expect(exported.exportPersonalData.documentJson).toContain(adaPhone);

    await client.data(
      `mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) { streamVersion } }`,
      {
        input: {
          customerId: ada,
          reason: `GDPR Art. 17 request e2e-${run}`,
          idempotencyKey: `erase-${run}`,
        },
      },
    );

    const erased = await eventually(async () => {
      const customer = await customer360(ada);
      expect(customer.status).toBe('ERASED');
      return customer;
    }, settle);
    const shown = JSON.stringify(erased);
    expect(shown).not.toContain(adaEmail);
    expect(shown).not.toContain(adaPhone);
    expect(shown).not.toContain('Lovelace');
    // The purchase history (not personal data) stays consistent for reports.
    expect(erased.purchases?.orderCount).toBe(1);

    expect(await search(adaEmail)).toEqual([]);
    expect(await search(`lovelace${run}`)).toEqual([]);
    const afterExport = await client.data<{ exportPersonalData: { documentJson: string } }>(
      `query($id: ID!) { exportPersonalData(customerId: $id) { documentJson } }`,
      { id: ada },
    );
    expect(afterExport.exportPersonalData.documentJson).not.toContain(adaEmail);

    // Events published from now on carry nothing readable about the person either.
    await eventually(
      () =>
        expect(
          published.some(
            (m) =>
              m.key === customerStream(ada) && m.envelope.type === 'customers.PersonalDataErased',
          ),
        ).toBe(true),
      settle,
    );
    const afterErasure = published.filter((m) => m.key === customerStream(ada));
    for (const message of afterErasure) {
      expect(message.raw).not.toContain(adaEmail);
      expect(message.raw).not.toContain(adaPhone);
    }
  });

  it('keeps a sales rep to the customers they own', async () => {
    const repEmail = `rep.${run}@demo.example`;
    const password = `correct-horse-${run}`;
    await client.data(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, {
      input: {
        email: repEmail,
        displayName: 'Rep',
        password,
        roles: ['SALES_REP'],
        teamId: `team-${run}`,
      },
    });
    const rep = await new GatewayGraphQLClient({ baseUrl: gatewayUrl }).login(
      admin.tenant,
      repEmail,
      password,
    );
    const denied = await rep.request(CUSTOMER_360, { id: adaDuplicate });
    expect(denied.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const mine = await rep.data<{ registerCustomer: { customerId: string } }>(
      `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
      {
        input: {
          person: { firstName: 'Own', lastName: `Customer${run}` },
          contacts: [{ email: `own.${run}@example.com` }],
        },
      },
    );
    await eventually(async () => {
      const view = await rep.data<{ customer: { id: string } }>(CUSTOMER_360, {
        id: mine.registerCustomer.customerId,
      });
      expect(view.customer.id).toBe(mine.registerCustomer.customerId);
    }, settle);
  });

  it('answers bad input with a clear, typed error and no stack trace', async () => {
    const response = await client.request(
      `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
      {
        input: {
          person: { firstName: 'Bad', lastName: 'Input' },
          contacts: [{ email: 'not-an-email' }],
        },
      },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.fieldErrors?.[0]?.field).toMatch(/contacts\[0\]/);
    expect(JSON.stringify(response.errors)).not.toMatch(/\n\s+at /);

    const injection = await client.request(
      `query { customers(filter: { text: "{\\"$ne\\": null}" }) { edges { node { id } } } }`,
    );
    expect(injection.errors ?? []).toHaveLength(0);
    expect((injection.data as { customers: { edges: unknown[] } }).customers.edges).toEqual([]);
  });
});
