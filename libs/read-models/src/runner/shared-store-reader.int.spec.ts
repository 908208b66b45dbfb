// The projections worker's one reader of the global log (ADR 0430), against real PostgreSQL and
// MongoDB: subscribers with their own type filters get exactly the events a store subscription of
// their own would, while the store is read once for all of them; one that falls behind or restarts
// catches up alone; one that throws (or a projection that parks) stops nobody else; the read
// horizon still holds back events behind an open transaction.
import type { EventEnvelope, PostgresEventStore, Subscription } from '@crm/event-sourcing';
import { PostgresStoreHead } from '@crm/messaging';
import {
  appendCounterLoad,
  counterIncremented,
  counterStreamId,
  createSampleEventStore,
  noteWritten,
  readWholeLog,
  testLogger,
} from '@crm/messaging/testing';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
} from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { connectMongo } from '../mongo/mongo-connection';
import { ProjectionRebuilder } from '../rebuild/projection-rebuilder';
import { ProjectionTargetRepository } from '../targets/projection-target.repository';
import { SharedAliasReader } from '../targets/shared-alias-reader';
import { counterTotalsProjection, expectedCounterTotals, servingCounterTotals } from '../testing';
import { ProjectionRunner } from './projection-runner';
import { SharedStoreReader } from './shared-store-reader';

jest.setTimeout(120_000);

const COUNTER = 'sample.CounterIncremented';
const NOTE = 'sample.NoteWritten';

