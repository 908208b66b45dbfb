// Consumes the inbound leads topic (`<namespace>crm.sales.inbound-leads`, a kafkajs consumer group)
// and keeps each message in the event store as sales.InboundLeadReceived, once per tenant and
// message id (the lead id derives from both; the stream decides nothing the second time), before
// its offset is committed: a crash re-reads the message and stores nothing new. Parsing and capture
// happen after, in the reactor sales.inbound-lead-capture, which parks what it cannot parse; so a
// malformed message is never lost, whatever its content. The message id is the `messageId` header,
// else the JSON field, else the Kafka key, else `<topic>:<partition>:<offset>`; the tenant is the
// `tenantId` header, else the JSON field, else `CRM_SALES_INBOUND_DEFAULT_TENANT`.
import { Role, systemCaller } from '@crm/access-policy';
import { SALES_INBOUND_MAX_BYTES } from '@crm/contracts/sales';
import { createKafkaClient, headerValue, TopicProvisioner, type Logger } from '@crm/messaging';
import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import { v5 as uuidv5 } from 'uuid';
import type { SalesApplication } from '../application/sales.application';

export const INBOUND_LEAD_INTAKE = 'sales.inbound-lead-intake';
const LEAD_NAMESPACE = '0d4f3c2b-1a09-4e8d-b7c6-5a4f3e2d1c0b';
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export interface InboundLeadsSettings {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly groupId: string;
  readonly defaultTenantId: string;
  readonly partitions: number;
  readonly retentionMs: number;
}

export const inboundLeadIdOf = (tenantId: string, messageId: string): string =>
  uuidv5(`${tenantId}\0${messageId}`, LEAD_NAMESPACE);

function jsonField(text: string, field: string): string | undefined {
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[field];
    return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
  } catch {
    return undefined;
  }
}

export class InboundLeadConsumer {
  private readonly kafka: Kafka;
  private consumer: Consumer | undefined;

  constructor(
    private readonly settings: InboundLeadsSettings,
    private readonly app: SalesApplication,
    private readonly logger: Logger,
  ) {
    this.kafka = createKafkaClient({
      brokers: settings.brokers,
      clientId: INBOUND_LEAD_INTAKE,
      logger,
    });
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
    await consumer.run({ eachMessage: (payload) => this.keep(payload) });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /** Stores one message (thrown errors make kafkajs retry it: nothing is committed before). */
  async keep({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const text = (message.value ?? Buffer.alloc(0)).toString('utf8');
    const payload =
      Buffer.byteLength(text) > SALES_INBOUND_MAX_BYTES
        ? JSON.stringify({ truncated: true, bytes: Buffer.byteLength(text) })
        : text || '""';
    const messageId =
      headerValue(message.headers, 'messageId') ??
      jsonField(text, 'messageId') ??
      message.key?.toString('utf8').slice(0, 200) ??
      `${topic}:${partition}:${message.offset}`;
    const named = headerValue(message.headers, 'tenantId') ?? jsonField(text, 'tenantId');
    // A tenant id the store would refuse would block the partition: such a message is kept under
    // the default tenant instead, where its capture is parked (its schema names the tenant).
    const tenantId =
      named !== undefined && TENANT_ID.test(named) ? named : this.settings.defaultTenantId;
    const leadId = inboundLeadIdOf(tenantId, messageId);
    await this.app.receiveInboundLead(
      {
        caller: systemCaller(INBOUND_LEAD_INTAKE, tenantId, [Role.ADMIN]),
        tenantId,
        // No idempotency key: a redelivery carries another offset (a different command to the
        // key check), and the stream itself keeps the first message and decides nothing after.
        correlationId: headerValue(message.headers, 'correlationId') ?? leadId,
      },
      {
        type: 'ReceiveInboundLead',
        data: {
          messageId,
          leadId,
          topic,
          partition,
          offset: message.offset,
          payload,
          now: this.app.now(),
        },
      },
    );
  }
}
