// Marketing's audience read model against the real servers (ADR 0192): customers, sales, loyalty and
// service-desk events stored in PostgreSQL are projected live into the audience; segments over
// loyalty tier, categories bought, open opportunities and the last CSAT select the right customers;
// an erasure drops the personal fields and the membership; and a rebuild equals the live documents.
import { PostgresEventStore, type NewEvent } from '@crm/event-sourcing';
import {
  evaluateSegment,
  factsReadBy,
  parseSegmentRule,
  rfmCurrenciesReadBy,
  segmentFilter,
} from '@crm/marketing-domain';
import {
  MARKETING_AUDIENCE_MODEL,
  MARKETING_AUDIENCE_PROJECTION,
  MarketingReadModelQueries,
} from '@crm/marketing-read-models';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import {
  ALIASES_COLLECTION,
  ReadModelResolver,
  connectMongo,
  defineProjection,
  type ProjectionDefinition,
} from '@crm/read-models';
import { runProjection, snapshotServing, withoutRuntimeFields } from '@crm/read-models/testing';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  type ThrowawayDatabase,
} from '@crm/testing';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { marketingAudienceProjection } from './marketing-audience.projection';
import { marketingRfmModelsProjection } from './marketing-rfm-models.projection';

jest.setTimeout(120_000);

const TENANT = 'tenant-mkt-audience';
const NOW = new Date('2026-11-30T10:00:00.000Z');
const ANNA = randomUUID();
const BEN = randomUUID();
const CHEN = randomUUID();
let pg: ThrowawayDatabase;
let mongoDb: ThrowawayDatabase;
let store: PostgresEventStore;
let connection: Connection;
let queries: MarketingReadModelQueries;
const stops: (() => Promise<void>)[] = [];

const TYPES = [
  'customers.CustomerRegistered',
  'customers.ContactAdded',
  'customers.ConsentGranted',
  'customers.PersonalDataErased',
  'sales.OrderPlaced',
  'sales.OpportunityOpened',
  'sales.OpportunityLost',
  'loyalty.TierUpgraded',
  'service-desk.TicketOpened',
  'service-desk.CsatAnswered',
  'marketing.RfmCutOffsSet',
  'marketing.OrderRevenueReversed',
];

