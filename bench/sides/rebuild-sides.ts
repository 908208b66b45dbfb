// P4's contenders, each in its own process (own peak RSS):
// - ours: the projections CLI's rebuild path (ProjectionRebuilder + ProjectionApplier +
//   IdempotentWriter) of customer 360 from the store, read through the customers decrypting view;
// - raw: mongoose bulkWrite of the final documents that rebuild produced (read back before the
//   clock starts), one upsert per document, into collections with the same indexes.
import { customersDecryptingStore } from '@crm/customers-read-models';
import { PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import {
  IdempotentWriter,
  ParkedEventRepository,
  ProjectionApplier,
  ProjectionRebuilder,
  ProjectionTargetRepository,
  connectMongo,
} from '@crm/read-models';
import mongoose from 'mongoose';
import { customer360Projection } from '../../services/projections/src/customers/customer-360.projection';
import { elapsedMs, nowNs } from '../harness/timer';
import { benchMasterKeys } from './customer-events';

export interface RebuildInput {
  readonly postgresUrl: string;
  readonly mongoUrl: string;
  readonly batchSize: number;
}

export interface RebuildOutput {
  readonly eventsApplied: number;
  readonly wallMs: number;
  readonly collections: { readonly [model: string]: string };
  readonly documents: { readonly [model: string]: number };
}

/** Ours: a fresh rebuild of customer 360, end to end (a rebuild is a one-off job: no warm-up). */
export async function rebuildOurs(input: RebuildInput): Promise<RebuildOutput> {
  const raw = await PostgresEventStore.create({
    connectionString: input.postgresUrl,
    eventTypes: [],
    migrate: false,
    readBatchSize: input.batchSize,
    poolConfig: { max: 4 },
  });
  const connection = await connectMongo(input.mongoUrl);
  try {
    const store = customersDecryptingStore(raw, raw.pool, benchMasterKeys());
    const rebuilder = new ProjectionRebuilder({
      store,
      storeHead: new PostgresStoreHead(raw.pool),
      targets: new ProjectionTargetRepository(connection),
      logger: silentLogger,
      batchSize: input.batchSize,
    });
    const applier = new ProjectionApplier(
      customer360Projection,
      new IdempotentWriter(connection),
      new ParkedEventRepository(connection),
      silentLogger,
    );
    let eventsApplied = 0;
    const start = nowNs();
    const result = await rebuilder.rebuild(applier, {
      fresh: true,
      onProgress: (p) => (eventsApplied = p.eventsApplied),
    });
    const wallMs = elapsedMs(start);
    const documents: Record<string, number> = {};
    for (const [model, collection] of Object.entries(result.target.collections)) {
      documents[model] = await connection.db!.collection(collection).countDocuments();
    }
    return { eventsApplied, wallMs, collections: result.target.collections, documents };
  } finally {
    await connection.close();
    await raw.close();
  }
}

export interface BulkWriteInput {
  readonly mongoUrl: string;
  /** Ours' physical collections (logical model → name) to copy the final documents from. */
  readonly from: { readonly [model: string]: string };
  readonly batchSize: number;
}

export interface BulkWriteOutput {
  readonly documents: number;
  readonly wallMs: number;
}

/** Baseline: the same final documents written with Model.bulkWrite upserts (batches of `batchSize`). */
export async function bulkWriteRaw(input: BulkWriteInput): Promise<BulkWriteOutput> {
  const connection = await mongoose
    .createConnection(input.mongoUrl, { serverSelectionTimeoutMS: 5000 })
    .asPromise();
  try {
    const work: {
      write: (ops: mongoose.AnyBulkWriteOperation[]) => Promise<unknown>;
      docs: Record<string, unknown>[];
    }[] = [];
    for (const [model, collection] of Object.entries(input.from)) {
      const docs = (await connection.db!.collection(collection).find({}).toArray()) as Record<
        string,
        unknown
      >[];
      const target = `bench_raw_${model}`;
      await connection
        .db!.collection(target)
        .drop()
        .catch(() => undefined);
      for (const index of customer360Projection.indexes?.[model] ?? []) {
        await connection
          .db!.collection(target)
          .createIndex({ ...index.fields }, { unique: index.unique ?? false });
      }
      const schema = new mongoose.Schema<Record<string, unknown>>(
        {},
        { strict: false, versionKey: false, _id: false },
      );
      const Model = connection.model(`bench_raw_${model}`, schema, target);
      work.push({ write: (ops) => Model.bulkWrite(ops), docs });
    }
    const start = nowNs();
    let documents = 0;
    for (const { write, docs } of work) {
      for (let i = 0; i < docs.length; i += input.batchSize) {
        const ops: mongoose.AnyBulkWriteOperation[] = docs
          .slice(i, i + input.batchSize)
          .map(({ _id, ...fields }) => ({
            updateOne: { filter: { _id }, update: { $set: fields }, upsert: true },
          }));
        await write(ops);
        documents += ops.length;
      }
    }
    return { documents, wallMs: elapsedMs(start) };
  } finally {
    await connection.close();
  }
}
