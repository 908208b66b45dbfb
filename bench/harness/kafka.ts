// Kafka helpers: clients built the platform's way (same factory, settings and partitioner for both
// sides), bench topics under `bench.` and their cleanup (a run's topics are deleted after it so the
// broker's disk does not fill up over repeated runs).
import { DEFAULT_TOPIC_PARTITIONS } from '@crm/contracts';
import { TopicProvisioner, createKafkaClient, silentLogger } from '@crm/messaging';
import type { Kafka } from 'kafkajs';

export const BENCH_TOPIC_SETTINGS = {
  partitions: DEFAULT_TOPIC_PARTITIONS,
  retentionMs: 3_600_000,
  replicationFactor: 1,
  allowPartitionIncrease: false,
} as const;

export function benchKafka(brokers: readonly string[], clientId: string): Kafka {
  return createKafkaClient({ brokers, clientId, logger: silentLogger });
}

export function benchProvisioner(kafka: Kafka): TopicProvisioner {
  return new TopicProvisioner(kafka, BENCH_TOPIC_SETTINGS, silentLogger);
}

/** Deletes every topic whose name starts with `prefix` (must start with `bench.`). */
export async function deleteBenchTopics(kafka: Kafka, prefix: string): Promise<void> {
  if (!prefix.startsWith('bench.'))
    throw new Error(`refusing to delete topics ${prefix}*: bench topics start with bench.`);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
}
