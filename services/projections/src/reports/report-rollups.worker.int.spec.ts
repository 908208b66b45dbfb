// The projections app's rollup worker against the real MongoDB-wire server: it computes the groups
// of the pre-aggregated reports once their read model serves, recomputes them when the read model
// applied more, and a report then answers from them with the position they were computed at.
import { Role } from '@crm/access-policy';
import { CUSTOMER_360_MODEL, CUSTOMER_360_PROJECTION } from '@crm/customers-read-models';
import { silentLogger } from '@crm/messaging';
import { connectMongo } from '@crm/read-models';
import { ReportEngine, ReportRollups, standardReport, type ReportViewer } from '@crm/reports';
import { serveTestReadModel, setTestCheckpoint } from '@crm/reports/testing';
import { createThrowawayMongoDatabase, eventually, type ThrowawayDatabase } from '@crm/testing';
import type { Connection } from 'mongoose';
import { startReportRollupWorker, type ReportRollupWorker } from './report-rollups.worker';

jest.setTimeout(60_000);

const TENANT = 'tenant-rollup-worker';
const COLLECTION = 'customer_360_rollup_worker';
const ADMIN: ReportViewer = {
  principal: { userId: 'admin', tenantId: TENANT, roles: [Role.ADMIN], teamId: null },
  teamMemberIds: [],
};
const customer = (id: string, status: string) => ({
  _id: id,
  tenantId: TENANT,
  kind: 'person',
  status,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

let mongoDb: ThrowawayDatabase;
let connection: Connection;
let worker: ReportRollupWorker | undefined;

beforeAll(async () => {
  mongoDb = await createThrowawayMongoDatabase({ prefix: 'rollup_worker' });
  connection = await connectMongo(mongoDb.url);
  await serveTestReadModel(connection, {
    projection: CUSTOMER_360_PROJECTION,
    model: CUSTOMER_360_MODEL,
    collection: COLLECTION,
    storeCheckpoint: 3,
  });
  await connection
    .db!.collection(COLLECTION)
    .insertMany([
      customer('a', 'active'),
      customer('b', 'active'),
      customer('c', 'prospect'),
    ] as never[]);
});

afterAll(async () => {
  await worker?.stop();
  await connection?.close();
  await mongoDb?.drop();
});

it('keeps the groups of a report current and the report answers from them', async () => {
  const rollups = new ReportRollups({ connection });
  const storeHead = { position: () => Promise.resolve(4) };
  const engine = new ReportEngine({ connection, storeHead, rollups });
  const lifecycle = standardReport('customers', 'byLifecycle');
  worker = startReportRollupWorker(connection, 200, silentLogger);

  const first = await eventually(async () => {
    const result = await engine.run(lifecycle, ADMIN);
    return result.precomputedAt !== undefined && result;
  });
  expect(first.rows).toEqual([
    { dimensions: ['active'], values: [2] },
    { dimensions: ['prospect'], values: [1] },
  ]);
  // The lag is that of the groups: computed at position 3, the store is at 4.
  expect(first.freshness).toMatchObject({ appliedPosition: 3, storeHead: 4, eventsBehind: 1 });

  // The read model applies one more customer: the next pass recomputes the groups.
  await connection.db!.collection(COLLECTION).insertOne(customer('d', 'inactive') as never);
  await setTestCheckpoint(connection, CUSTOMER_360_PROJECTION, 4);
  const next = await eventually(async () => {
    const result = await engine.run(lifecycle, ADMIN);
    return result.freshness.appliedPosition === 4 && result.precomputedAt !== undefined && result;
  });
  expect(next.rows).toEqual([
    { dimensions: ['active'], values: [2] },
    { dimensions: ['inactive'], values: [1] },
    { dimensions: ['prospect'], values: [1] },
  ]);
  expect(next.freshness.eventsBehind).toBe(0);

  await worker.stop();
  worker = undefined;
});
