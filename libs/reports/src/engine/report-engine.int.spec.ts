// The report engine against the real MongoDB-wire server and a real event store head: record scope
// on every row (a rep counts only his own opportunities, a manager his team's), asOf over data that
// changed over time, drill-down to the records behind a figure, and freshness against the store.
// Documents are written straight into serving collections: the projections are not under test.
import { Role, type Principal } from '@crm/access-policy';
import { PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead } from '@crm/messaging';
import { connectMongo } from '@crm/read-models';
import { CUSTOMER_360_MODEL, CUSTOMER_360_PROJECTION } from '@crm/customers-read-models';
import { SALES_OPPORTUNITIES_MODEL, SALES_PIPELINE_PROJECTION } from '@crm/sales-read-models';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { InvalidReportError } from '../definition/report-definition';
import {
  REPORT_CUSTOMER_LIFECYCLE_MODEL,
  REPORT_CUSTOMER_LIFECYCLE_PROJECTION,
  REPORT_OPPORTUNITY_STAGES_MODEL,
  REPORT_OPPORTUNITY_STAGES_PROJECTION,
} from '../read-models/report-read-models';
import { standardReport } from '../packs/standard-packs';
import { serveTestReadModel, setTestCheckpoint } from '../testing/serve-read-model';
import { ReportEngine } from './report-engine';
import { ReportResultCache } from './report-result-cache';
import type { ReportViewer } from './report-scope';

const TENANT = 'tenant-reports';
const NOW = new Date('2026-06-30T12:00:00Z');
const STORE_EVENTS = 5;
const APPLIED = 3;

let mongoDb: ThrowawayDatabase;
let pgDb: ThrowawayDatabase;
let connection: Connection;
let store: PostgresEventStore;
let engine: ReportEngine;

function viewer(
  userId: string,
  roles: Role[],
  teamId: string | null = null,
  team: string[] = [],
): ReportViewer {
  const principal: Principal = { userId, tenantId: TENANT, roles, teamId };
  return { principal, teamMemberIds: team };
}
const admin = viewer('admin', [Role.ADMIN]);
const repAnn = viewer('ann', [Role.SALES_REP], 'team-a');
const managerA = viewer('mia', [Role.SALES_MANAGER], 'team-a', ['mia', 'ann', 'bob']);
const agent = viewer('agent', [Role.SERVICE_AGENT]);

function opportunity(
  id: string,
  ownerId: string,
  status: 'open' | 'won' | 'lost',
  openedAt: string,
  closedAt?: string,
  tenantId = TENANT,
) {
  return {
    _id: id,
    tenantId,
    ownerId,
    teamId: ownerId === 'zed' ? 'team-b' : 'team-a',
    name: id,
    customerId: 'c',
    pipelineId: 'default',
    stageId: status === 'open' ? 'proposal' : 'closed',
    probability: 50,
    forecastCategory: 'pipeline',
    amount: '100.00',
    currency: 'EUR',
    expectedCloseOn: '2026-12-31',
    status,
    stageEnteredAt: openedAt,
    openedAt,
    ...(closedAt ? { closedAt } : {}),
    version: 1,
  };
}

