// Fault: the Kafka broker is stopped and started again in the middle of a 20,000-event flow
// (store → relay → Kafka → projection worker → MongoDB). Every event reaches the topic at least
// once, per-stream order holds, and the read model equals a clean rebuild from the store.
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
  firstDeliveriesByStream,
  readTopics,
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
import { counterTotalsProjection, snapshotServing, snapshotTarget } from '@crm/read-models/testing';
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

jest.setTimeout(240_000);

const STREAMS = 100;
const EVENTS_PER_STREAM = 200;

describe('Kafka broker restarted mid-flow', () => {
  let pg: ThrowawayDatabase;
  let mongoDb: ThrowawayDatabase;
  let store: PostgresEventStore;
  let connection: Connection;
  let kafka: Kafka;
  let kafkaBrokers: string[];
  const namespace = `${throwawayKafkaTopicName('kafka-restart')}.`;
  const topic = `${namespace}crm.sample.events`;

  beforeAll(async () => {
    const infra = await testInfrastructure();
    kafkaBrokers = infra.kafkaBrokers;
    kafka = createKafkaClient({
      brokers: infra.kafkaBrokers,
      clientId: 'kafka-restart-test',
      logger: silentLogger,
    });
    pg = await createThrowawayPostgresDatabase({ prefix: 'krst' });
    mongoDb = await createThrowawayMongoDatabase({ prefix: 'krst' });
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

  it('loses nothing, keeps per-stream order, and the read model equals a clean rebuild', async () => {
    const relay = new RelayNode({
      store,
      kafka,
      logger: silentLogger,
      postgresUrl: pg.url,
      db: store.pool,
      storeHead: new PostgresStoreHead(store.pool),
      checkpoints: new RelayCheckpointRepository('kafka-restart'),
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
      batchSize: 500,
      retry: { initialDelayMs: 200, maxDelayMs: 2000 },
    });
    const definition = counterTotalsProjection({ source: 'kafka' });
    const runner = new ProjectionRunner(definition, {
      connection,
      store,
      storeHead: new PostgresStoreHead(store.pool),
      logger: testLogger('runner'),
      kafka: createKafkaClient({
        brokers: kafkaBrokers,
        clientId: 'kafka-restart-worker',
        logger: testLogger('kafkajs'),
      }),
      topicNamespace: namespace,
      pollIntervalMs: 250,
      sessionTimeoutMs: 10_000,
    });
    const abort = new AbortController();
    await relay.start();
    const running = runner.run(abort.signal);
    let kafkaStopped = false;
    try {
      await eventually(() => expect(runner.status().phase).toBe('live'), { timeoutMs: 30_000 });
      const writing = appendCounterLoad(store, {
        streams: STREAMS,
        eventsPerStream: EVENTS_PER_STREAM,
        eventsPerAppend: 10,
        concurrency: 4,
      });

      // Stop the broker once a good part of the flow went through, while appends go on.
      await eventually(() => expect(relay.health().relay.checkpoint).toBeGreaterThan(5000), {
        timeoutMs: 60_000,
      });
      kafkaStopped = true;
      const downMs = await serverDown('kafka');
      const checkpointWhileDown = relay.health().relay.checkpoint;
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(relay.health().relay.checkpoint).toBe(checkpointWhileDown); // nothing is acknowledged without Kafka
      const upMs = await serverUp('kafka');
      kafkaStopped = false;
      console.log(
        `kafka down took ${downMs} ms, up took ${upMs} ms; relay checkpoint while down: ${checkpointWhileDown}`,
      );

      await writing;
      const log = await readWholeLog(store);
      expect(log).toHaveLength(STREAMS * EVENTS_PER_STREAM);
      const head = log.at(-1)!.globalPosition;
      await eventually(() => expect(relay.health().relay.checkpoint).toBe(head), {
        timeoutMs: 90_000,
        intervalMs: 250,
      });

      // Every event reached the topic at least once, and per stream the first deliveries are in order.
      const wanted = new Set(log.map((e) => e.eventId));
      const messages = await readTopics(kafka, [topic], {
        until: (m) => {
          for (const { envelope } of m.slice(-5000)) wanted.delete(envelope.eventId);
          return wanted.size === 0;
        },
        timeoutMs: 90_000,
      });
      expect(wanted.size).toBe(0);
      const byStream = firstDeliveriesByStream(messages);
      expect(byStream.size).toBe(STREAMS);
      for (const versions of byStream.values())
        expect(versions).toEqual(Array.from({ length: EVENTS_PER_STREAM }, (_, i) => i + 1));
      console.log(
        `${messages.length} messages for ${log.length} events (${messages.length - log.length} duplicates)`,
      );

      // The live read model converges to exactly what a clean rebuild from the store produces.
      await eventually(() => expect(runner.status()).toMatchObject({ phase: 'live', lag: 0 }), {
        timeoutMs: 90_000,
        intervalMs: 250,
      });
      const targets = new ProjectionTargetRepository(connection);
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
      const reference = await snapshotTarget(connection, clean.target);
      await eventually(
        async () => expect(await snapshotServing(connection, 'counter-totals')).toEqual(reference),
        { timeoutMs: 30_000, intervalMs: 500 },
      );
    } finally {
      if (kafkaStopped) await serverUp('kafka');
      abort.abort();
      await running;
      await relay.stop();
    }
  });
});
