// Smoke test: the local Kafka is a real broker (admin, producer, consumer group, offsets).
import { Kafka, Partitioners, logLevel, type Consumer, type EachMessagePayload } from 'kafkajs';
import {
  createThrowawayKafkaTopic,
  eventually,
  testInfrastructure,
  throwawayConsumerGroupId,
  throwawayKafkaTopicName,
  type TestInfrastructure,
  type ThrowawayKafkaTopic,
} from '@crm/testing';

jest.setTimeout(60_000);

describe('Kafka (infra/local/crm-infra)', () => {
  let kafka: Kafka;
  let infra: TestInfrastructure;
  let topic: ThrowawayKafkaTopic;
  let consumer: Consumer | undefined;

  beforeAll(async () => {
    infra = await testInfrastructure({ require: ['kafka'] });
    kafka = new Kafka({
      clientId: 'infra-smoke',
      brokers: infra.kafkaBrokers,
      logLevel: logLevel.WARN,
    });
    topic = await createThrowawayKafkaTopic({ infra, prefix: 'roundtrip', partitions: 3 });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await topic?.delete();
  });

  it('is a single-node KRaft cluster on loopback', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      expect(cluster.brokers).toHaveLength(1);
      expect(cluster.brokers[0]?.host).toBe('127.0.0.1');
      const meta = await admin.fetchTopicMetadata({ topics: [topic.name] });
      expect(meta.topics[0]?.partitions).toHaveLength(3);
    } finally {
      await admin.disconnect();
    }
  });

  it('round-trips keyed messages with headers through a consumer group and commits offsets', async () => {
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
    });
    await producer.connect();
    const sent = ['customers.Customer-1', 'customers.Customer-2', 'customers.Customer-1'].map(
      (key, i) => ({
        key,
        value: JSON.stringify({ seq: i, streamId: key }),
        headers: { type: 'customers.CustomerRegistered', eventId: `e-${i}` },
      }),
    );
    await producer.send({ topic: topic.name, messages: sent, acks: -1 });
    await producer.disconnect();

    const groupId = throwawayConsumerGroupId('smoke');
    consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic: topic.name, fromBeginning: true });
    const received: EachMessagePayload[] = [];
    await consumer.run({ eachMessage: async (payload) => void received.push(payload) });

    await eventually(() => expect(received).toHaveLength(3), { timeoutMs: 30_000 });
    const byKey = (k: string): number[] =>
      received
        .filter((r) => r.message.key?.toString() === k)
        .map((r) => (JSON.parse(r.message.value!.toString()) as { seq: number }).seq);
    // Same key -> same partition -> order kept per stream.
    expect(byKey('customers.Customer-1')).toEqual([0, 2]);
    expect(byKey('customers.Customer-2')).toEqual([1]);
    expect(received[0]?.message.headers?.type?.toString()).toBe('customers.CustomerRegistered');

    // Offsets are committed to the broker for the group (auto-commit on disconnect at the latest).
    await consumer.disconnect();
    consumer = undefined;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic.name] });
      const committed = offsets!.partitions.reduce(
        (sum, p) => sum + Math.max(0, Number(p.offset)),
        0,
      );
      expect(committed).toBe(3);
    } finally {
      await admin.disconnect();
    }
  });

  it('does not auto-create topics (apps provision them)', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const missing = throwawayKafkaTopicName('never-created');
      // A quiet client: the broker's UNKNOWN_TOPIC_OR_PARTITION answers are the point of this test.
      const quiet = new Kafka({
        clientId: 'infra-smoke-quiet',
        brokers: infra.kafkaBrokers,
        logLevel: logLevel.NOTHING,
      });
      const producer = quiet.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: true,
        retry: { retries: 1, initialRetryTime: 100 },
      });
      await producer.connect();
      await expect(producer.send({ topic: missing, messages: [{ value: 'x' }] })).rejects.toThrow();
      await producer.disconnect();
      expect(await admin.listTopics()).not.toContain(missing);
    } finally {
      await admin.disconnect();
    }
  });
});
