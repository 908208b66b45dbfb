// The marketing read models against the real servers: events decided by the marketing deciders and
// stored in PostgreSQL are projected live into segments, templates and campaigns with their
// delivery counts; the count preview and "why is this customer in the segment" read the customers'
// profiles; and a rebuild from the log equals the live documents.
import { storeEventTypes } from '@crm/contracts';
import { marketingContracts } from '@crm/contracts/marketing';
import {
  CommandHandler,
  PostgresEventStore,
  systemRuntime,
  type Decider,
  type DomainEvent,
} from '@crm/event-sourcing';
import {
  campaignDecider,
  campaignStreamId,
  evaluateSegment,
  parseSegmentRule,
  NO_SEGMENT_INPUTS,
  segmentFilter,
  segmentDecider,
  segmentStreamId,
  templateDecider,
  templateStreamId,
  type RecordDelivery,
} from '@crm/marketing-domain';
import {
  CUSTOMER_PROFILE_MODEL,
  CUSTOMER_PROFILE_PROJECTION,
  MARKETING_CAMPAIGNS_PROJECTION,
  MARKETING_SEGMENTS_PROJECTION,
  MARKETING_TEMPLATES_PROJECTION,
  MarketingReadModelQueries,
} from '@crm/marketing-read-models';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import {
  ALIASES_COLLECTION,
  ProjectionRunner,
  connectMongo,
  defineProjection,
  type ProjectionDefinition,
} from '@crm/read-models';
import { snapshotServing, withoutRuntimeFields } from '@crm/read-models/testing';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { MARKETING_PROJECTIONS } from '.';

// Segments, templates and campaigns. The audience, membership and RFM projections have their own
// specs (marketing-audience, marketing-segment-members); here the audience collection is written
// directly, as profiles in a given state.
const RUNNING = MARKETING_PROJECTIONS.filter((p) =>
  [
    MARKETING_SEGMENTS_PROJECTION,
    MARKETING_TEMPLATES_PROJECTION,
    MARKETING_CAMPAIGNS_PROJECTION,
  ].includes(p.name),
);

jest.setTimeout(120_000);

const TENANT = 'tenant-mkt-rm';
const NOW = '2026-03-01T09:00:00.000Z';
let pg: ThrowawayDatabase;
let mongoDb: ThrowawayDatabase;
let store: PostgresEventStore;
let connection: Connection;
let queries: MarketingReadModelQueries;
const stops: (() => Promise<void>)[] = [];

function startRunner(definition: ProjectionDefinition): void {
  const runner = new ProjectionRunner(definition, {
    connection,
    store,
    storeHead: new PostgresStoreHead(store.pool),
    logger: silentLogger,
    pollIntervalMs: 100,
  });
  const abort = new AbortController();
  const done = runner.run(abort.signal);
  stops.push(async () => {
    abort.abort();
    await done;
  });
}

async function run<S, C, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  streamId: string,
  command: C,
): Promise<void> {
  await new CommandHandler({ decider, store, runtime: systemRuntime }).handle(streamId, command, {
    tenantId: TENANT,
    actor: { kind: 'user', userId: 'marketer-1', roles: [] },
  });
}

const deliver = (customerId: string, outcome: RecordDelivery['data']['outcome']) =>
  run(campaignDecider, campaignStreamId('c1'), {
    type: 'RecordDelivery',
    data: { campaignId: 'c1', customerId, outcome, now: NOW },
  });

beforeAll(async () => {
  pg = await createThrowawayPostgresDatabase({ prefix: 'mkt-rm' });
  store = await PostgresEventStore.create({
    connectionString: pg.url,
    eventTypes: storeEventTypes(marketingContracts.events),
    pollIntervalMs: 100,
  });
  mongoDb = await createThrowawayMongoDatabase({ prefix: 'mkt-rm' });
  connection = await connectMongo(mongoDb.url);
  queries = new MarketingReadModelQueries(connection);
  for (const projection of RUNNING) startRunner(projection);
});

afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await connection?.close();
  await store?.close();
  await mongoDb?.drop();
  await pg?.drop();
}, 60_000);