describe('SharedStoreReader', () => {
  let pg: ThrowawayDatabase;
  let store: PostgresEventStore;
  let storeReads: number;
  const stops: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    pg = await createThrowawayPostgresDatabase({ prefix: 'rm_shared' });
    store = await createSampleEventStore(pg.url);
    storeReads = 0;
  });

  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    await store.close();
    await pg.drop();
  });

  function sharedReader(
    options: { capacity?: number; batchSize?: number } = {},
  ): SharedStoreReader {
    const reader = new SharedStoreReader(
      {
        readAllPage: (read) => {
          storeReads += 1;
          return store.readAllPage(read);
        },
        waitForAppend: (ms, signal) => store.waitForAppend(ms, signal),
      },
      {
        eventTypes: [COUNTER, NOTE],
        batchSize: options.batchSize ?? 50,
        pollIntervalMs: 200,
        logger: testLogger('shared-reader'),
        ...(options.capacity !== undefined ? { capacity: options.capacity } : {}),
      },
    );
    stops.push(() => reader.close());
    return reader;
  }

  interface Collected {
    readonly events: EventEnvelope[];
    readonly subscription: Subscription;
  }

  function collect(
    reader: SharedStoreReader,
    types: readonly string[],
    options: { after?: number; before?: (events: readonly EventEnvelope[]) => Promise<void> } = {},
  ): Collected {
    const events: EventEnvelope[] = [];
    const subscription = reader.subscribeToAll(
      async (batch) => {
        await options.before?.(batch);
        events.push(...batch);
      },
      {
        after: options.after ?? 0,
        filter: { eventTypes: types },
        notifyCheckpointOnly: true,
        batchSize: 10,
      },
    );
    stops.push(() => subscription.stop());
    return { events, subscription };
  }

  const ids = (events: readonly EventEnvelope[]): string[] => events.map((e) => e.eventId);

  async function expectAllOf(collected: Collected, type: string): Promise<void> {
    await eventually(async () => {
      const log = await readWholeLog(store);
      expect(ids(collected.events)).toEqual(ids(log.filter((e) => e.type === type)));
      expect(collected.subscription.checkpoint()).toBe(log[log.length - 1]!.globalPosition);
    });
  }

  async function appendNotes(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1)
      await store.append(`sample.Note-${uuidv7()}`, [noteWritten(`note ${i}`)]);
  }

  it('serves each subscriber its own types in global order, reading the store once for all', async () => {
    const reader = sharedReader();
    const counters = collect(reader, [COUNTER]);
    const notes = collect(reader, [NOTE]);
    await Promise.all([
      appendCounterLoad(store, { streams: 4, eventsPerStream: 15, eventsPerAppend: 3 }),
      appendNotes(12),
    ]);
    await expectAllOf(counters, COUNTER);
    await expectAllOf(notes, NOTE);
    // Both stayed inside the buffer: every store read was the pump's, none a subscriber's own.
    expect(storeReads).toBe(reader.pumpReads);
  });

  it('does not hold the others back for a subscriber that falls behind; that one, and one that restarts, catch up alone', async () => {
    const reader = sharedReader({ capacity: 20, batchSize: 10 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fast = collect(reader, [COUNTER]);
    const slow = collect(reader, [COUNTER], { before: () => gate });
    await appendCounterLoad(store, { streams: 5, eventsPerStream: 20, eventsPerAppend: 5 });
    await expectAllOf(fast, COUNTER);
    expect(slow.events).toEqual([]);
    const readsBefore = storeReads - reader.pumpReads;

    release();
    await expectAllOf(slow, COUNTER);
    // 100 events and a buffer of 20: the slow one read the store itself to catch up.
    expect(storeReads - reader.pumpReads).toBeGreaterThan(readsBefore);
    expect(new Set(ids(slow.events)).size).toBe(100);

    // A restart from the stored checkpoint continues exactly after it.
    const checkpoint = fast.subscription.checkpoint();
    await fast.subscription.stop();
    await appendCounterLoad(store, { streams: 3, eventsPerStream: 10, firstStream: 10 });
    const restarted = collect(reader, [COUNTER], { after: checkpoint });
    await eventually(async () => {
      const log = await readWholeLog(store);
      expect(ids(restarted.events)).toEqual(
        ids(log.filter((e) => e.type === COUNTER && e.globalPosition > checkpoint)),
      );
    });
    await expectAllOf(slow, COUNTER);
  });

  it('ends only the subscription whose handler throws', async () => {
    const reader = sharedReader();
    const counters = collect(reader, [COUNTER]);
    const failing = reader.subscribeToAll(
      () => {
        throw new Error('projection bug');
      },
      { filter: { eventTypes: [COUNTER] } },
    );
    await appendCounterLoad(store, { streams: 2, eventsPerStream: 5 });
    await expect(failing.done).rejects.toThrow('projection bug');
    await appendCounterLoad(store, { streams: 2, eventsPerStream: 5, firstStream: 5 });
    await expectAllOf(counters, COUNTER);
  });

  it('keeps the read horizon: an event committed behind an open transaction is neither delivered nor passed until it ends', async () => {
    const reader = sharedReader();
    const counters = collect(reader, [COUNTER]);
    await store.append(counterStreamId('a'), [counterIncremented('a', 1)]);
    await expectAllOf(counters, COUNTER);
    const older = new Client({ connectionString: pg.url });
    await older.connect();
    try {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()'); // an open transaction with an id
      const held = await store.append(counterStreamId('b'), [counterIncremented('b', 2)]);
      const heldAt = held.events[0]!.globalPosition;
      await new Promise((resolve) => setTimeout(resolve, 600)); // three poll intervals
      expect(counters.events).toHaveLength(1);
      expect(counters.subscription.checkpoint()).toBeLessThan(heldAt);
      await older.query('COMMIT');
      await eventually(() => expect(ids(counters.events)).toContain(held.events[0]!.eventId));
    } finally {
      await older.end();
    }
  });

  describe('projection runners sharing it', () => {
    let mongoDb: ThrowawayDatabase;

    beforeEach(async () => {
      mongoDb = await createThrowawayMongoDatabase({ prefix: 'rm_shared' });
    });
    afterEach(async () => {
      await mongoDb.drop();
    });

    it('parks a projection at its poison event while the other keeps up and follows its rebuild', async () => {
      const connection = await connectMongo(mongoDb.url);
      stops.unshift(() => connection.close());
      const shared = sharedReader().sharing(store);
      const aliases = new SharedAliasReader(connection, 200);
      const start = (name: string, poisonAmount?: number): ProjectionRunner => {
        const runner = new ProjectionRunner(
          counterTotalsProjection({
            name,
            source: 'store',
            ...(poisonAmount !== undefined ? { poisonAmount } : {}),
          }),
          {
            connection,
            store: shared,
            storeHead: new PostgresStoreHead(store.pool),
            logger: testLogger(name),
            pollIntervalMs: 200,
            batchSize: 50,
            aliasOf: aliases.alias,
          },
        );
        const abort = new AbortController();
        const done = runner.run(abort.signal);
        stops.push(async () => {
          abort.abort();
          await done;
        });
        return runner;
      };
      const converged = (projection: string): Promise<void> =>
        eventually(
          async () =>
            expect(await servingCounterTotals(connection, projection)).toEqual(
              Object.fromEntries(expectedCounterTotals(await readWholeLog(store))),
            ),
          { timeoutMs: 30_000 },
        );
      await appendCounterLoad(store, { streams: 2, eventsPerStream: 3 });
      const healthy = start('healthy');
      const poisoned = start('poisoned', 77);
      await eventually(() => expect(healthy.status().phase).toBe('live'), { timeoutMs: 30_000 });
      await eventually(() => expect(poisoned.status().phase).toBe('live'), { timeoutMs: 30_000 });

      await store.append(counterStreamId('x'), [counterIncremented('x', 77)]);
      await appendCounterLoad(store, { streams: 3, eventsPerStream: 10, firstStream: 10 });
      await converged('healthy');
      await eventually(() =>
        expect(poisoned.status()).toMatchObject({ phase: 'halted', halted: [expect.any(String)] }),
      );
      expect(await servingCounterTotals(connection, 'poisoned')).not.toHaveProperty(
        counterStreamId('x'),
      );

      // A rebuild's alias switch reaches the runner through the shared alias reads.
      const before = healthy.status().targetId;
      const { target } = await new ProjectionRebuilder({
        store,
        storeHead: new PostgresStoreHead(store.pool),
        targets: new ProjectionTargetRepository(connection),
        logger: testLogger('rebuild'),
      }).rebuild(healthy.applier, {});
      expect(target._id).not.toBe(before);
      await eventually(() =>
        expect(healthy.status()).toMatchObject({ targetId: target._id, phase: 'live' }),
      );
      await appendCounterLoad(store, { streams: 2, eventsPerStream: 4, firstStream: 30 });
      await converged('healthy');
    });
  });
});
