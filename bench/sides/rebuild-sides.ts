// P4's contenders, each in its own process (own peak RSS, own CPU; the MongoDB-wire server's CPU
// over the same timed section):
// - ours: the projections CLI's rebuild path (ProjectionRebuilder + ProjectionApplier, pages
//   written one write per document, ADR 0465) of customer 360 from the store, read through the
//   customers decrypting view;
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
import { infraServerCpuMs } from '../harness/process-cpu';
import { elapsedMs, nowNs } from '../harness/timer';
import { benchMasterKeys } from './customer-events';

export interface RebuildInput {
  readonly postgresUrl: string;
  readonly mongoUrl: string;
  readonly batchSize: number;
}

/** CPU of the timed section, ms: this process, and the MongoDB-wire server (when crm-infra runs it). */
export interface SectionCpu {
  readonly nodeMs: number;
  readonly mongoMs: number | undefined;
}

/** Starts measuring the CPU of a timed section; call the result at its end. */
function sectionCpu(): () => SectionCpu {
  const node = process.cpuUsage();
  const mongo = infraServerCpuMs('mongo');
  return () => {
    const used = process.cpuUsage(node);
    const mongoAfter = infraServerCpuMs('mongo');
    return {
      nodeMs: (used.user + used.system) / 1000,
      mongoMs: mongo === undefined || mongoAfter === undefined ? undefined : mongoAfter - mongo,
    };
  };
}

export interface RebuildOutput {
  readonly eventsApplied: number;
  readonly wallMs: number;
  readonly cpu: SectionCpu;
  /** Pages written one write per document, and pages the per-event writer took. */
  readonly pages: { readonly batched: number; readonly perEvent: number };
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
    let pages = { batched: 0, perEvent: 0 };
    const start = nowNs();
    const cpuOf = sectionCpu();
    const result = await rebuilder.rebuild(applier, {
      fresh: true,
      onProgress: (p) => {
        eventsApplied = p.eventsApplied;
        pages = { batched: p.writes.batched, perEvent: p.writes.perEvent };
      },
    });
    const wallMs = elapsedMs(start);
    const cpu = cpuOf();
    const documents: Record<string, number> = {};
    for (const [model, collection] of Object.entries(result.target.collections)) {
      documents[model] = await connection.db!.collection(collection).countDocuments();
    }
    return { eventsApplied, wallMs, cpu, pages, collections: result.target.collections, documents };
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
  readonly cpu: SectionCpu;
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
    const cpuOf = sectionCpu();
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
    const wallMs = elapsedMs(start);
    return { documents, wallMs, cpu: cpuOf() };
  } finally {
    await connection.close();
  }
}
