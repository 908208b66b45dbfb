// R2: the daily reconciliation (libs/reports, ADR 0232) over the shared bench log: 1M events with
// --scale (100k by default), 10 per stream, one read-model row per stream on the MongoDB-wire
// server. Measures one full pass (checkpoint, row count per tenant, streams per tenant up to the
// checkpoint and up to the head) against the raw SQL count of distinct streams it is built on.
import { PostgresStoreHead } from '@crm/messaging';
import { declareDataset, PostgresStreamCounter, reconcileReadModels } from '@crm/reports';
import mongoose from 'mongoose';
import { Pool } from 'pg';
import { serveTestReadModel } from '../../libs/reports/src/testing/serve-read-model';
import { benchMongoUrl, dropMongoDatabase } from '../harness/mongo';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import {
  SHARED_LOG_EVENTS_PER_STREAM,
  ensureSharedLog,
  sharedLogEvents,
} from '../harness/seed-log';
import { nowNs } from '../harness/timer';
import { BENCH_TENANT } from '../harness/workload';

const MONGO_DATABASE = 'bench_crm_reconciliation';
const PROJECTION = 'bench-items';
const MODEL = 'bench_items';
const COLLECTION = 'bench_items_r2';
const BATCH = 5_000;
const CATEGORY = 'bench.Item';

/** The seeded log's streams as a report dataset: one read-model row per `bench.Item` stream. */
const itemsDataset = declareDataset<{ _id: string; tenantId: string }>({
  name: 'benchItems',
  label: 'Bench items',
  projection: PROJECTION,
  model: MODEL,
  scope: 'loyalty',
  storeCategory: CATEGORY,
  timeField: 'createdAt',
  fields: [],
  dimensions: {},
  measures: { items: { kind: 'count', label: 'Items' } },
  record: (doc) => ({ id: doc._id }),
});

const seconds = (startedNs: bigint) => Number(nowNs() - startedNs) / 1e9;

export const r2Reconciliation: Scenario = {
  id: 'R2',
  title: 'Reconciliation of the read models with the event store (s)',
  goal: 'reconciliation of 1M events < 60 s',
  baseline:
    'raw SQL: SELECT tenant_id, count(DISTINCT stream_id) … GROUP BY tenant_id over the same category, once, same run',

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    const events = sharedLogEvents(ctx.scale);
    report.setting('events in the store (shared bench log)', events);
    report.setting('events per stream', SHARED_LOG_EVENTS_PER_STREAM);
    const seed = await ensureSharedLog(ctx.connections.postgresUrl, ctx.scale, ctx.log);
    const pool = new Pool({ connectionString: seed.url, max: 4 });
    const mongoUrl = benchMongoUrl(ctx.connections.mongoUrl, MONGO_DATABASE);
    await dropMongoDatabase(mongoUrl);
    const connection = await mongoose
      .createConnection(mongoUrl, { serverSelectionTimeoutMS: 5000 })
      .asPromise();
    try {
      const head = await new PostgresStoreHead(pool).position();
      await serveTestReadModel(connection, {
        projection: PROJECTION,
        model: MODEL,
        collection: COLLECTION,
        storeCheckpoint: head,
      });
      const streams = Math.ceil(events / SHARED_LOG_EVENTS_PER_STREAM);
      const collection = connection.db!.collection(COLLECTION);
      for (let from = 0; from < streams; from += BATCH) {
        const docs = Array.from({ length: Math.min(BATCH, streams - from) }, (_, k) => ({
          _id: `seed${from + k}`,
          tenantId: BENCH_TENANT,
        }));
        await collection.insertMany(docs as never[], { ordered: false });
      }
      ctx.log(`${streams} read-model rows written`);
      report.setting('read-model rows (one per stream)', streams);

      const ours: number[] = [];
      const raw: number[] = [];
      for (let run = 0; run < ctx.runs; run++) {
        let started = nowNs();
        const result = await reconcileReadModels({
          connection,
          streams: new PostgresStreamCounter(pool),
          storeHead: new PostgresStoreHead(pool),
          datasets: [itemsDataset],
        });
        ours.push(seconds(started));
        if (result.mismatches.length > 0 || result.findings[0]?.readModelRows !== streams)
          throw new Error(`R2: the reconciliation disagrees: ${JSON.stringify(result.findings)}`);
        started = nowNs();
        await pool.query(
          `SELECT tenant_id, count(DISTINCT stream_id) FROM event_store.events
            WHERE category = $1 GROUP BY tenant_id`,
          [CATEGORY],
        );
        raw.push(seconds(started));
        ctx.log(`run ${run + 1}/${ctx.runs}: reconciliation ${ours.at(-1)!.toFixed(2)} s`);
      }
      const label = `${events.toLocaleString('en')} events, ${streams.toLocaleString('en')} streams`;
      report.measure('reconcile', 'ours', `one reconciliation pass: ${label}`, 's', ours);
      report.measure('reconcile', 'raw SQL', `one count of distinct streams: ${label}`, 's', raw);
      report.ratio('ours / raw SQL (s)', 'reconcile', 'ours', 'reconcile', 'raw SQL');
      report.goal(`reconciliation of ${label}`, Math.max(...ours), '<', 60, 's');
      report.note(
        'A pass counts the streams twice (up to the checkpoint and up to the head) plus the read-model rows per tenant; the raw baseline counts once. With --scale the log holds 1M events.',
      );
    } finally {
      await connection.close();
      await pool.end();
      await dropMongoDatabase(mongoUrl);
    }
  },
};
