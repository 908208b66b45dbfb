// Consumes the inbound tickets topic (`<namespace>crm.service-desk.inbound-tickets`, a kafkajs
// consumer group) and opens one ticket per tenant and message id before committing the offset:
// the ticket id is uuid v5 of both, so a redelivery after a crash, or the same message published
// twice, opens nothing more (TICKET_ALREADY_EXISTS is the expected answer then). A message that
// cannot open a ticket (not JSON, schema, field limits, too large) is parked with the reason and
// nothing is written; a failure of ours (store down) is thrown, so kafkajs retries the message.
// The message id is the `messageId` header, else the JSON field, else the Kafka key, else
// `<topic>:<partition>:<offset>`; the tenant the `tenantId` header, else the field, else
// CRM_SERVICE_DESK_INBOUND_DEFAULT_TENANT.
import { Role, systemCaller } from '@crm/access-policy';
import { createKafkaClient, headerValue, TopicProvisioner } from '@crm/messaging';
import { TicketAlreadyOpenedError } from '@crm/service-desk-domain';
import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { v5 as uuidv5 } from 'uuid';
import type { ServiceDeskApplication } from '../application/service-desk.application';
import { MalformedInboundTicketError, parseInboundTicket } from './inbound-ticket';
import type { ParkedInboundMessages } from './parked-inbound-messages';

export const INBOUND_TICKET_INTAKE = 'service-desk.inbound-ticket-intake';
const TICKET_NAMESPACE = '5b0f7d1e-3c2a-4e6b-9f8d-7a6c5b4e3d2f';
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export interface InboundTicketsSettings {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly groupId: string;
  readonly defaultTenantId: string;
  readonly partitions: number;
  readonly retentionMs: number;
}

export const inboundTicketIdOf = (tenantId: string, messageId: string): string =>
  uuidv5(`${tenantId}\0${messageId}`, TICKET_NAMESPACE);

function jsonField(text: string, field: string): string | undefined {
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[field];
    return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
  } catch {
    return undefined;
  }
}

export type InboundOutcome =
  | { readonly kind: 'opened' | 'already-open'; readonly ticketId: string }
  | { readonly kind: 'parked'; readonly reason: string };

export class InboundTicketConsumer {
  private readonly kafka: Kafka;
  private consumer: Consumer | undefined;

  constructor(
    private readonly settings: InboundTicketsSettings,
    private readonly app: ServiceDeskApplication,
    private readonly parked: ParkedInboundMessages,
    private readonly logger: Logger,
  ) {
    this.kafka = createKafkaClient({
      brokers: settings.brokers,
      clientId: INBOUND_TICKET_INTAKE,
      logger,
    });
  }

  async start(): Promise<void> {
    await this.parked.migrate();
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
        await this.take(payload);
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /** Opens the message's ticket or parks the message (thrown errors make kafkajs retry it). */
  async take({ topic, partition, message }: EachMessagePayload): Promise<InboundOutcome> {
    const text = (message.value ?? Buffer.alloc(0)).toString('utf8');
    const messageId =
      headerValue(message.headers, 'messageId') ??
      jsonField(text, 'messageId') ??
      message.key?.toString('utf8').slice(0, 200) ??
      `${topic}:${partition}:${message.offset}`;
    const named = headerValue(message.headers, 'tenantId') ?? jsonField(text, 'tenantId');
    const tenantId =
      named !== undefined && TENANT_ID.test(named) ? named : this.settings.defaultTenantId;
    const ticketId = inboundTicketIdOf(tenantId, messageId);
    const caller = systemCaller(INBOUND_TICKET_INTAKE, tenantId, [Role.ADMIN]);
    try {
      const parsed = parseInboundTicket(text, ticketId, {
        caller,
        reopenWindowDays: this.app.reopenWindowDays,
        policyFor: (ticket) => this.app.policyFor(ticket),
      });
      await this.app.execute(
        {
          caller,
          tenantId,
          correlationId: headerValue(message.headers, 'correlationId') ?? ticketId,
        },
        ticketId,
        parsed.request,
        ticketId,
      );
      return { kind: 'opened', ticketId };
    } catch (error) {
      if (error instanceof TicketAlreadyOpenedError) return { kind: 'already-open', ticketId };
      if (!(error instanceof MalformedInboundTicketError)) throw error;
      await this.parked.park(
        {
          tenantId,
          messageId,
          topic,
          partition,
          offset: message.offset,
          bytes: Buffer.byteLength(text),
          reason: error.message,
        },
        this.app.now(),
      );
      this.logger.warn(
        { messageId, topic, partition, offset: message.offset, reason: error.message },
        'inbound ticket message parked',
      );
      return { kind: 'parked', reason: error.message };
    }
  }
}
