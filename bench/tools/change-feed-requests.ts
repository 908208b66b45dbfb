// Kafka requests made by the gateway's change feed (ADR 0366) against kafkajs' defaults, for the
// same producer load: one 300-byte record every 10 ms for 5 s on a three-partition topic. Counts
// come from kafkajs' request instrumentation, so they hardly depend on other work on the machine.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/tools/change-feed-requests.ts
import { Kafka, logLevel, type ConsumerConfig } from 'kafkajs';
import { CHANGE_FEED_FETCH } from '../../gateway/src/customers/changes/customer-events.consumer';
import { loadConnections } from '../harness/connections';
import { sleep } from '../harness/timer';

const LOAD_MS = 5_000;

async function main(): Promise<void> {
  const { kafkaBrokers } = loadConnections();
  const kafka = new Kafka({
    clientId: 'bench-feed',
    brokers: [...kafkaBrokers],
    logLevel: logLevel.NOTHING,
  });
  const topic = `bench.feed-requests.${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  const producer = kafka.producer();
  await producer.connect();
  const variants: { name: string; config: Partial<ConsumerConfig>; autoCommit: boolean }[] = [
    { name: 'kafkajs defaults', config: {}, autoCommit: true },
    { name: 'change feed (ADR 0366)', config: CHANGE_FEED_FETCH, autoCommit: false },
  ];
  try {
    for (const variant of variants) {
      const consumer = kafka.consumer({ groupId: `bench-feed-${Date.now()}`, ...variant.config });
      const requests = new Map<string, number>();
      consumer.on(consumer.events.REQUEST, ({ payload }) =>
        requests.set(payload.apiName, (requests.get(payload.apiName) ?? 0) + 1),
      );
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: false });
      await consumer.run({ autoCommit: variant.autoCommit, eachMessage: async () => undefined });
      await sleep(4_000); // group joined, first fetches made
      requests.clear();
      const started = Date.now();
      while (Date.now() - started < LOAD_MS) {
        await producer.send({
          topic,
          messages: [{ key: String(Math.random()), value: 'x'.repeat(300) }],
        });
        await sleep(10);
      }
      console.log(
        `${variant.name}: ${JSON.stringify(Object.fromEntries(requests))} in ${LOAD_MS} ms`,
      );
      await consumer.disconnect();
    }
  } finally {
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

void main();
