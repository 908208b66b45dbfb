// The rebuild's batched writes (ADR 0465) against the real MongoDB-wire server: the same documents
// as the live writer (runtime fields included), resumable from a half-written page, a checkpoint
// that never runs ahead of the documents, and refusals handed to the per-event writer.
import type { EventEnvelope, PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import {
  appendCounterLoad,
  createSampleEventStore,
  noteWritten,
  readWholeLog,
} from '@crm/messaging/testing';
import { createThrowawayMongoDatabase, createThrowawayPostgresDatabase } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import type { Connection } from 'mongoose';
import { BatchedRebuildWriter, FoldedWriteConflictError } from '../apply/batched-rebuild-writer';
import { IdempotentWriter } from '../apply/idempotent-writer';
import type { ChangeWriter } from '../apply/idempotent-writer';
import { ProjectionApplier } from '../apply/projection-applier';
import { connectMongo } from '../mongo/mongo-connection';
import { ParkedEventRepository } from '../parking/parked-event.repository';
import { changesOf, defineProjection } from '../projection/projection-definition';
import type { ProjectionDefinition } from '../projection/projection-definition';
import { remove, upsert } from '../projection/read-model-change';
import type { ProjectionTarget } from '../targets/projection-target';
import { ProjectionTargetRepository } from '../targets/projection-target.repository';
import {
  applyInBatches,
  counterTotalsProjection,
  expectedCounterTotals,
  snapshotTarget,
} from '../testing';
import { ProjectionHaltedError, ProjectionRebuilder } from './projection-rebuilder';
import type { RebuildProgress } from './projection-rebuilder';

jest.setTimeout(120_000);

/** Exercises every part of the fold: nested and dotted sets, increments, unsets, setOnInsert, deletes and re-creations, documents shared by streams. */
const shapesProjection = defineProjection({
  name: 'fold-shapes',
  version: 1,
  eventTypes: ['sample.CounterIncremented'],
  readModels: ['cards', 'groups'],
  onPoison: 'halt',
  source: 'store',
  project(event: EventEnvelope) {
    const { counterId, by } = event.data as { counterId: string; by: number };
    const card = `card-${counterId}`;
    const group = `group-${by % 3}`;
    if (by % 7 === 0)
      return [remove('cards', card), upsert('groups', group, { inc: { deletes: 1 } })];
    return [
      upsert('cards', card, {
        set: { 'profile.name': `c${counterId}`, [`profile.by${by % 4}`]: by, tags: [by % 5, 'x'] },
        inc: { 'stats.total': by, 'stats.events': 1 },
        ...(by % 2 === 0 ? { unset: ['profile.by1'] } : {}),
        setOnInsert: { createdAt: event.occurredAt, 'meta.first': by },
      }),
      upsert('groups', group, {
        set: { [`last.${counterId}`]: event.streamVersion, nested: { by, at: event.occurredAt } },
        inc: { total: by },
      }),
    ];
  },
});

describe('batched rebuild writes (MongoDB-wire server)', () => {
  let pg: ThrowawayDatabase;
  let mongoDb: ThrowawayDatabase;
  let store: PostgresEventStore;
  let connection: Connection;
  let targets: ProjectionTargetRepository;
  let log: EventEnvelope[];

  beforeAll(async () => {
    pg = await createThrowawayPostgresDatabase({ prefix: 'rbb' });
    mongoDb = await createThrowawayMongoDatabase({ prefix: 'rbb' });
    store = await createSampleEventStore(pg.url);
    connection = await connectMongo(mongoDb.url);
    targets = new ProjectionTargetRepository(connection);
    await appendCounterLoad(store, { streams: 12, eventsPerStream: 25, eventsPerAppend: 5 });
    log = await readWholeLog(store);
  });

  afterAll(async () => {
    await connection?.close();
    await store?.close();
    await mongoDb?.drop();
    await pg?.drop();
  });

  const applierOf = (
    definition: ProjectionDefinition,
    writer: ChangeWriter = new IdempotentWriter(connection),
  ) =>
    new ProjectionApplier(definition, writer, new ParkedEventRepository(connection), silentLogger);

  const freshTarget = (definition: ProjectionDefinition): Promise<ProjectionTarget> =>
    targets.createTarget(definition, { kafkaOffsets: new Map(), buildHead: 0 });

  function rebuilderWith(repository = targets, batchSize = 40): ProjectionRebuilder {
    return new ProjectionRebuilder({
      store,
      storeHead: new PostgresStoreHead(store.pool),
      targets: repository,
      logger: silentLogger,
      batchSize,
    });
  }

  it('writes exactly the documents the live writer writes, runtime fields included, also when pages are replayed', async () => {
    for (const definition of [shapesProjection, counterTotalsProjection({ source: 'store' })]) {
      const live = await freshTarget(definition);
      await applyInBatches(applierOf(definition), live, log, 1);
      const expected = await snapshotTarget(connection, live);

      const batchedWriter = new BatchedRebuildWriter(connection, new IdempotentWriter(connection));
      const batched = applierOf(definition, batchedWriter);
      const folded = await freshTarget(definition);
      await applyInBatches(batched, folded, log.slice(0, 120), 50);
      await applyInBatches(batched, folded, log.slice(90), 37); // a replayed overlap, as after a crash
      expect(await snapshotTarget(connection, folded)).toEqual(expected);
      expect(batchedWriter.stats.perEvent).toBe(0);
      expect(batchedWriter.stats.batched).toBeGreaterThan(0);
    }
  });

  it('resumed after a crash that wrote half of a page, ends identical to an uninterrupted rebuild', async () => {
    const definition = shapesProjection;
    const reference = await freshTarget(definition);
    await applyInBatches(applierOf(definition), reference, log, 1);

    // First run: stopped after three pages.
    const stop = new AbortController();
    let pages = 0;
    const first = await rebuilderWith().rebuild(applierOf(definition), {
      fresh: true,
      switchAlias: false,
      signal: stop.signal,
      onProgress: () => {
        if ((pages += 1) > 3) stop.abort();
      },
    });
    const interruptedAt = first.target.storeCheckpoint;
    expect(interruptedAt).toBeGreaterThan(0);
    expect(interruptedAt).toBeLessThan(log.at(-1)!.globalPosition);
    // The crash: the next page's first half of documents written, the checkpoint not saved.
    const nextPage = log.filter((e) => e.globalPosition > interruptedAt).slice(0, 40);
    await applyInBatches(
      applierOf(definition, new BatchedRebuildWriter(connection, new IdempotentWriter(connection))),
      first.target,
      nextPage.slice(0, 20),
      20,
    );

    const resumed = await rebuilderWith().rebuild(applierOf(definition), { switchAlias: false });
    expect(resumed.target._id).toBe(first.target._id);
    expect(await snapshotTarget(connection, resumed.target)).toEqual(
      await snapshotTarget(connection, reference),
    );
  });

  it('a document written by another writer between the read and the write is not overwritten', async () => {
    const definition = counterTotalsProjection({ name: 'conflicts', source: 'store' });
    const reference = await freshTarget(definition);
    await applyInBatches(applierOf(definition), reference, log, 1);
    const target = await freshTarget(definition);
    const writer = new BatchedRebuildWriter(connection, new IdempotentWriter(connection));
    await applyInBatches(applierOf(definition, writer), target, log.slice(0, 60), 30);
    const page = log
      .slice(60, 90)
      .map((event) => ({ event, changes: changesOf(definition, event) }));

    const folded = await writer.fold(target.collections, page);
    // A live worker applies one event of the page meanwhile (its tenant document moves).
    await new IdempotentWriter(connection).write(target.collections, page.slice(5, 6));
    await expect(Promise.all(folded.map((writes) => writer.commit(writes)))).rejects.toBeInstanceOf(
      FoldedWriteConflictError,
    );

    // Written again (as the rebuild retries a page), the event applied meanwhile is skipped.
    expect(await writer.write(target.collections, page)).toEqual([]);
    await applyInBatches(applierOf(definition, writer), target, log.slice(90), 50);
    expect(await snapshotTarget(connection, target)).toEqual(
      await snapshotTarget(connection, reference),
    );
  });

  it('two builders on the same unfinished target (two workers starting a new version) end identical to one', async () => {
    const definition = shapesProjection;
    const reference = await freshTarget(definition);
    await applyInBatches(applierOf(definition), reference, log, 1);
    const target = await rebuilderWith().prepareTarget(definition, true);
    // Other connections, so the two really write side by side; small pages, so they interleave.
    const others = await Promise.all([connectMongo(mongoDb.url), connectMongo(mongoDb.url)]);
    try {
      await Promise.all(
        others.map((other, i) =>
          new ProjectionRebuilder({
            store,
            storeHead: new PostgresStoreHead(store.pool),
            targets: new ProjectionTargetRepository(other),
            logger: silentLogger,
            batchSize: 7 + i * 4,
          }).catchUp(
            new ProjectionApplier(
              definition,
              new IdempotentWriter(other),
              new ParkedEventRepository(other),
              silentLogger,
            ),
            target,
            new AbortController().signal,
          ),
        ),
      );
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
    expect(await snapshotTarget(connection, target)).toEqual(
      await snapshotTarget(connection, reference),
    );
  });

  it('never saves a checkpoint past an event whose documents are not written', async () => {
    const definition = counterTotalsProjection({ name: 'checkpoint-watch', source: 'store' });
    const checked: number[] = [];
    // The real repository, looking at the documents each time the rebuild saves a checkpoint.
    class WatchingTargets extends ProjectionTargetRepository {
      override async saveStoreCheckpoint(targetId: string, position: number): Promise<void> {
        const target = (await this.target(targetId))!;
        const docs = await connection
          .db!.collection<{ _id: string; total: number }>(target.collections.counters!)
          .find({})
          .toArray();
        const expected = expectedCounterTotals(log.filter((e) => e.globalPosition <= position));
        expect(Object.fromEntries(docs.map((d) => [d._id, d.total]))).toEqual(
          Object.fromEntries(expected),
        );
        checked.push(position);
        await super.saveStoreCheckpoint(targetId, position);
      }
    }
    let writes = { batched: 0, perEvent: 0, documentsWritten: 0 };
    await rebuilderWith(new WatchingTargets(connection), 33).rebuild(applierOf(definition), {
      fresh: true,
      switchAlias: false,
      onProgress: (p) => (writes = { ...p.writes }),
    });
    expect(checked.length).toBeGreaterThanOrEqual(Math.floor(log.length / 33));
    expect(checked.at(-1)).toBe(log.at(-1)!.globalPosition);
    expect(writes).toMatchObject({ perEvent: 0, batched: checked.length });
  });

  it('a write MongoDB refuses goes to the per-event writer: parked, halted, and the checkpoint stops before it', async () => {
    const uniqueTexts = defineProjection({
      name: 'unique-texts',
      version: 1,
      eventTypes: ['sample.NoteWritten'],
      readModels: ['notes'],
      onPoison: 'halt',
      source: 'store',
      indexes: { notes: [{ fields: { text: 1 }, unique: true }] },
      project: (event: EventEnvelope) =>
        upsert('notes', event.eventId, { set: { text: (event.data as { text: string }).text } }),
    });
    const notes = ['alpha', 'beta', 'alpha', 'gamma'].map((text) => noteWritten(text));
    await store.append('sample.Note-1', notes);
    const written = (await readWholeLog(store)).filter((e) => e.type === 'sample.NoteWritten');
    const poison = written[2]!;

    let writes: RebuildProgress['writes'] | undefined; // the run's live counters
    const rebuild = rebuilderWith().rebuild(applierOf(uniqueTexts), {
      fresh: true,
      switchAlias: false,
      onProgress: (p) => (writes = p.writes),
    });
    await expect(rebuild).rejects.toBeInstanceOf(ProjectionHaltedError);
    const target = (await targets.findBuilding(uniqueTexts))!;
    expect(target.storeCheckpoint).toBe(written[1]!.globalPosition);
    const docs = await connection
      .db!.collection<{ _id: string; text?: string }>(target.collections.notes!)
      .find({})
      .toArray();
    expect(docs.map((d) => d.text)).toEqual(expect.arrayContaining(['alpha', 'beta']));
    // At most the live writer's empty "touch" of the poison event's document, never its change.
    expect(docs.find((d) => d._id === poison.eventId)?.text).toBeUndefined();
    expect(writes?.perEvent).toBeGreaterThan(0);
  });
});
