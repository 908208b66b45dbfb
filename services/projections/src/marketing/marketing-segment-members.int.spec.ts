// Segment membership read model against the real servers: SegmentMembershipChanged events decided
// by the SegmentMembership decider and stored in PostgreSQL are projected; a segment's members now
// and as of past instants come back right, also after a member left because they were erased.
import { storeEventTypes } from '@crm/contracts';
import { marketingContracts } from '@crm/contracts/marketing';
import { CommandHandler, PostgresEventStore, systemRuntime } from '@crm/event-sourcing';
import { segmentMembershipDecider, segmentMembershipStreamId } from '@crm/marketing-domain';
import { MarketingReadModelQueries } from '@crm/marketing-read-models';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import { connectMongo } from '@crm/read-models';
import { runProjection } from '@crm/read-models/testing';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { marketingSegmentMembersProjection } from './marketing-segment-members.projection';

jest.setTimeout(120_000);

const TENANT = 'tenant-mkt-members';
let pg: ThrowawayDatabase;
let mongoDb: ThrowawayDatabase;
let store: PostgresEventStore;
let connection: Connection;
let queries: MarketingReadModelQueries;
let stop: () => Promise<void>;

const reconcile = (members: string[], now: string) =>
  new CommandHandler({ decider: segmentMembershipDecider, store, runtime: systemRuntime }).handle(
    segmentMembershipStreamId('vip'),
    { type: 'ReconcileMembership', data: { segmentId: 'vip', members, now } },
    { tenantId: TENANT, actor: { kind: 'system', name: 'marketing.membership' } },
  );

beforeAll(async () => {
  pg = await createThrowawayPostgresDatabase({ prefix: 'mkt-mem' });
  store = await PostgresEventStore.create({
    connectionString: pg.url,
    eventTypes: storeEventTypes(marketingContracts.events),
    pollIntervalMs: 100,
  });
  mongoDb = await createThrowawayMongoDatabase({ prefix: 'mkt-mem' });
  connection = await connectMongo(mongoDb.url);
  queries = new MarketingReadModelQueries(connection);
  stop = runProjection(marketingSegmentMembersProjection, {
    connection,
    store,
    storeHead: new PostgresStoreHead(store.pool),
    logger: silentLogger,
    pollIntervalMs: 100,
  });
});

afterAll(async () => {
  await stop?.();
  await connection?.close();
  await store?.close();
  await mongoDb?.drop();
  await pg?.drop();
}, 60_000);

describe('segment membership read model', () => {
  it('answers the members now and as of past instants, counts of the past kept after an erasure', async () => {
    await reconcile(['anna', 'bob'], '2026-11-01T09:00:00.000Z');
    await reconcile(['bob', 'chen', 'dora'], '2026-11-10T09:00:00.000Z');
    // Bob was erased: the audience no longer selects him.
    await reconcile(['chen', 'dora'], '2026-11-20T09:00:00.000Z');

    await eventually(async () => {
      expect(await queries.segmentMembers(TENANT, 'vip')).toEqual({
        count: 2,
        customerIds: ['chen', 'dora'],
      });
    });
    expect(await queries.segmentMembers(TENANT, 'vip', '2026-10-31T00:00:00.000Z')).toEqual({
      count: 0,
      customerIds: [],
    });
    expect(await queries.segmentMembers(TENANT, 'vip', '2026-11-01T09:00:00.000Z')).toEqual({
      count: 2,
      customerIds: ['anna', 'bob'],
    });
    expect(await queries.segmentMembers(TENANT, 'vip', '2026-11-15T00:00:00.000Z')).toEqual({
      count: 3,
      customerIds: ['bob', 'chen', 'dora'],
    });
    expect(await queries.segmentMembers('another-tenant', 'vip')).toEqual({
      count: 0,
      customerIds: [],
    });
  });
});
