// Reconciliation against a real event store (PostgreSQL) and read model (MongoDB-wire): equal
// counts pass, a read model that lags (rows missing beyond its checkpoint) passes, a row lost
// below the checkpoint or a row without a stream is a mismatch, per tenant.
import { PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead } from '@crm/messaging';
import { connectMongo } from '@crm/read-models';
import { SALES_LEADS_MODEL, SALES_LEADS_PROJECTION } from '@crm/sales-read-models';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { leadsDataset } from '../datasets/sales.datasets';
import { serveTestReadModel, setTestCheckpoint } from '../testing/serve-read-model';
import { PostgresStreamCounter, reconcileReadModels } from './read-model-reconciliation';

const LEADS = 'leads_reconcile_test';

let mongoDb: ThrowawayDatabase;
let pgDb: ThrowawayDatabase;
let connection: Connection;
let store: PostgresEventStore;
const positions: number[] = [];

async function captureLead(tenantId: string): Promise<string> {
  const leadId = uuidv7();
  const result = await store.append(`sales.Lead-${leadId}`, [
    {
      eventId: uuidv7(),
      type: 'sales.LeadCaptured',
      tenantId,
      occurredAt: '2026-06-01T00:00:00.000Z',
      actor: { kind: 'system', name: 'reconcile-test' },
      correlationId: 'c',
      causationId: 'c',
      data: {},
    },
  ]);
  positions.push(Number(result.events.at(-1)!.globalPosition));
  return leadId;
}

const setCheckpoint = (position: number) =>
  setTestCheckpoint(connection, SALES_LEADS_PROJECTION, position);

function run() {
  return reconcileReadModels({
    connection,
    streams: new PostgresStreamCounter(store.pool),
    storeHead: new PostgresStoreHead(store.pool),
    datasets: [leadsDataset],
  });
}

beforeAll(async () => {
  [mongoDb, pgDb] = await Promise.all([
    createThrowawayMongoDatabase({ prefix: 'reconcile' }),
    createThrowawayPostgresDatabase({ prefix: 'reconcile' }),
  ]);
  connection = await connectMongo(mongoDb.url);
  store = await PostgresEventStore.create({
    connectionString: pgDb.url,
    eventTypes: [{ type: 'sales.LeadCaptured', schemaVersion: 1 }],
    migrate: true,
  });
  await serveTestReadModel(connection, {
    projection: SALES_LEADS_PROJECTION,
    model: SALES_LEADS_MODEL,
    collection: LEADS,
    storeCheckpoint: 0,
  });
}, 60_000);

afterAll(async () => {
  await connection?.close();
  await store?.close();
  await Promise.all([mongoDb?.drop(), pgDb?.drop()]);
});

describe('reconcileReadModels', () => {
  it('passes equal counts and lag, flags lost and phantom rows per tenant', async () => {
    const acme = [await captureLead('acme'), await captureLead('acme')];
    const globex = await captureLead('globex');
    const leads = connection.db!.collection(LEADS);
    await leads.insertMany([
      { _id: acme[0] as never, tenantId: 'acme' },
      { _id: acme[1] as never, tenantId: 'acme' },
      { _id: globex as never, tenantId: 'globex' },
    ]);
    await setCheckpoint(positions.at(-1)!);
    expect((await run()).mismatches).toEqual([]);

    // A new lead the projection has not applied yet: lag, not a mismatch.
    await captureLead('acme');
    const lagging = await run();
    expect(lagging.mismatches).toEqual([]);
    expect(lagging.findings.find((f) => f.tenantId === 'acme')).toMatchObject({
      readModelRows: 2,
      storeStreamsAtCheckpoint: 2,
      storeStreamsAtHead: 3,
    });

    // The checkpoint says it was applied, yet the row is missing: a mismatch for acme only.
    await setCheckpoint(positions.at(-1)!);
    const lost = await run();
    expect(lost.mismatches.map((m) => [m.dataset, m.tenantId, m.readModelRows])).toEqual([
      ['leads', 'acme', 2],
    ]);

    // A row no stream accounts for (a tenant with no events): a mismatch too.
    await leads.insertOne({ _id: 'phantom' as never, tenantId: 'initech' });
    const phantom = await run();
    expect(phantom.mismatches.map((m) => m.tenantId)).toEqual(['acme', 'initech']);
  });
});
