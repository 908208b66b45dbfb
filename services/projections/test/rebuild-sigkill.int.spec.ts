// Fault: the rebuild process is SIGKILLed again and again in the middle of a rebuild. Each run
// resumes the same target from its checkpoint; the final read model equals an uninterrupted one.
import type { PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import { appendCounterLoad, createSampleEventStore, readWholeLog } from '@crm/messaging/testing';
import {
  IdempotentWriter,
  ParkedEventRepository,
  ProjectionApplier,
  ProjectionRebuilder,
  ProjectionTargetRepository,
  connectMongo,
} from '@crm/read-models';
import { counterTotalsProjection, snapshotServing, snapshotTarget } from '@crm/read-models/testing';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  testInfrastructure,
} from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import type { Connection } from 'mongoose';
import { startTsChild } from '@crm/messaging/testing';

jest.setTimeout(180_000);

// Rebuilds write a page's documents at once (ADR 0465), so a run gets far in little time: a log
// long enough, and a kill soon after progress is seen, keep four kills before the end.
const EVENTS = 40_000;
const KILLS = 4;

describe('rebuild killed with SIGKILL, repeatedly', () => {
  let pg: ThrowawayDatabase;
  let mongoDb: ThrowawayDatabase;
  let store: PostgresEventStore;
  let connection: Connection;
  let env: Record<string, string>;

  beforeAll(async () => {
    const infra = await testInfrastructure();
    pg = await createThrowawayPostgresDatabase({ prefix: 'kill' });
    mongoDb = await createThrowawayMongoDatabase({ prefix: 'kill' });
    store = await createSampleEventStore(pg.url);
    connection = await connectMongo(mongoDb.url);
    await appendCounterLoad(store, {
      streams: 100,
      eventsPerStream: EVENTS / 100,
      eventsPerAppend: 50,
      concurrency: 6,
    });
    await readWholeLog(store); // every event readable before the rebuild children start
    env = {
      CRM_POSTGRES_URL: pg.url,
      CRM_MONGO_URL: mongoDb.url,
      CRM_KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      CRM_PROJECTIONS_BATCH_SIZE: '250',
      TEST_PROJECTION_SOURCE: 'store',
      // The projections app's config requires a master key (its customer projections decrypt).
      CRM_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
    };
  });

  afterAll(async () => {
    await connection?.close();
    await store?.close();
    await mongoDb?.drop();
    if (pg) await pg.drop();
  });

  it('ends identical to an uninterrupted rebuild', async () => {
    const targets = new ProjectionTargetRepository(connection);
    const checkpoints: number[] = [];
    let targetId: string | undefined;
    for (let kill = 0; kill < KILLS; kill += 1) {
      const before = checkpoints.at(-1) ?? 0;
      const child = startTsChild(
        'services/projections/test/fixtures/counter-totals-cli.ts',
        ['rebuild', 'counter-totals'],
        env,
      );
      // Let it make real progress past the previous run, then kill it mid-batch.
      const building = await eventually(
        async () => {
          const target = (await targets.listTargets('counter-totals')).find(
            (t) => t.state === 'building',
          );
          expect(target?.storeCheckpoint ?? 0).toBeGreaterThan(before);
          return target!;
        },
        { timeoutMs: 60_000, intervalMs: 20, description: `run ${kill + 1} making progress` },
      );
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 60));
      child.process.kill('SIGKILL');
      expect(await child.exited).toBeNull();
      targetId ??= building._id;
      expect(building._id).toBe(targetId); // every run resumes the same target
      const after = (await targets.target(targetId))!.storeCheckpoint;
      checkpoints.push(after);
      if (after >= EVENTS)
        throw new Error(
          `the rebuild finished before kill ${kill + 1}; make it slower or the log longer`,
        );
    }
    expect(await targets.alias('counter-totals')).toBeNull(); // nothing switched yet: killed runs never serve

    const last = startTsChild(
      'services/projections/test/fixtures/counter-totals-cli.ts',
      ['rebuild', 'counter-totals'],
      env,
    );
    expect({ code: await last.exited, output: last.output() }).toMatchObject({ code: 0 });
    expect(last.output()).toMatch(
      new RegExp(
        `rebuilt counter-totals v1 into ${targetId!.replace(/\./g, '\\.')} up to position ${EVENTS}`,
      ),
    );
    expect(checkpoints.every((c, i) => i === 0 || c >= checkpoints[i - 1]!)).toBe(true);

    // The reference: one uninterrupted rebuild in this process, into its own target.
    const definition = counterTotalsProjection({ source: 'store' });
    const rebuilder = new ProjectionRebuilder({
      store,
      storeHead: new PostgresStoreHead(store.pool),
      targets,
      logger: silentLogger,
      batchSize: 1000,
    });
    const applier = new ProjectionApplier(
      definition,
      new IdempotentWriter(connection),
      new ParkedEventRepository(connection),
      silentLogger,
    );
    const clean = await rebuilder.rebuild(applier, { fresh: true, switchAlias: false });
    expect(await snapshotServing(connection, 'counter-totals')).toEqual(
      await snapshotTarget(connection, clean.target),
    );
  });
});
