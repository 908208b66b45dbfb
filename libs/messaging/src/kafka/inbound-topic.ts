// A topic integrations publish plain JSON to for a context to consume (not events of the store):
// the consumer group with its topic provisioned, and how a message names itself. The message id is
// the `messageId` header, else the JSON field, else the Kafka key, else `<topic>:<partition>:
// <offset>`; the tenant the `tenantId` header, else the field, else the configured default (also
// when the named one does not match the tenant pattern: the message's schema check then refuses it
// under the default tenant, rather than the store blocking the partition). The handler runs before
// the offset is committed; a thrown error makes kafkajs deliver the message again.
import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import type { Logger } from '../logger';
import { TopicProvisioner } from '../topics/topic-provisioner';
import { createKafkaClient } from './kafka-client.factory';
import { headerValue } from './event-message.mapper';

export interface InboundTopicSettings {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly groupId: string;
  readonly defaultTenantId: string;
  readonly partitions: number;
  readonly retentionMs: number;
}

export interface InboundMessage {
  /** The value as UTF-8 text ('' when empty). */
  readonly text: string;
  readonly messageId: string;
  readonly tenantId: string;
  readonly correlationId: string | undefined;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

function jsonField(text: string, field: string): string | undefined {
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[field];
    return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
  } catch {
    return undefined;
  }
}

export function readInboundMessage(
  { topic, partition, message }: Pick<EachMessagePayload, 'topic' | 'partition' | 'message'>,
  defaultTenantId: string,
  tenantPattern: RegExp,
): InboundMessage {
  const text = (message.value ?? Buffer.alloc(0)).toString('utf8');
  const named = headerValue(message.headers, 'tenantId') ?? jsonField(text, 'tenantId');
  return {
    text,
    messageId:
      headerValue(message.headers, 'messageId') ??
      jsonField(text, 'messageId') ??
      message.key?.toString('utf8').slice(0, 200) ??
      `${topic}:${partition}:${message.offset}`,
    tenantId: named !== undefined && tenantPattern.test(named) ? named : defaultTenantId,
    correlationId: headerValue(message.headers, 'correlationId'),
    topic,
    partition,
    offset: message.offset,
  };
}

export class InboundTopicConsumer {
  private readonly kafka: Kafka;
  private consumer: Consumer | undefined;

  constructor(
    private readonly settings: InboundTopicSettings,
    clientId: string,
    private readonly tenantPattern: RegExp,
    private readonly handle: (message: InboundMessage) => Promise<unknown>,
    private readonly logger: Logger,
  ) {
    this.kafka = createKafkaClient({ brokers: settings.brokers, clientId, logger });
  }

  async start(): Promise<void> {
    await new TopicProvisioner(
      this.kafka,
      {
        partitions: this.settings.partitions,
        retentionMs: this.settings.retentionMs,
        replicationFactor: 1,
        allowPartitionIncrease: false,
      },
      this.logger,
    ).ensure([this.settings.topic]);
    const consumer = this.kafka.consumer({ groupId: this.settings.groupId });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [this.settings.topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async (payload) => {
        await this.handle(
          readInboundMessage(payload, this.settings.defaultTenantId, this.tenantPattern),
        );
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }
}
