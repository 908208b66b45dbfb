// `audit replay --to-topic <name>`: history fed into another system through a Kafka topic the
// auditor names. Same wire format as the platform's own topics (key = streamId so order per stream
// holds, value = the envelope JSON, the usual headers), written by an idempotent producer with one
// request in flight, so a retry can neither duplicate nor reorder within a partition.
//
// The platform's own topics (any name ending in `crm.<context>.events`) are
// refused before anything connects: an auditor must not be able to inject old or decrypted
// history into the live integration feeds that services, projections and partners consume.
import type { Kafka, Message, Producer } from 'kafkajs';
import { TOPIC_PREFIX, TOPIC_SUFFIX } from '@crm/contracts';
import { ORDERED_IDEMPOTENT_PRODUCER } from '@crm/messaging';
import { AuditCliError } from '../cli-context';
import type { ReplayBatchContent, ReplaySink } from './replay-sink';

/** Kafka's own rule for topic names. */
const KAFKA_TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * `crm.<context>.events`, also behind a namespace (CRM_TOPIC_NAMESPACE is a free prefix, e.g.
 * `e2e-1.crm.customers.events`): any name ending so is refused.
 */
const PLATFORM_TOPIC = new RegExp(`${escape(TOPIC_PREFIX)}[^.]+${escape(TOPIC_SUFFIX)}$`, 'i');

/** Refuses names Kafka would refuse and the platform's own event topics. */
export function checkReplayTopic(topic: string): void {
  if (!KAFKA_TOPIC_NAME.test(topic))
    throw new AuditCliError(
      `--to-topic ${JSON.stringify(topic)} is not a Kafka topic name (letters, digits, '.', '_', '-'; at most 249)`,
    );
  if (PLATFORM_TOPIC.test(topic))
    throw new AuditCliError(
      `--to-topic ${topic} is one of the platform's own event topics (crm.<context>.events); replay to a topic of the receiving system instead`,
    );
}

/** Kafka refuses a record batch above message.max.bytes (1 MiB by default): send in slices. */
const MAX_SEND_BYTES = 512 * 1024;

export class KafkaReplayTarget implements ReplaySink {
  private pending: Message[] = [];
  private pendingBytes = 0;

  private constructor(
    private readonly producer: Producer,
    readonly topic: string,
  ) {}

  /** Connects, after checking that the topic exists: the receiving system owns its topics. */
  static async open(kafka: Kafka, topic: string): Promise<KafkaReplayTarget> {
    checkReplayTopic(topic);
    const admin = kafka.admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(topic))
        throw new AuditCliError(
          `topic ${topic} does not exist; create it first (its partitions and retention are the receiving system's choice)`,
        );
    } finally {
      await admin.disconnect();
    }
    const producer = kafka.producer(ORDERED_IDEMPOTENT_PRODUCER);
    await producer.connect();
    return new KafkaReplayTarget(producer, topic);
  }

  async write(batch: ReplayBatchContent): Promise<number> {
    if (!('records' in batch))
      throw new Error('replay to Kafka needs records with headers, not lines');
    for (const { json, streamId, headers } of batch.records) {
      if (!headers) throw new Error(`replay to Kafka needs each event's headers (${streamId})`);
      this.pending.push({
        key: streamId,
        value: json,
        headers: {
          type: headers.type,
          schemaVersion: String(headers.schemaVersion),
          eventId: headers.eventId,
          tenantId: headers.tenantId,
          correlationId: headers.correlationId,
        },
      });
      this.pendingBytes += json.length + streamId.length + 200;
      if (this.pendingBytes >= MAX_SEND_BYTES) await this.flush();
    }
    return batch.records.length;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.producer.disconnect();
    }
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const messages = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    await this.producer.send({ topic: this.topic, messages, acks: -1 });
  }
}
