// Fault: the MongoDB-wire server is down for a while under a live Kafka-fed projection. The worker
// backs off (retrying the same batch), then catches up; nothing is lost or applied twice.
import type { PostgresEventStore } from '@crm/event-sourcing';
import {
  PostgresStoreHead,
  RelayCheckpointRepository,
  RelayNode,
  TopicProvisioner,
  createKafkaClient,
  silentLogger,
} from '@crm/messaging';
import {
  appendCounterLoad,
  createSampleEventStore,
  readWholeLog,
  testLogger,
} from '@crm/messaging/testing';
import {
  IdempotentWriter,
  ParkedEventRepository,
  ProjectionApplier,
  ProjectionRebuilder,
  ProjectionRunner,
  ProjectionTargetRepository,
  connectMongo,
} from '@crm/read-models';
import {
  counterTotalsProjection,
  expectedCounterTotals,
  snapshotServing,
  snapshotTarget,
} from '@crm/read-models/testing';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  testInfrastructure,
  throwawayKafkaTopicName,
} from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { serverDown, serverUp } from '@crm/messaging/testing';

jest.setTimeout(180_000);

describe('MongoDB-wire server down for a while', () => {
  let pg: ThrowawayDatabase;
  let mongoDb: ThrowawayDatabase;
  let store: PostgresEventStore;
  let connection: Connection;
  let kafka: Kafka;
  const namespace = `${throwawayKafkaTopicName('mongo-outage')}.`;
  const topic = `${namespace}crm.sample.events`;

  beforeAll(async () => {
    const infra = await testInfrastructure();
    kafka = createKafkaClient({
      brokers: infra.kafkaBrokers,
      clientId: 'mongo-outage-test',
      logger: silentLogger,
    });
    pg = await createThrowawayPostgresDatabase({ prefix: 'mout' });
    mongoDb = await createThrowawayMongoDatabase({ prefix: 'mout' });
    store = await createSampleEventStore(pg.url);
    connection = await connectMongo(mongoDb.url);
  });

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await connection?.close();
    await store?.close();
    await mongoDb?.drop();
    if (pg) await pg.drop();
  });

  it('backs off while it is down, then catches up to exactly the clean rebuild', async () => {
    const relay = new RelayNode({
      store,
      kafka,
      logger: silentLogger,
      postgresUrl: pg.url,
      db: store.pool,
      storeHead: new PostgresStoreHead(store.pool),
      checkpoints: new RelayCheckpointRepository('mongo-outage'),
      provisioner: new TopicProvisioner(
        kafka,
        {
          partitions: 6,
          retentionMs: 3_600_000,
          replicationFactor: 1,
          allowPartitionIncrease: false,
        },
        silentLogger,
      ),
      topicNamespace: namespace,
      topicsAtStartup: [topic],
    });
    const definition = counterTotalsProjection({ source: 'kafka' });
    const runner = new ProjectionRunner(definition, {
      connection,
      store,
      storeHead: new PostgresStoreHead(store.pool),
      logger: testLogger('runner'),
      kafka,
      topicNamespace: namespace,
      pollIntervalMs: 250,
      sessionTimeoutMs: 10_000,
    });
    const abort = new AbortController();
    await relay.start();
    const running = runner.run(abort.signal);
    let mongoStopped = false;
    const totalsNow = async (): Promise<Record<string, number>> => {
      const docs = await snapshotServing(connection, 'counter-totals');
      return Object.fromEntries(
        (docs.counters as { _id: string; total: number }[]).map((d) => [d._id, d.total]),
      );
    };
    try {
      await appendCounterLoad(store, { streams: 20, eventsPerStream: 50 });
      await eventually(
        async () =>
          expect(await totalsNow()).toEqual(
            Object.fromEntries(expectedCounterTotals(await readWholeLog(store))),
          ),
        { timeoutMs: 60_000, intervalMs: 250 },
      );

      mongoStopped = true;
      const downMs = await serverDown('mongo');
      await appendCounterLoad(store, { streams: 20, eventsPerStream: 100, firstStream: 20 });
      // The relay keeps publishing (Kafka is up); the worker cannot apply and retries the same batch.
      const head = (await readWholeLog(store)).at(-1)!.globalPosition;
      await eventually(() => expect(relay.health().relay.checkpoint).toBe(head), {
        timeoutMs: 60_000,
      });
      // The lag is reported while the read-model store is down (it was once stuck at 0).
      await eventually(() => expect(runner.status().lag).toBeGreaterThan(0), { timeoutMs: 20_000 });
      const upMs = await serverUp('mongo');
      mongoStopped = false;
      console.log(`mongo down took ${downMs} ms, up took ${upMs} ms`);

      await appendCounterLoad(store, { streams: 5, eventsPerStream: 20, firstStream: 40 });
      const expected = Object.fromEntries(expectedCounterTotals(await readWholeLog(store)));
      await eventually(async () => expect(await totalsNow()).toEqual(expected), {
        timeoutMs: 90_000,
        intervalMs: 500,
      });

      const targets = new ProjectionTargetRepository(connection);
      const rebuilder = new ProjectionRebuilder({
        store,
        storeHead: new PostgresStoreHead(store.pool),
        targets,
        logger: silentLogger,
      });
      const applier = new ProjectionApplier(
        definition,
        new IdempotentWriter(connection),
        new ParkedEventRepository(connection),
        silentLogger,
      );
      const clean = await rebuilder.rebuild(applier, { fresh: true, switchAlias: false });
      const reference = await snapshotTarget(connection, clean.target);
      await eventually(
        async () => expect(await snapshotServing(connection, 'counter-totals')).toEqual(reference),
        {
          timeoutMs: 30_000,
          intervalMs: 250,
        },
      );
      expect(await new ParkedEventRepository(connection).list()).toEqual([]); // an outage never parks an event
    } finally {
      if (mongoStopped) await serverUp('mongo');
      abort.abort();
      await running;
      await relay.stop();
    }
  });
});
