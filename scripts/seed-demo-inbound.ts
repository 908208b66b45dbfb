// How the demo seeds publish to a context's inbound topic, as an integration would
// (docs/marketing.md bounces, docs/service-desk.md inbound tickets): one JSON message under the
// topic namespace, its key the message id, its tenant in the `tenantId` header.
import { Kafka, logLevel } from 'kafkajs';

export async function publishInbound(
  topic: string,
  tenantId: string,
  message: { readonly messageId: string } & Record<string, unknown>,
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'seed-demo',
    brokers: (process.env['CRM_KAFKA_BROKERS'] ?? '127.0.0.1:59092').split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic: `${process.env['CRM_TOPIC_NAMESPACE'] ?? ''}${topic}`,
      messages: [{ key: message.messageId, headers: { tenantId }, value: JSON.stringify(message) }],
    });
  } finally {
    await producer.disconnect();
  }
}
