// Consumes the inbound leads topic (`<namespace>crm.sales.inbound-leads`, a kafkajs consumer group
// through @crm/messaging's InboundTopicConsumer, which says how a message names its id and tenant)
// and keeps each message in the event store as sales.InboundLeadReceived, once per tenant and
// message id (the lead id derives from both; the stream decides nothing the second time), before
// its offset is committed: a crash re-reads the message and stores nothing new. Parsing and capture
// happen after, in the reactor sales.inbound-lead-capture, which parks what it cannot parse; so a
// malformed message is never lost, whatever its content. A tenant id the store would refuse would
// block the partition: such a message is kept under CRM_SALES_INBOUND_DEFAULT_TENANT instead, where
// its capture is parked (its schema names the tenant).
import { Role, systemCaller } from '@crm/access-policy';
import { SALES_INBOUND_MAX_BYTES } from '@crm/contracts/sales';
import {
  InboundTopicConsumer,
  type InboundMessage,
  type InboundTopicSettings,
  type Logger,
} from '@crm/messaging';
import { v5 as uuidv5 } from 'uuid';
import type { SalesApplication } from '../application/sales.application';

export const INBOUND_LEAD_INTAKE = 'sales.inbound-lead-intake';
const LEAD_NAMESPACE = '0d4f3c2b-1a09-4e8d-b7c6-5a4f3e2d1c0b';
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export type InboundLeadsSettings = InboundTopicSettings;

export const inboundLeadIdOf = (tenantId: string, messageId: string): string =>
  uuidv5(`${tenantId}\0${messageId}`, LEAD_NAMESPACE);

export class InboundLeadConsumer {
  private readonly consumer: InboundTopicConsumer;

  constructor(
    settings: InboundLeadsSettings,
    private readonly app: SalesApplication,
    logger: Logger,
  ) {
    this.consumer = new InboundTopicConsumer(
      settings,
      INBOUND_LEAD_INTAKE,
      TENANT_ID,
      (message) => this.keep(message),
      logger,
    );
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /** Stores one message (thrown errors make kafkajs retry it: nothing is committed before). */
  async keep(message: InboundMessage): Promise<void> {
    const { text, tenantId, messageId } = message;
    const payload =
      Buffer.byteLength(text) > SALES_INBOUND_MAX_BYTES
        ? JSON.stringify({ truncated: true, bytes: Buffer.byteLength(text) })
        : text || '""';
    const leadId = inboundLeadIdOf(tenantId, messageId);
    await this.app.receiveInboundLead(
      {
        caller: systemCaller(INBOUND_LEAD_INTAKE, tenantId, [Role.ADMIN]),
        tenantId,
        // No idempotency key: a redelivery carries another offset (a different command to the
        // key check), and the stream itself keeps the first message and decides nothing after.
        correlationId: message.correlationId ?? leadId,
      },
      {
        type: 'ReceiveInboundLead',
        data: {
          messageId,
          leadId,
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          payload,
          now: this.app.now(),
        },
      },
    );
  }
}
