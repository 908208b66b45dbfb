// Builds the AsyncAPI 3 document of every public topic from the contract registry, so the
// document can never describe an event the registry does not know (and vice versa).
import type { ContractRegistry } from '../contract-registry';
import type { ContextContracts, EventContract, InboundTopicContract } from '../event-contract';
import { envelopeContractSchema } from '../envelope-contract.schema';
import { buildMessageSchema } from '../message-schema';
import { DEFAULT_TOPIC_PARTITIONS, DEFAULT_TOPIC_RETENTION_MS } from '../topic-defaults';
import { topicForContext } from '../topic-naming';

export interface AsyncApiOptions {
  /** The document's own version; bump it when a contract changes. */
  readonly version: string;
}

type Doc = Record<string, unknown>;

export function buildAsyncApiDocument(registry: ContractRegistry, options: AsyncApiOptions): Doc {
  const channels: Doc = {};
  const operations: Doc = {};
  const messages: Doc = {};
  const schemas: Doc = {
    EventEnvelope: stripId(envelopeContractSchema),
    KafkaHeaders: kafkaHeadersSchema(),
  };

  for (const context of registry.contexts()) {
    const channelId = channelIdFor(context.context);
    const channelMessages: Doc = {};
    for (const contract of sortContracts(context)) {
      const id = messageId(contract);
      schemas[id] = stripId(buildMessageSchema(contract));
      messages[id] = messageFor(contract, id);
      channelMessages[id] = { $ref: `#/components/messages/${id}` };
    }
    channels[channelId] = {
      address: topicForContext(context.context),
      title: `${context.context} events`,
      description: context.description,
      messages: channelMessages,
      bindings: {
        kafka: {
          partitions: DEFAULT_TOPIC_PARTITIONS,
          topicConfiguration: {
            'cleanup.policy': ['delete'],
            'retention.ms': DEFAULT_TOPIC_RETENTION_MS,
          },
          bindingVersion: '0.5.0',
        },
      },
    };
    operations[`consume${pascal(context.context)}Events`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${channelId}` },
      summary: `Receive every event of the ${context.context} context, in order per stream (key = streamId).`,
      messages: Object.keys(channelMessages).map((id) => ({
        $ref: `#/channels/${channelId}/messages/${id}`,
      })),
    };
    for (const inbound of context.inbound ?? [])
      addInbound(inbound, { channels, operations, messages, schemas });
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'CRM platform events',
      version: options.version,
      description: [
        'Every event of the event store, forwarded by the relay to one Kafka topic per bounded context.',
        'Delivery is at least once; order holds per stream (the message key is the streamId);',
        'deduplicate by eventId (or by streamId + streamVersion). The event store stays the source of',
        'truth: Kafka keeps recent history only. See docs/delivery-guarantees.md and docs/integrations.md.',
        'This file is generated from libs/contracts by `nx run contracts:generate-asyncapi`; do not edit it.',
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:59092',
        protocol: 'kafka',
        description:
          'The local single-node Kafka started by infra/local/crm-infra (CRM_KAFKA_BROKERS).',
      },
    },
    channels,
    operations,
    components: { messages, schemas },
  };
}

/** An inbound topic: integrations send plain JSON messages to it, the context receives them. */
function addInbound(
  inbound: InboundTopicContract,
  doc: { channels: Doc; operations: Doc; messages: Doc; schemas: Doc },
): void {
  const id = inbound.topic.replace(/[.-]([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  doc.schemas[id] = stripId(inbound.messageSchema);
  doc.messages[id] = {
    name: inbound.topic,
    title: `${inbound.topic} message`,
    summary: inbound.description,
    contentType: 'application/json',
    payload: { $ref: `#/components/schemas/${id}` },
    examples: [{ name: 'example1', payload: inbound.example }],
  };
  doc.channels[id] = {
    address: inbound.topic,
    title: `${inbound.topic} (inbound)`,
    description: inbound.description,
    messages: { [id]: { $ref: `#/components/messages/${id}` } },
  };
  doc.operations[`send${pascal(id)}`] = {
    action: 'send',
    channel: { $ref: `#/channels/${id}` },
    summary: `Integrations publish to ${inbound.topic}; the platform consumes it.`,
    messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
  };
}

function messageFor(contract: EventContract, id: string): Doc {
  return {
    name: contract.type,
    title: `${contract.type} v${contract.schemaVersion}`,
    summary: contract.description,
    contentType: 'application/json',
    ...(contract.deprecated ? { deprecated: true } : {}),
    headers: { $ref: '#/components/schemas/KafkaHeaders' },
    payload: { $ref: `#/components/schemas/${id}` },
    correlationId: { location: '$message.header#/correlationId' },
    bindings: {
      kafka: {
        key: {
          type: 'string',
          description: 'The streamId: every event of one stream lands on one partition, in order.',
        },
        bindingVersion: '0.5.0',
      },
    },
    ...(contract.examples?.length
      ? {
          examples: contract.examples.map((data, index) => ({
            name: `example${index + 1}`,
            payload: { type: contract.type, schemaVersion: contract.schemaVersion, data },
          })),
        }
      : {}),
  };
}

function kafkaHeadersSchema(): Doc {
  const header = (description: string) => ({ type: 'string', description });
  return {
    type: 'object',
    description:
      'Envelope fields repeated as Kafka headers (UTF-8 strings) so consumers can route without parsing the value.',
    required: ['type', 'schemaVersion', 'eventId', 'tenantId', 'correlationId'],
    properties: {
      type: header('The event type, `<context>.<PastTenseName>`.'),
      schemaVersion: header('The schema version, as a decimal string.'),
      eventId: header('The event id (UUID): the deduplication key.'),
      tenantId: header('The owning tenant.'),
      correlationId: header('Request tracing across services.'),
      traceparent: header(
        'W3C trace context of the span that stands for this event: trace id derived from the correlation id, span id from the event id (docs/operations/tracing.md). Absent on events published before it was added.',
      ),
    },
  };
}

function sortContracts(context: ContextContracts): EventContract[] {
  return [...context.events].sort(
    (a, b) => a.type.localeCompare(b.type) || a.schemaVersion - b.schemaVersion,
  );
}

function messageId(contract: EventContract): string {
  return `${contract.type}.v${contract.schemaVersion}`;
}

function channelIdFor(context: string): string {
  return `${context.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase())}Events`;
}

function pascal(context: string): string {
  const camel = context.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

function stripId(schema: Record<string, unknown>): Doc {
  const { $id: _id, ...rest } = schema;
  return rest;
}
