// Idempotency against the real MongoDB-wire server: the same events delivered twice, or
// interleaved differently across streams, leave the read model exactly as one clean pass.
import type { EventEnvelope, PostgresEventStore } from '@crm/event-sourcing';
import { silentLogger } from '@crm/messaging';
import { appendCounterLoad, createSampleEventStore, readWholeLog } from '@crm/messaging/testing';
import { createThrowawayMongoDatabase, createThrowawayPostgresDatabase } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import * as fc from 'fast-check';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { IdempotentWriter } from './idempotent-writer';
import { ProjectionApplier } from './projection-applier';
import { connectMongo } from '../mongo/mongo-connection';
import { ParkedEventRepository } from '../parking/parked-event.repository';
import { ProjectionTargetRepository } from '../targets/projection-target.repository';
import type { ProjectionTarget } from '../targets/projection-target';
import {
  applyInBatches,
  counterTotalsProjection,
  expectedCounterTotals,
  snapshotTarget,
} from '../testing';

jest.setTimeout(120_000);

describe('idempotent projection writes (MongoDB-wire server)', () => {
  let pg: ThrowawayDatabase;
  let mongoDb: ThrowawayDatabase;
  let store: PostgresEventStore;
  let connection: Connection;
  let log: EventEnvelope[];
  const definition = counterTotalsProjection();
  let applier: ProjectionApplier;
  let targets: ProjectionTargetRepository;

  beforeAll(async () => {
    pg = await createThrowawayPostgresDatabase({ prefix: 'rmw' });
    mongoDb = await createThrowawayMongoDatabase({ prefix: 'rmw' });
    store = await createSampleEventStore(pg.url);
    connection = await connectMongo(mongoDb.url);
    await appendCounterLoad(store, { streams: 6, eventsPerStream: 15, eventsPerAppend: 3 });
    log = await readWholeLog(store);
    targets = new ProjectionTargetRepository(connection);
    applier = new ProjectionApplier(
      definition,
      new IdempotentWriter(connection),
      new ParkedEventRepository(connection),
      silentLogger,
    );
  });

  afterAll(async () => {
    await connection?.close();
    await store?.close();
    await mongoDb?.drop();
    await pg?.drop();
  });

  const freshTarget = (): Promise<ProjectionTarget> =>
    targets.createTarget(definition, { kafkaOffsets: new Map(), buildHead: 0 });

  const applyAll = (
    target: ProjectionTarget,
    events: readonly EventEnvelope[],
    batchSize: number,
  ) => applyInBatches(applier, target, events, batchSize);

  it('a clean pass matches totals computed from the events', async () => {
    const target = await freshTarget();
    await applyAll(target, log, 25);
    const snapshot = await snapshotTarget(connection, target);
    const totals = Object.fromEntries(
      (snapshot.counters as { _id: string; total: number }[]).map((d) => [d._id, d.total]),
    );
    expect(totals).toEqual(Object.fromEntries(expectedCounterTotals(log)));
    expect(snapshot.tenants).toEqual([
      expect.objectContaining({
        _id: 'tenant-1',
        total: log.reduce((s, e) => s + (e.data as { by: number }).by, 0),
        events: log.length,
      }),
    ]);
  });

  it('the same batch delivered twice changes nothing', async () => {
    const clean = await freshTarget();
    await applyAll(clean, log, 40);
    const twice = await freshTarget();
    await applyAll(twice, log.slice(0, 50), 50);
    await applyAll(twice, log.slice(0, 50), 50); // whole batch again
    await applyAll(twice, log.slice(30), 17); // overlapping redelivery, other batch boundaries
    await applyAll(twice, log.slice(45, 60), 1); // single duplicates
    expect(await snapshotTarget(connection, twice)).toEqual(
      await snapshotTarget(connection, clean),
    );
  });

  it('any interleaving across streams, with any redelivered suffixes, ends identical to a clean pass', async () => {
    const clean = await freshTarget();
    await applyAll(clean, log, 50);
    const cleanSnapshot = await snapshotTarget(connection, clean);
    const streams = [...new Set(log.map((e) => e.streamId))];
    const byStream = new Map(streams.map((s) => [s, log.filter((e) => e.streamId === s)]));

    // A delivery = per stream, its events in order, possibly followed by a replay of a suffix
    // (what Kafka does after a crash), merged across streams in an arbitrary interleaving.
    const delivery = fc.record({
      replayFrom: fc.array(fc.option(fc.nat({ max: 14 }), { nil: undefined }), {
        minLength: streams.length,
        maxLength: streams.length,
      }),
      picks: fc.array(fc.nat({ max: streams.length - 1 }), { minLength: 200, maxLength: 200 }),
      batchSize: fc.integer({ min: 1, max: 40 }),
    });
    await fc.assert(
      fc.asyncProperty(delivery, async ({ replayFrom, picks, batchSize }) => {
        const queues = streams.map((s, i) => {
          const events = byStream.get(s)!;
          const from = replayFrom[i];
          return from === undefined ? [...events] : [...events, ...events.slice(from)];
        });
        const merged: EventEnvelope[] = [];
        let p = 0;
        while (queues.some((q) => q.length > 0)) {
          const pick = picks[p++ % picks.length]!;
          const queue =
            queues[pick]!.length > 0 ? queues[pick]! : queues.find((q) => q.length > 0)!;
          merged.push(queue.shift()!);
        }
        const target = await freshTarget();
        await applyAll(target, merged, batchSize);
        expect(await snapshotTarget(connection, target)).toEqual(cleanSnapshot);
      }),
      { numRuns: 12 },
    );
  });

  it('a document written once in a bulk is created by one statement; its replay changes nothing', async () => {
    // The first event of each stream: each counter document gets one change in the bulk, the
    // tenant document one per stream. Statements are counted at the driver, as the server gets them.
    const firsts = log.filter((e) => e.streamVersion === 1);
    const monitored = await mongoose
      .createConnection(mongoDb.url, { monitorCommands: true })
      .asPromise();
    let statements: Record<string, number> = {};
    let commands: Record<string, number> = {};
    monitored.getClient().on('commandStarted', (started) => {
      if (started.commandName !== 'update') return;
      const command = started.command as { update: string; updates: unknown[] };
      statements[command.update] = (statements[command.update] ?? 0) + command.updates.length;
      commands[command.update] = (commands[command.update] ?? 0) + 1;
    });
    try {
      const target = await freshTarget();
      const writer = new ProjectionApplier(
        definition,
        new IdempotentWriter(monitored),
        new ParkedEventRepository(monitored),
        silentLogger,
      );
      const applyFirsts = async (): Promise<void> => {
        const outcome = await writer.apply(target, firsts, () => ({ kind: 'store' }));
        expect(outcome.parked).toEqual([]);
      };
      await applyFirsts();
      expect(statements).toEqual({
        [target.collections['counters']!]: firsts.length,
        // Written by every stream: a touch creates it, then one guarded update per event.
        [target.collections['tenants']!]: 1 + firsts.length,
      });
      const once = await snapshotTarget(connection, target);
      statements = {};
      commands = {};
      await applyFirsts(); // the creating statements now meet existing documents
      expect(await snapshotTarget(connection, target)).toEqual(once);
      // Every creating statement refused, then its guarded update: two commands, not one per error.
      expect(statements[target.collections['counters']!]).toBe(2 * firsts.length);
      expect(commands[target.collections['counters']!]).toBe(2);
      const clean = await freshTarget();
      await applyAll(clean, firsts, 1);
      expect(once).toEqual(await snapshotTarget(connection, clean));
    } finally {
      await monitored.close();
    }
  });

  it('two workers creating the same documents at the same moment lose no event', async () => {
    // Two workers (own connections), each owning half of the streams, like two Kafka consumers
    // with different partitions, writing the shared tenant document side by side. (The local
    // server serialises writes, so MongoDB's concurrent-upsert duplicate-key race that the
    // writer's "touch" step guards against cannot be provoked here; ADR 0032.)
    const clean = await freshTarget();
    await applyAll(clean, log, 50);
    const cleanSnapshot = await snapshotTarget(connection, clean);
    const other = await connectMongo(mongoDb.url);
    try {
      const otherApplier = new ProjectionApplier(
        definition,
        new IdempotentWriter(other),
        new ParkedEventRepository(other),
        silentLogger,
      );
      const streams = [...new Set(log.map((e) => e.streamId))];
      const mine = log.filter((e) => streams.indexOf(e.streamId) % 2 === 0);
      const theirs = log.filter((e) => streams.indexOf(e.streamId) % 2 === 1);
      for (let round = 0; round < 5; round += 1) {
        const target = await freshTarget();
        await Promise.all([
          (async () => {
            for (let i = 0; i < mine.length; i += 3)
              await applier.apply(target, mine.slice(i, i + 3), () => ({ kind: 'store' }));
          })(),
          (async () => {
            for (let i = 0; i < theirs.length; i += 3)
              await otherApplier.apply(target, theirs.slice(i, i + 3), () => ({ kind: 'store' }));
          })(),
        ]);
        expect(await snapshotTarget(connection, target)).toEqual(cleanSnapshot);
      }
    } finally {
      await other.close();
    }
  });
});