// Ann: 2 won (one in Feb, one in May), 1 lost (Mar); Bob (Ann's team): 1 open; Zed (team b): 1 won;
// another tenant: 1 won (never counted).
const OPPORTUNITIES = [
  opportunity('o1', 'ann', 'won', '2026-01-10T00:00:00Z', '2026-02-10T00:00:00Z'),
  opportunity('o2', 'ann', 'won', '2026-01-20T00:00:00Z', '2026-05-20T00:00:00Z'),
  opportunity('o3', 'ann', 'lost', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'),
  opportunity('o4', 'bob', 'open', '2026-04-01T00:00:00Z'),
  opportunity('o5', 'zed', 'won', '2026-01-05T00:00:00Z', '2026-01-25T00:00:00Z'),
  opportunity('o6', 'ann', 'won', '2026-01-05T00:00:00Z', '2026-01-25T00:00:00Z', 'other-tenant'),
];

function customer(
  id: string,
  createdAt: string,
  channel: string,
  extra: Record<string, unknown> = {},
) {
  return {
    _id: id,
    tenantId: TENANT,
    kind: 'person',
    status: 'active',
    ownerUserId: 'ann',
    channels: { [channel]: { channel, recordedAt: createdAt } },
    createdAt,
    updatedAt: createdAt,
    version: 1,
    ...extra,
  };
}

// Registered Jan (web), Feb (store), Apr (web); one merged away in Mar, one erased in May.
const CUSTOMERS = [
  customer('c1', '2026-01-05T00:00:00Z', 'web'),
  customer('c2', '2026-02-05T00:00:00Z', 'store'),
  customer('c3', '2026-04-05T00:00:00Z', 'web'),
  customer('c4', '2026-01-06T00:00:00Z', 'web', {
    status: 'merged',
    updatedAt: '2026-03-01T00:00:00Z',
  }),
  customer('c5', '2026-01-07T00:00:00Z', 'store', {
    status: 'erased',
    updatedAt: '2026-05-01T00:00:00Z',
  }),
];

async function serve(projection: string, model: string, docs: Record<string, unknown>[]) {
  const collection = `${model}_reports_test`;
  await serveTestReadModel(connection, { projection, model, collection, storeCheckpoint: APPLIED });
  if (docs.length > 0) await connection.db!.collection(collection).insertMany(docs);
}

beforeAll(async () => {
  [mongoDb, pgDb] = await Promise.all([
    createThrowawayMongoDatabase({ prefix: 'reports' }),
    createThrowawayPostgresDatabase({ prefix: 'reports' }),
  ]);
  connection = await connectMongo(mongoDb.url);
  store = await PostgresEventStore.create({
    connectionString: pgDb.url,
    eventTypes: [{ type: 'reports.ProbeRecorded', schemaVersion: 1 }],
    migrate: true,
  });
  await store.append(
    `reports.Probe-${uuidv7()}`,
    Array.from({ length: STORE_EVENTS }, () => ({
      eventId: uuidv7(),
      type: 'reports.ProbeRecorded',
      tenantId: TENANT,
      occurredAt: NOW.toISOString(),
      actor: { kind: 'system' as const, name: 'reports-test' },
      correlationId: 'c',
      causationId: 'c',
      data: {},
    })),
  );
  await serve(SALES_PIPELINE_PROJECTION, SALES_OPPORTUNITIES_MODEL, OPPORTUNITIES);
  await serve(CUSTOMER_360_PROJECTION, CUSTOMER_360_MODEL, CUSTOMERS);
  // The stage events opportunities as of an instant join (none kept here: the board's dates count).
  await serve(REPORT_OPPORTUNITY_STAGES_PROJECTION, REPORT_OPPORTUNITY_STAGES_MODEL, []);
  // Likewise the customer lifecycle history (none kept here: the 360's status and dates count).
  await serve(REPORT_CUSTOMER_LIFECYCLE_PROJECTION, REPORT_CUSTOMER_LIFECYCLE_MODEL, []);
  engine = new ReportEngine({
    connection,
    storeHead: new PostgresStoreHead(store.pool),
    clock: () => NOW,
  });
}, 60_000);

afterAll(async () => {
  await connection?.close();
  await store?.close();
  await Promise.all([mongoDb?.drop(), pgDb?.drop()]);
});

const byStatus = { dataset: 'opportunities', dimensions: ['status'], measures: ['opportunities'] };
const pairs = (
  rows: readonly { dimensions: readonly string[]; values: readonly (number | null)[] }[],
) => rows.map((r) => [...r.dimensions, ...r.values]);

describe('record scope on every row', () => {
  it('an admin counts the whole tenant, never another tenant', async () => {
    const result = await engine.run(byStatus, admin);
    expect(pairs(result.rows)).toEqual([
      ['lost', 1],
      ['open', 1],
      ['won', 3],
    ]);
  });

  it('a rep counts only his own opportunities', async () => {
    const result = await engine.run(byStatus, repAnn);
    expect(pairs(result.rows)).toEqual([
      ['lost', 1],
      ['won', 2],
    ]);
  });

  it("a manager counts his team's, not another team's", async () => {
    const result = await engine.run(standardReport('sales', 'winRateByOwner'), managerA);
    // ann: 3 opportunities, 2 won of 3 closed; bob: 1 open, none closed.
    expect(pairs(result.rows).map((r) => r.slice(0, 3))).toEqual([
      ['ann', 3, 66.67],
      ['bob', 1, null],
    ]);
  });

  it('a service agent, who sees no sales records, gets no rows', async () => {
    const result = await engine.run(byStatus, agent);
    expect(result.rows).toEqual([]);
    expect(result.totals).toEqual([0]);
  });
});

describe('asOf over data that changed', () => {
  it('opportunities closed after the instant were still open', async () => {
    const result = await engine.run({ ...byStatus, asOf: '2026-03-15T00:00:00Z' }, admin);
    // o4 (opened Apr) did not exist; o2 (won May) was open; o1, o5 won; o3 lost.
    expect(pairs(result.rows)).toEqual([
      ['lost', 1],
      ['open', 1],
      ['won', 2],
    ]);
    expect(result.asOf).toBe('2026-03-15T00:00:00.000Z');
  });

  it('customers registered later are out, merged ones too, erased-later ones still in', async () => {
    const definition = standardReport('customers', 'byAcquisitionChannel');
    const now = await engine.run(definition, admin);
    expect(pairs(now.rows)).toEqual([
      ['store', 1],
      ['web', 2],
    ]);
    const march = await engine.run({ ...definition, asOf: '2026-03-15T00:00:00Z' }, admin);
    // c1 (web), c2 (store), c5 (store, erased only in May); c4 merged on Mar 1; c3 from April.
    expect(pairs(march.rows)).toEqual([
      ['store', 2],
      ['web', 1],
    ]);
  });

  it('growth by month as of an instant', async () => {
    const result = await engine.run(
      { ...standardReport('customers', 'growth'), asOf: '2026-03-15T00:00:00Z' },
      admin,
    );
    expect(pairs(result.rows)).toEqual([
      ['2026-01', 2],
      ['2026-02', 1],
    ]);
  });

  it('refuses a dimension whose history is not dated', async () => {
    await expect(
      engine.run(
        { ...standardReport('customers', 'byRegion'), asOf: '2026-03-15T00:00:00Z' },
        admin,
      ),
    ).rejects.toThrow(InvalidReportError);
  });
});

describe('drill-down and freshness', () => {
  it('lists the records behind a figure, within the scope', async () => {
    const admins = await engine.drillDown(byStatus, ['won'], admin);
    expect(admins.records.map((r) => r['id']).sort()).toEqual(['o1', 'o2', 'o5']);
    const anns = await engine.drillDown(byStatus, ['won'], repAnn);
    expect(anns.records.map((r) => r['id']).sort()).toEqual(['o1', 'o2']);
    const asOf = await engine.drillDown(
      { ...byStatus, asOf: '2026-03-15T00:00:00Z' },
      ['open'],
      admin,
    );
    expect(asOf.records.map((r) => r['id'])).toEqual(['o2']);
  });

  it('drills every figure down to exactly as many records as it counts', async () => {
    for (const [viewer, asOf] of [
      [admin, undefined],
      [repAnn, undefined],
      [admin, '2026-03-15T00:00:00Z'],
    ] as const) {
      const definition = { ...byStatus, ...(asOf ? { asOf } : {}) };
      const result = await engine.run(definition, viewer);
      for (const row of result.rows) {
        const drill = await engine.drillDown(definition, row.dimensions, viewer);
        expect(drill.records).toHaveLength(row.values[0]!);
      }
    }
  });

  it('says how many store events the read model has not applied', async () => {
    const result = await engine.run(byStatus, admin);
    expect(result.freshness).toEqual({
      projection: SALES_PIPELINE_PROJECTION,
      appliedPosition: APPLIED,
      storeHead: STORE_EVENTS,
      eventsBehind: STORE_EVENTS - APPLIED,
    });
  });
});

describe('figures reused at an unchanged read-model position (ADR 0307)', () => {
  it('answers from the cache until the read model applies more, per record scope', async () => {
    const cached = new ReportEngine({
      connection,
      storeHead: new PostgresStoreHead(store.pool),
      clock: () => NOW,
      cache: new ReportResultCache(),
    });
    const byStatus = {
      dataset: 'opportunities',
      dimensions: ['status'],
      measures: ['opportunities'],
    };
    const count = (result: {
      rows: readonly { dimensions: readonly string[]; values: readonly (number | null)[] }[];
    }) => result.rows.find((r) => r.dimensions[0] === 'open')?.values[0] ?? 0;
    const before = await cached.run(byStatus, admin);
    const rep = await cached.run(byStatus, repAnn);
    // A document the read model wrote without its checkpoint moving yet: not seen, same figures.
    const collection = connection.db!.collection(`${SALES_OPPORTUNITIES_MODEL}_reports_test`);
    await collection.insertOne(opportunity('o7', 'ann', 'open', '2026-04-02T00:00:00Z') as never);
    try {
      expect(count(await cached.run(byStatus, admin))).toBe(count(before));
      // The uncached engine sees it at once: the reuse is the cache's doing.
      expect(count(await engine.run(byStatus, admin))).toBe(count(before) + 1);
      // The checkpoint moves: recomputed, for each scope separately.
      await setTestCheckpoint(connection, SALES_PIPELINE_PROJECTION, APPLIED + 1);
      expect(count(await cached.run(byStatus, admin))).toBe(count(before) + 1);
      expect(count(await cached.run(byStatus, repAnn))).toBe(count(rep) + 1);
    } finally {
      await collection.deleteOne({ _id: 'o7' as never });
      await setTestCheckpoint(connection, SALES_PIPELINE_PROJECTION, APPLIED);
    }
  });
});