async function append(streamId: string, type: string, data: object, at = NOW): Promise<void> {
  const event: NewEvent = {
    eventId: randomUUID(),
    type,
    tenantId: TENANT,
    occurredAt: at.toISOString(),
    actor: { kind: 'system', name: 'test' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    data,
  };
  await store.append(streamId, [event]);
}

async function register(customerId: string, firstName: string, email: string): Promise<void> {
  const stream = `customers.Customer-${customerId}`;
  await append(stream, 'customers.CustomerRegistered', {
    customerId,
    kind: 'person',
    person: { firstName, lastName: 'Test' },
    status: 'active',
  });
  await append(stream, 'customers.ContactAdded', {
    customerId,
    contactId: `${customerId}-mail`,
    contactKind: 'email',
    value: email,
    primary: true,
  });
}

function startRunner(definition: ProjectionDefinition): void {
  stops.push(
    runProjection(definition, {
      connection,
      store,
      storeHead: new PostgresStoreHead(store.pool),
      logger: silentLogger,
      pollIntervalMs: 100,
    }),
  );
}

/** The ids a rule selects now, as a campaign send reads them (filter over the audience, facts joined). */
async function selected(ruleJson: unknown): Promise<string[]> {
  const rule = parseSegmentRule(ruleJson);
  const facts = await queries.facts(TENANT, factsReadBy(rule));
  const rfm = await queries.rfmModels(TENANT, rfmCurrenciesReadBy(rule));
  const filter = segmentFilter(rule, NOW, { facts, rfm });
  const audience = await new ReadModelResolver(connection).collection<{ _id: string }>(
    MARKETING_AUDIENCE_PROJECTION,
    MARKETING_AUDIENCE_MODEL,
  );
  const docs = await audience
    .find({
      $and: [{ tenantId: TENANT }, { status: { $in: ['prospect', 'active', 'inactive'] } }, filter],
    })
    .sort({ _id: 1 })
    .toArray();
  return docs.map((d) => d._id);
}

beforeAll(async () => {
  pg = await createThrowawayPostgresDatabase({ prefix: 'mkt-aud' });
  store = await PostgresEventStore.create({
    connectionString: pg.url,
    eventTypes: TYPES.map((type) => ({ type, schemaVersion: 1 })),
    pollIntervalMs: 100,
  });
  mongoDb = await createThrowawayMongoDatabase({ prefix: 'mkt-aud' });
  connection = await connectMongo(mongoDb.url);
  queries = new MarketingReadModelQueries(connection);
  startRunner(marketingAudienceProjection);
  startRunner(marketingRfmModelsProjection);

  await register(ANNA, 'Anna', 'anna@example.test');
  await register(BEN, 'Ben', 'ben@example.test');
  await register(CHEN, 'Chen', 'chen@example.test');
  await append(`customers.Customer-${ANNA}`, 'customers.ConsentGranted', {
    customerId: ANNA,
    channel: 'email',
    source: 'web',
    grantedAt: NOW.toISOString(),
  });
  // Anna bought shoes 3 days ago, Ben 40 days ago.
  for (const [customerId, daysAgo] of [
    [ANNA, 3],
    [BEN, 40],
  ] as const) {
    const orderId = randomUUID();
    await append(`sales.Order-${orderId}`, 'sales.OrderPlaced', {
      orderId,
      customerId,
      items: [{ sku: 'S-1', category: 'Shoes', quantity: 1, unitPrice: '80.00' }],
      amount: '80.00',
      currency: 'EUR',
      channel: 'online_store',
      placedAt: new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString(),
    });
  }
  await append(`loyalty.Member-${BEN}`, 'loyalty.TierUpgraded', {
    memberId: BEN,
    fromTier: 'Bronze',
    toTier: 'Gold',
    qualifyingPoints: 1200,
    upgradedAt: NOW.toISOString(),
  });
  // Chen: two opportunities opened, one lost (the loss does not name the customer).
  const [o1, o2] = [randomUUID(), randomUUID()];
  for (const opportunityId of [o1, o2])
    await append(`sales.Opportunity-${opportunityId}`, 'sales.OpportunityOpened', {
      opportunityId,
      customerId: CHEN,
      stageId: 'new',
    });
  await append(`sales.Opportunity-${o2}`, 'sales.OpportunityLost', {
    opportunityId: o2,
    fromStageId: 'new',
    reason: 'price',
    lostAt: NOW.toISOString(),
  });
  // Ben answered two CSAT surveys on two tickets: 5 first, then 2 (the survey names the ticket only).
  const [t1, t2] = [randomUUID(), randomUUID()];
  for (const [ticketId, score, at] of [
    [t1, 5, new Date(NOW.getTime() - 86_400_000)],
    [t2, 2, NOW],
  ] as const) {
    await append(`service-desk.Ticket-${ticketId}`, 'service-desk.TicketOpened', {
      customerId: BEN,
      dataSubjectId: ticketId,
    });
    await append(
      `service-desk.Ticket-${ticketId}`,
      'service-desk.CsatAnswered',
      { surveyId: at.toISOString(), score, dataSubjectId: ticketId },
      at,
    );
  }
});

afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await connection?.close();
  await store?.close();
  await mongoDb?.drop();
  await pg?.drop();
}, 60_000);

