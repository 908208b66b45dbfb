// Read your own writes against the real servers: a store-source projection runs live; a writer
// appends and at once waits for the appended position through the serving target's checkpoint,
// then reads the read model. It must never miss its own write, must pass positions the projection
// filters out, and must give up with StaleReadError on a position the log has not reached.
import type { PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import {
  counterIncremented,
  counterStreamId,
  createSampleEventStore,
  noteWritten,
} from '@crm/messaging/testing';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { connectMongo } from '../mongo/mongo-connection';
import { ProjectionRunner } from '../runner/projection-runner';
import { ReadModelResolver } from '../targets/read-model-resolver';
import { counterTotalsProjection } from '../testing';
import { AppliedPositionWatcher, StaleReadError } from './applied-position-watcher';

jest.setTimeout(120_000);

describe('waiting for an applied position (store-source projection)', () => {
  let pg: ThrowawayDatabase;
  let mongoDb: ThrowawayDatabase;
  let store: PostgresEventStore;
  let connection: Connection;
  let resolver: ReadModelResolver;
  let watcher: AppliedPositionWatcher;
  const abort = new AbortController();
  let running: Promise<void>;

  beforeAll(async () => {
    pg = await createThrowawayPostgresDatabase({ prefix: 'ryw' });
    mongoDb = await createThrowawayMongoDatabase({ prefix: 'ryw' });
    store = await createSampleEventStore(pg.url);
    connection = await connectMongo(mongoDb.url);
    const runner = new ProjectionRunner(counterTotalsProjection({ source: 'store' }), {
      connection,
      store,
      storeHead: new PostgresStoreHead(store.pool),
      logger: silentLogger,
      pollIntervalMs: 200,
    });
    running = runner.run(abort.signal);
    await eventually(() => expect(runner.status().phase).toBe('live'), { timeoutMs: 30_000 });
    // The readers' side: one resolver (alias cache as in the gateway) shared with the watcher.
    resolver = new ReadModelResolver(connection);
    watcher = new AppliedPositionWatcher((p) => resolver.appliedStorePosition(p), {
      timeoutMs: 10_000,
      pollIntervalMs: 10,
    });
  });

  afterAll(async () => {
    watcher?.close();
    abort.abort();
    await running;
    await connection?.close();
    await store?.close();
    await mongoDb?.drop();
    await pg?.drop();
  });

  async function counterTotal(counter: string): Promise<number | undefined> {
    const counters = await resolver.collection<{ _id: string; total: number }>(
      'counter-totals',
      'counters',
    );
    return (await counters.findOne({ _id: counterStreamId(counter) }))?.total;
  }

  it('a read right after the wait sees the write, every time', async () => {
    let expected = 0;
    for (let i = 1; i <= 30; i += 1) {
      const appended = await store.append(counterStreamId('mine'), [counterIncremented('mine', i)]);
      expected += i;
      const position = appended.events[0]!.globalPosition;
      const reached = await watcher.waitFor('counter-totals', position);
      expect(reached).toBeGreaterThanOrEqual(position);
      expect(await counterTotal('mine')).toBe(expected);
    }
  });

  it('reaches a position the projection filters out (no event of its types there)', async () => {
    const note = await store.append('sample.Note-1', [noteWritten('not a counter event')]);
    const position = note.events[0]!.globalPosition;
    await expect(watcher.waitFor('counter-totals', position)).resolves.toBeGreaterThanOrEqual(
      position,
    );
  });

  it('gives up within the bound with StaleReadError for a position the log has not reached', async () => {
    const head = (await store.append(counterStreamId('x'), [counterIncremented('x', 1)])).events[0]!
      .globalPosition;
    const started = Date.now();
    const error = await watcher
      .waitFor('counter-totals', head + 1_000_000, 500)
      .catch((e: unknown) => e);
    const waited = Date.now() - started;
    expect(error).toBeInstanceOf(StaleReadError);
    expect((error as StaleReadError).reachedPosition).toBeLessThan(head + 1_000_000);
    expect(waited).toBeGreaterThanOrEqual(490);
    expect(waited).toBeLessThan(3_000);
  });

  it('a projection that serves nothing yet has applied position 0', async () => {
    expect(await resolver.appliedStorePosition('no-such-projection')).toBe(0);
  });
});
