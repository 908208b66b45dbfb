import { eventSpanContext, traceparentOf } from '@crm/observability';
import { ContractRegistry, ContractValidator } from '@crm/contracts';
import { sampleContracts } from '@crm/contracts/testing';
import type { PostgresEventStore } from '@crm/event-sourcing';
import {
  createThrowawayPostgresDatabase,
  eventually,
  testInfrastructure,
  throwawayKafkaTopicName,
} from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import type { Kafka } from 'kafkajs';
import { ConfigResourceTypes } from 'kafkajs';
import {
  ContractGate,
  KafkaRelay,
  PostgresStoreHead,
  RelayCheckpointRepository,
  RelayNode,
  TopicProvisioner,
  createKafkaClient,
  ensureRelaySchema,
  silentLogger,
} from '../index';
import {
  appendCounterLoad,
  counterIncremented,
  counterStreamId,
  createSampleEventStore,
  firstDeliveriesByStream,
  noteWritten,
  readTopics,
  readWholeLog,
} from '../testing';

jest.setTimeout(60_000);

describe('KafkaRelay (PostgreSQL store → Kafka)', () => {
  let db: ThrowawayDatabase;
  let store: PostgresEventStore;
  let kafka: Kafka;
  let namespace: string;
  let brokers: string[];
  const nodes: RelayNode[] = [];

  const topics = (): string[] => [`${namespace}crm.sample.events`];

  function topicProvisioner(
    options: { partitions?: number; allowPartitionIncrease?: boolean } = {},
  ): TopicProvisioner {
    return new TopicProvisioner(
      kafka,
      {
        partitions: options.partitions ?? 3,
        retentionMs: 3_600_000,
        replicationFactor: 1,
        allowPartitionIncrease: options.allowPartitionIncrease ?? false,
      },
      silentLogger,
    );
  }

  function relayNode(
    options: {
      partitions?: number;
      allowPartitionIncrease?: boolean;
      gate?: ContractGate;
      name?: string;
      batchSize?: number;
      checkpoints?: RelayCheckpointRepository;
    } = {},
  ): RelayNode {
    const node = new RelayNode({
      store,
      kafka,
      logger: silentLogger,
      postgresUrl: db.url,
      db: store.pool,
      storeHead: new PostgresStoreHead(store.pool),
      checkpoints: options.checkpoints ?? new RelayCheckpointRepository(options.name ?? 'test'),
      provisioner: topicProvisioner(options),
      topicNamespace: namespace,
      topicsAtStartup: topics(),
      batchSize: options.batchSize ?? 200,
      leaderPollIntervalMs: 100,
      lagIntervalMs: 100,
      ...(options.gate ? { contractGate: options.gate } : {}),
    });
    nodes.push(node);
    return node;
  }

  beforeAll(async () => {
    const infra = await testInfrastructure({ require: ['postgres', 'kafka'] });
    brokers = infra.kafkaBrokers;
    kafka = createKafkaClient({ brokers, clientId: 'relay-int-test', logger: silentLogger });
    db = await createThrowawayPostgresDatabase({ prefix: 'relay' });
    store = await createSampleEventStore(db.url);
  });

  beforeEach(() => {
    namespace = `${throwawayKafkaTopicName('relay')}.`;
  });

  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.stop()));
    if (!kafka) return;
    const admin = kafka.admin();
    await admin.connect();
    const existing = await admin.listTopics();
    await admin
      .deleteTopics({ topics: existing.filter((t) => t.startsWith(namespace)) })
      .catch(() => undefined);
    await admin.disconnect();
  });

  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('publishes every event once, keyed by stream, with the envelope headers, valid against its contract', async () => {
    await appendCounterLoad(store, { streams: 5, eventsPerStream: 20, eventsPerAppend: 4 });
    await store.append('sample.Note-1', [noteWritten('hello')]);
    const log = await readWholeLog(store);
    const node = relayNode({ name: `t1-${namespace}` });
    await node.start();
    const head = log[log.length - 1]!.globalPosition;
    await eventually(() =>
      expect(node.health()).toMatchObject({
        role: 'leader',
        checkpoint: head,
        storeHead: head,
        lag: 0,
      }),
    );

    const messages = await readTopics(kafka, topics(), { until: (m) => m.length >= log.length });
    expect(messages).toHaveLength(log.length);
    const validator = new ContractValidator(new ContractRegistry([sampleContracts]));
    for (const m of messages) {
      expect(m.key).toBe(m.envelope.streamId);
      expect(m.headers).toEqual({
        type: m.envelope.type,
        schemaVersion: String(m.envelope.schemaVersion),
        eventId: m.envelope.eventId,
        tenantId: m.envelope.tenantId,
        correlationId: m.envelope.correlationId,
        traceparent: traceparentOf(eventSpanContext(m.envelope)),
      });
      expect(validator.check(m.envelope)).toBeUndefined();
    }
    expect(new Set(messages.map((m) => m.envelope.eventId))).toEqual(
      new Set(log.map((e) => e.eventId)),
    );
    // One stream, one partition, versions in order.
    const partitionsPerStream = new Map<string, Set<number>>();
    for (const m of messages)
      partitionsPerStream.set(
        m.key!,
        (partitionsPerStream.get(m.key!) ?? new Set()).add(m.partition),
      );
    for (const partitions of partitionsPerStream.values()) expect(partitions.size).toBe(1);
    for (const versions of firstDeliveriesByStream(messages).values())
      expect(versions).toEqual(versions.map((_, i) => i + 1));
    expect((await new RelayCheckpointRepository(`t1-${namespace}`).load(store.pool)).position).toBe(
      head,
    );
  });

  it('resumes from its checkpoint after a restart: events appended while it was down all arrive, none twice', async () => {
    const name = `t2-${namespace}`;
    await store.append(counterStreamId('resume'), [
      counterIncremented('resume', 1),
      counterIncremented('resume', 2),
    ]);
    const first = relayNode({ name });
    await first.start();
    const head1 = (await readWholeLog(store)).at(-1)!.globalPosition;
    await eventually(() => expect(first.health().checkpoint).toBe(head1));
    await first.stop();

    await store.append(counterStreamId('resume'), [counterIncremented('resume', 3)]);
    const second = relayNode({ name });
    await second.start();
    const log = await readWholeLog(store);
    await eventually(() => expect(second.health().checkpoint).toBe(log.at(-1)!.globalPosition));
    const messages = await readTopics(kafka, topics(), {
      until: (m) => m.length >= log.length,
      timeoutMs: 10_000,
    });
    // This relay name starts at 0, so the first run publishes the whole log once; after the
    // restart only the new event follows: every event exactly once on the topic.
    expect(messages.map((m) => m.envelope.eventId).sort()).toEqual(
      log.map((e) => e.eventId).sort(),
    );
  });

  it('provisions topics with the configured partitions and retention, and leaves existing ones alone', async () => {
    const provisioner = (partitions: number, allowPartitionIncrease = false): TopicProvisioner =>
      new TopicProvisioner(
        kafka,
        { partitions, retentionMs: 123_456_789, replicationFactor: 1, allowPartitionIncrease },
        silentLogger,
      );
    const [topic] = topics() as [string];
    expect(await provisioner(2).ensure([topic])).toEqual([
      { topic, outcome: 'created', partitions: 2 },
    ]);
    expect(await provisioner(2).ensure([topic])).toEqual([
      { topic, outcome: 'exists', partitions: 2 },
    ]);
    expect(await provisioner(4).ensure([topic])).toEqual([
      { topic, outcome: 'fewer-partitions-kept', partitions: 2 },
    ]);
    expect(await provisioner(4, true).ensure([topic])).toEqual([
      { topic, outcome: 'partitions-increased', partitions: 4 },
    ]);
    expect(await provisioner(1).ensure([topic])).toEqual([
      { topic, outcome: 'exists', partitions: 4 },
    ]);

    const admin = kafka.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0]!.partitions).toHaveLength(4);
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: topic,
            configNames: ['retention.ms', 'cleanup.policy'],
          },
        ],
      });
      const entries = Object.fromEntries(
        configs.resources[0]!.configEntries.map((e) => [e.configName, e.configValue]),
      );
      expect(entries).toEqual({ 'retention.ms': '123456789', 'cleanup.policy': 'delete' });
    } finally {
      await admin.disconnect();
    }
  });

  // ADR 0365: the next batch is read and encoded while the previous one is on its way to Kafka.
  it('relays a log of many small batches with one batch in flight: every event once, each stream in order, the checkpoint only moving forward to the head', async () => {
    await appendCounterLoad(store, {
      streams: 6,
      eventsPerStream: 40,
      eventsPerAppend: 3,
      firstStream: 100,
    });
    const log = await readWholeLog(store);
    const name = `t5-${namespace}`;
    const saved: number[] = [];
    const recording = new (class extends RelayCheckpointRepository {
      override async save(db: Parameters<RelayCheckpointRepository['save']>[0], position: number) {
        saved.push(position);
        await super.save(db, position);
      }
    })(name);
    const node = relayNode({ checkpoints: recording, batchSize: 7 });
    await node.start();
    const head = log.at(-1)!.globalPosition;
    await eventually(() => expect(node.health().checkpoint).toBe(head));

    const messages = await readTopics(kafka, topics(), { until: (m) => m.length >= log.length });
    expect(messages.map((m) => m.envelope.eventId)).toHaveLength(log.length);
    expect(new Set(messages.map((m) => m.envelope.eventId))).toEqual(
      new Set(log.map((e) => e.eventId)),
    );
    for (const versions of firstDeliveriesByStream(messages).values())
      expect(versions).toEqual(versions.map((_, i) => i + 1));
    expect(saved.length).toBeGreaterThanOrEqual(Math.ceil(log.length / 7));
    expect(saved).toEqual([...saved].sort((a, b) => a - b));
    expect(new Set(saved).size).toBe(saved.length);
    expect(saved.at(-1)).toBe(head);
  });

  it('stops with the error of a checkpoint write that fails after its batch was sent, though no further event arrives', async () => {
    const name = `t6-${namespace}`;
    await ensureRelaySchema(store.pool);
    const before = (await readWholeLog(store)).at(-1)?.globalPosition ?? 0;
    await new RelayCheckpointRepository(name).save(store.pool, before);
    // Two full batches of 5: the second is sent while the relay already waits for new events, so
    // only the pipeline's failure can tell `run` that its checkpoint write failed.
    for (let i = 1; i <= 10; i += 1)
      await store.append(counterStreamId(`t6-${i}`), [counterIncremented(`t6-${i}`, i)]);
    const appended = (await readWholeLog(store)).filter((e) => e.globalPosition > before);
    let saves = 0;
    const losingLeadership = new (class extends RelayCheckpointRepository {
      override async save(db: Parameters<RelayCheckpointRepository['save']>[0], position: number) {
        saves += 1;
        if (saves === 2) throw new Error('checkpoint write refused: leadership lost');
        await super.save(db, position);
      }
    })(name);
    const provisioner = topicProvisioner();
    await provisioner.ensure(topics());
    const relay = new KafkaRelay({
      store,
      kafka,
      provisioner,
      checkpoints: losingLeadership,
      logger: silentLogger,
      topicNamespace: namespace,
      batchSize: 5,
    });
    const stop = new AbortController();
    try {
      await expect(relay.run(store.pool, stop.signal)).rejects.toThrow('leadership lost');
    } finally {
      stop.abort();
    }
    expect(saves).toBe(2);
    expect((await new RelayCheckpointRepository(name).load(store.pool)).position).toBe(
      appended[4]!.globalPosition,
    );
    expect(relay.status()).toMatchObject({ running: false, publishedEvents: 5 });
    // Batch 2 reached Kafka before its checkpoint write failed.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topics()[0]!);
      expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(10);
    } finally {
      await admin.disconnect();
    }
    const messages = await readTopics(kafka, topics(), { until: (m) => m.length >= 10 });
    expect(messages.map((m) => m.envelope.eventId).sort()).toEqual(
      appended
        .slice(0, 10)
        .map((e) => e.eventId)
        .sort(),
    );
  });

  it('stops before publishing an event that breaks its contract when the gate enforces, and keeps its checkpoint', async () => {
    const name = `t4-${namespace}`;
    const checkpoints = new RelayCheckpointRepository(name);
    await ensureRelaySchema(store.pool);
    const before = (await readWholeLog(store)).at(-1)!.globalPosition;
    await checkpoints.save(store.pool, before);
    // Valid for the store (no data schema registered there), but the contract wants `by`.
    await store.append(counterStreamId('bad'), [
      { ...counterIncremented('bad', 1), data: { counterId: 'bad' } },
    ]);
    const gate = new ContractGate(
      'enforce',
      new ContractValidator(new ContractRegistry([sampleContracts])),
      silentLogger,
    );
    const node = relayNode({ name, gate });
    await node.start();
    await eventually(() =>
      expect(node.health().lastError).toMatch(
        /sample\.CounterIncremented v2 .* breaks its contract \(invalid_message\)/,
      ),
    );
    expect((await checkpoints.load(store.pool)).position).toBe(before);
    expect(node.health().relay.publishedEvents).toBe(0);
  });
});