describe('marketing read models', () => {
  it('list segments and campaigns with delivery counts; a rebuild equals the live run', async () => {
    const rule = parseSegmentRule({ field: 'region', op: 'in', value: ['Bavaria'] });
    await run(segmentDecider, segmentStreamId('s1'), {
      type: 'DefineSegment',
      data: { segmentId: 's1', name: 'Bavaria', rule, now: NOW },
    });
    await run(templateDecider, templateStreamId('t1'), {
      type: 'CreateTemplate',
      data: {
        templateId: 't1',
        name: 'Spring',
        versions: [
          { locale: 'en', subject: 'Hi', body: '<mjml><mj-body></mj-body></mjml>' },
          { locale: 'zh-CN', subject: '您好', body: '<mjml><mj-body></mj-body></mjml>' },
        ],
        fallbacks: {},
        now: NOW,
      },
    });
    await run(campaignDecider, campaignStreamId('c1'), {
      type: 'CreateCampaign',
      data: {
        campaignId: 'c1',
        name: 'Spring',
        segmentId: 's1',
        templateId: 't1',
        locale: 'en',
        now: NOW,
      },
    });
    await run(campaignDecider, campaignStreamId('c1'), {
      type: 'StartSending',
      data: { campaignId: 'c1', audienceSize: 3, now: NOW },
    });
    await deliver('anna', { kind: 'sent', messageId: '<a@x>' });
    await deliver('anna', { kind: 'sent', messageId: '<a@x>' });
    await deliver('bob', { kind: 'skipped', reason: 'NO_CONSENT', detail: 'no consent' });
    await deliver('chen', { kind: 'sent', messageId: '<c@x>' });
    await run(campaignDecider, campaignStreamId('c1'), {
      type: 'CompleteSending',
      data: { campaignId: 'c1', now: NOW },
    });

    await eventually(
      async () => {
        expect(await queries.campaign(TENANT, 'c1')).toMatchObject({
          status: 'sent',
          audienceSize: 3,
          sentCount: 2,
          skippedCount: 1,
          skipped: { NO_CONSENT: 1 },
        });
      },
      { timeoutMs: 60_000 },
    );
    const segments = await queries.segments(TENANT);
    expect(segments.map((s): unknown[] => [s.segmentId, s.name, JSON.parse(s.ruleJson)])).toEqual([
      ['s1', 'Bavaria', { field: 'region', op: 'in', value: ['Bavaria'] }],
    ]);
    expect((await queries.templates(TENANT)).map((t) => t.locales)).toEqual([['en', 'zh-CN']]);
    expect(await queries.campaigns('another-tenant')).toEqual([]);

    const live = await Promise.all(RUNNING.map((p) => snapshotServing(connection, p.name)));
    for (const projection of RUNNING) startRunner(defineProjection({ ...projection, version: 2 }));
    await eventually(
      async () => {
        const aliases = connection.db!.collection<{ _id: string; version: number }>(
          ALIASES_COLLECTION,
        );
        for (const projection of RUNNING)
          expect((await aliases.findOne({ _id: projection.name }))?.version).toBe(2);
      },
      { timeoutMs: 60_000 },
    );
    const rebuilt = await Promise.all(RUNNING.map((p) => snapshotServing(connection, p.name)));
    expect(rebuilt.map(withoutRuntimeFields)).toEqual(live.map(withoutRuntimeFields));
  });

  it('previews a rule’s count over the customer profiles and explains a membership', async () => {
    const profiles = 'customer_360_preview';
    await connection
      .db!.collection<{ _id: string; [key: string]: unknown }>(ALIASES_COLLECTION)
      .insertOne({
        _id: CUSTOMER_PROFILE_PROJECTION,
        version: 1,
        targetId: 'preview',
        collections: { [CUSTOMER_PROFILE_MODEL]: profiles },
        switchedAt: new Date(),
      });
    const customer = (id: string, region: string, status = 'active', tenantId = TENANT) => ({
      _id: id,
      tenantId,
      kind: 'person',
      status,
      demographics: { region },
      tags: { interest: { golf: 'Golf' } },
    });
    await connection
      .db!.collection<{ _id: string }>(profiles)
      .insertMany([
        customer('p1', 'Bavaria'),
        customer('p2', 'Bavaria'),
        customer('p3', 'Texas'),
        customer('p4', 'Bavaria', 'erased'),
        customer('p5', 'Bavaria', 'active', 'other-tenant'),
      ]);
    const rule = parseSegmentRule({
      and: [
        { field: 'region', op: 'in', value: ['Bavaria'] },
        { field: 'tag', op: 'has', value: 'golf' },
      ],
    });
    const now = new Date(NOW);
    expect(await queries.previewCount(TENANT, segmentFilter(rule, now, NO_SEGMENT_INPUTS))).toBe(2);
    const why = async (customerId: string) => {
      const profile = await queries.customerProfile(TENANT, customerId);
      return profile && evaluateSegment(rule, profile, now, NO_SEGMENT_INPUTS.rfm);
    };
    expect(await why('p1')).toEqual({
      matches: true,
      matchedTerms: ['region in [Bavaria]', 'has tag "golf"'],
    });
    expect((await why('p3'))?.matches).toBe(false);
    expect(await why('p5')).toBeNull();
  });
});
