// Test-only: reads whole topics from the beginning (a fresh consumer group each time) until a
// condition on what was read holds, for assertions on what reached Kafka.
import { randomBytes } from 'node:crypto';
import type { EventEnvelope } from '@crm/event-sourcing';
import type { IHeaders, Kafka } from 'kafkajs';
import { fromKafkaMessage } from '../kafka/event-message.mapper';

export interface ReadMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | undefined;
  readonly headers: Record<string, string>;
  readonly envelope: EventEnvelope;
}

export interface ReadTopicsOptions {
  /** Stop once this returns true for everything read so far. */
  readonly until: (messages: readonly ReadMessage[]) => boolean;
  readonly timeoutMs?: number;
}

export async function readTopics(
  kafka: Kafka,
  topics: readonly string[],
  options: ReadTopicsOptions,
): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({
    groupId: `test-reader-${randomBytes(6).toString('hex')}`,
    maxWaitTimeInMs: 200,
  });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          messages.push({
            topic: batch.topic,
            partition: batch.partition,
            offset: Number(m.offset),
            key: m.key?.toString(),
            headers: stringHeaders(m.headers),
            envelope: fromKafkaMessage(m),
          });
        }
        if (options.until(messages)) resolveDone();
      },
    });
    const timeoutMs = options.timeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `readTopics: condition not met within ${timeoutMs} ms after ${messages.length} messages`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return messages;
  } finally {
    await consumer.disconnect();
  }
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined)
      out[name] = (Array.isArray(value) ? value[0] : value)?.toString() ?? '';
  }
  return out;
}

/** Every eventId read at least once, and in the order of first appearance per stream. */
export function firstDeliveriesByStream(messages: readonly ReadMessage[]): Map<string, number[]> {
  const seen = new Set<string>();
  const byStream = new Map<string, number[]>();
  const ordered = [...messages].sort(
    (a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || a.offset - b.offset,
  );
  for (const { envelope } of ordered) {
    if (seen.has(envelope.eventId)) continue;
    seen.add(envelope.eventId);
    let versions = byStream.get(envelope.streamId);
    if (!versions) byStream.set(envelope.streamId, (versions = []));
    versions.push(envelope.streamVersion);
  }
  return byStream;
}