describe('marketing audience', () => {
  it('selects by category bought, loyalty tier, open opportunities and last CSAT', async () => {
    await eventually(async () => {
      expect(await selected({ field: 'lastCsat', op: 'lte', value: 2 })).toEqual([BEN]);
    });
    expect(await selected({ field: 'category.shoes', op: 'purchasedInDays', value: 7 })).toEqual([
      ANNA,
    ]);
    expect(await selected({ field: 'category.Shoes', op: 'purchasedInDays', value: 60 })).toEqual(
      [ANNA, BEN].sort(),
    );
    expect(await selected({ field: 'loyaltyTier', op: 'in', value: ['Gold'] })).toEqual([BEN]);
    expect(await selected({ field: 'openOpportunities', op: 'eq', value: 1 })).toEqual([CHEN]);
    expect(await selected({ field: 'openOpportunities', op: 'eq', value: 0 })).toEqual(
      [ANNA, BEN].sort(),
    );
    expect(await selected({ field: 'consent.email', op: 'eq', value: true })).toEqual([ANNA]);
  });

  it('scores recency, frequency and value against the RFM model of the currency', async () => {
    // Cut-offs as the nightly run would set them: within 7 days is recency 5, more than 1 order
    // frequency 5 (nobody), more than 50.00 value 2.
    await append(`marketing.RfmModel-${TENANT}-EUR`, 'marketing.RfmCutOffsSet', {
      currency: 'EUR',
      source: 'configured',
      recencyDays: [7, 14, 30, 60],
      frequency: [0, 1, 1, 1],
      monetaryMinor: [5_000, 10_000, 10_000, 10_000],
      setAt: NOW.toISOString(),
    });
    await eventually(async () => {
      expect(await selected({ field: 'rfm.EUR.recency', op: 'in', value: [5] })).toEqual([ANNA]);
    });
    expect(await selected({ field: 'rfm.EUR.recency', op: 'in', value: [2] })).toEqual([BEN]);
    expect(await selected({ field: 'rfm.EUR.monetary', op: 'in', value: [2] })).toEqual(
      [ANNA, BEN].sort(),
    );
    expect(await selected({ field: 'rfm.EUR.frequency', op: 'in', value: [5] })).toEqual([]);
    // No model for the currency: nobody.
    expect(await selected({ field: 'rfm.CNY.recency', op: 'in', value: [1, 2, 3, 4, 5] })).toEqual(
      [],
    );

    // Marketing recorded a refund of Anna's and the cancellation of Ben's order: Anna's value is
    // 40.00 now (value 1), Ben has no EUR order left (no score at all).
    for (const [customerId, reversal, amount] of [
      [ANNA, 'refund', '40.00'],
      [BEN, 'cancellation', '80.00'],
    ] as const)
      await append(`marketing.CustomerTouches-${customerId}`, 'marketing.OrderRevenueReversed', {
        orderId: randomUUID(),
        customerId,
        reversalId: randomUUID(),
        reversal,
        amount,
        currency: 'EUR',
        reversedAt: NOW.toISOString(),
      });
    await eventually(async () => {
      expect(await selected({ field: 'rfm.EUR.monetary', op: 'in', value: [1] })).toEqual([ANNA]);
      expect(
        await selected({ field: 'rfm.EUR.recency', op: 'in', value: [1, 2, 3, 4, 5] }),
      ).toEqual([ANNA]);
    });
  });

  it('explains a membership with the joined facts, like the gateway does', async () => {
    const rule = parseSegmentRule({
      and: [
        { field: 'loyaltyTier', op: 'in', value: ['Gold'] },
        { field: 'lastCsat', op: 'lt', value: 3 },
      ],
    });
    const profile = await queries.customerProfile(TENANT, BEN);
    const facts = (await queries.facts(TENANT, factsReadBy(rule))).get(BEN);
    expect(
      evaluateSegment(rule, { ...profile!, ...(facts ? { facts } : {}) }, NOW, new Map()),
    ).toEqual({
      matches: true,
      matchedTerms: ['loyalty tier in [Gold]', 'last CSAT lt 3'],
    });
  });

  it('keeps the names and e-mail a send needs, and drops them and the membership on erasure', async () => {
    await eventually(async () => {
      const anna = await queries.customerProfile(TENANT, ANNA);
      expect(anna?.person).toEqual({ firstName: 'Anna', lastName: 'Test' });
      expect(Object.values(anna?.contacts ?? {}).map((c) => c.email)).toEqual([
        'anna@example.test',
      ]);
    });
    await append(`customers.Customer-${ANNA}`, 'customers.PersonalDataErased', {
      customerId: ANNA,
      contactIds: [`${ANNA}-mail`],
    });
    await eventually(async () => {
      const anna = await queries.customerProfile(TENANT, ANNA);
      expect(anna).toMatchObject({ status: 'erased' });
      expect(anna?.person).toBeUndefined();
      expect(anna?.contacts).toBeUndefined();
    });
    expect(await selected({ field: 'category.shoes', op: 'purchasedInDays', value: 7 })).toEqual(
      [],
    );
  });

  it('a rebuild from the log equals the live documents', async () => {
    const live = await snapshotServing(connection, MARKETING_AUDIENCE_PROJECTION);
    startRunner(defineProjection({ ...marketingAudienceProjection, version: 2 }));
    await eventually(async () => {
      const aliases = connection.db!.collection<{ _id: string; version: number }>(
        ALIASES_COLLECTION,
      );
      expect((await aliases.findOne({ _id: MARKETING_AUDIENCE_PROJECTION }))?.version).toBe(2);
    });
    const rebuilt = await snapshotServing(connection, MARKETING_AUDIENCE_PROJECTION);
    expect(withoutRuntimeFields(rebuilt)).toEqual(withoutRuntimeFields(live));
  });
});
