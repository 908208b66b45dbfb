// Which Kafka topics feed a projection (one per context of its event types), and their end
// offsets: a new target records them before its store catch-up starts (see projection-target.ts).
import { contextOfEventType, topicForContext } from '@crm/contracts';
import { Backoff, sleep } from '@crm/messaging';
import type { Admin, Kafka } from 'kafkajs';
import { topicPartitionKey } from '../targets/projection-target';
import type { ProjectionDefinition } from '../projection/projection-definition';

export function topicsOf(
  definition: Pick<ProjectionDefinition, 'eventTypes'>,
  namespace = '',
): string[] {
  return [
    ...new Set(
      definition.eventTypes.map((type) => topicForContext(contextOfEventType(type), namespace)),
    ),
  ].sort();
}

export function consumerGroupOf(
  definition: Pick<ProjectionDefinition, 'name' | 'version'>,
  namespace = '',
): string {
  return `${namespace}crm.projections.${definition.name}.v${definition.version}`;
}

/** `topic|partition` → next offset (the high watermark) for every existing topic; absent topics are skipped. */
export async function captureEndOffsets(
  kafka: Kafka,
  topics: readonly string[],
): Promise<Map<string, number>> {
  const offsets = new Map<string, number>();
  if (topics.length === 0) return offsets;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of topics.filter((t) => existing.has(t))) {
      for (const { partition, high } of await topicOffsets(admin, topic))
        offsets.set(topicPartitionKey(topic, partition), Number(high));
    }
    return offsets;
  } finally {
    await admin.disconnect();
  }
}

/** Low and high watermarks of one topic, per partition. */
export async function watermarks(
  kafka: Kafka,
  topic: string,
): Promise<Map<number, { low: number; high: number }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map(
      (await topicOffsets(admin, topic)).map((p) => [
        p.partition,
        { low: Number(p.low), high: Number(p.high) },
      ]),
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * A topic's offsets, retried for a while on errors Kafka marks retriable: a partition whose leader
 * is moving or not elected yet (a topic created a moment ago, a broker restarting) answers
 * NOT_LEADER_FOR_PARTITION, and kafkajs' admin passes that on. A rebuild started then would
 * otherwise fail outright.
 */
async function topicOffsets(
  admin: Admin,
  topic: string,
  giveUpAfterMs = 15_000,
): ReturnType<Admin['fetchTopicOffsets']> {
  const backoff = new Backoff({ initialDelayMs: 100, maxDelayMs: 2_000 });
  const deadline = Date.now() + giveUpAfterMs;
  for (;;) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      const retriable = (error as { retriable?: unknown }).retriable === true;
      if (!retriable || Date.now() >= deadline) throw error;
      await sleep(backoff.next());
    }
  }
}
