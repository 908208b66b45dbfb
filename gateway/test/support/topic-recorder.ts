// Records what a platform topic carries during an end-to-end spec (a plain kafkajs consumer from
// the beginning, its own group): the envelope type, stream and data of each message, for "the
// topic shows it, exactly once" checks.
import { testInfrastructure } from '@crm/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

export interface RecordedMessage {
  readonly type: string;
  readonly streamId: string;
  readonly data: Record<string, unknown>;
}

export interface TopicRecorder {
  readonly messages: RecordedMessage[];
  stop(): Promise<void>;
}

/** `topic` without the namespace: `crm.loyalty.events` (CRM_TOPIC_NAMESPACE is prefixed). */
export async function recordTopic(topic: string, run: string): Promise<TopicRecorder> {
  const infra = await testInfrastructure({ require: ['kafka'] });
  const kafka = new Kafka({
    clientId: `e2e-${run}`,
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const consumer: Consumer = kafka.consumer({ groupId: `e2e-${topic}-${run}` });
  const messages: RecordedMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({
    topic: `${process.env['CRM_TOPIC_NAMESPACE'] ?? ''}${topic}`,
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const envelope = JSON.parse(message.value!.toString()) as RecordedMessage;
      messages.push({ type: envelope.type, streamId: envelope.streamId, data: envelope.data });
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}
