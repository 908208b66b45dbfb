// Consumes the inbound tickets topic (`<namespace>crm.service-desk.inbound-tickets`, a kafkajs
// consumer group through @crm/messaging's InboundTopicConsumer, which says how a message names its
// id and tenant) and opens one ticket per tenant and message id before committing the offset: the
// ticket id is uuid v5 of both, so a redelivery after a crash, or the same message published
// twice, opens nothing more (TICKET_ALREADY_EXISTS is the expected answer then). A message that
// cannot open a ticket (not JSON, schema, field limits, too large) is parked with the reason and
// nothing is written; a failure of ours (store down) is thrown, so kafkajs retries the message.
import { Role, systemCaller } from '@crm/access-policy';
import {
  InboundTopicConsumer,
  type InboundMessage,
  type InboundTopicSettings,
} from '@crm/messaging';
import { TicketAlreadyOpenedError } from '@crm/service-desk-domain';
import type { Logger } from 'pino';
import { v5 as uuidv5 } from 'uuid';
import type { ServiceDeskApplication } from '../application/service-desk.application';
import { MalformedInboundTicketError, parseInboundTicket } from './inbound-ticket';
import type { ParkedInboundMessages } from './parked-inbound-messages';

export const INBOUND_TICKET_INTAKE = 'service-desk.inbound-ticket-intake';
const TICKET_NAMESPACE = '5b0f7d1e-3c2a-4e6b-9f8d-7a6c5b4e3d2f';
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export type InboundTicketsSettings = InboundTopicSettings;

export const inboundTicketIdOf = (tenantId: string, messageId: string): string =>
  uuidv5(`${tenantId}\0${messageId}`, TICKET_NAMESPACE);

export type InboundOutcome =
  | { readonly kind: 'opened' | 'already-open'; readonly ticketId: string }
  | { readonly kind: 'parked'; readonly reason: string };

export class InboundTicketConsumer {
  private readonly consumer: InboundTopicConsumer;

  constructor(
    settings: InboundTicketsSettings,
    private readonly app: ServiceDeskApplication,
    private readonly parked: ParkedInboundMessages,
    private readonly logger: Logger,
  ) {
    this.consumer = new InboundTopicConsumer(
      settings,
      INBOUND_TICKET_INTAKE,
      TENANT_ID,
      (message) => this.take(message),
      logger,
    );
  }

  async start(): Promise<void> {
    await this.parked.migrate();
    await this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /** Opens the message's ticket or parks the message (thrown errors make kafkajs retry it). */
  async take(message: InboundMessage): Promise<InboundOutcome> {
    const { tenantId, messageId } = message;
    const ticketId = inboundTicketIdOf(tenantId, messageId);
    const caller = systemCaller(INBOUND_TICKET_INTAKE, tenantId, [Role.ADMIN]);
    try {
      const parsed = await parseInboundTicket(message.text, ticketId, {
        caller,
        reopenWindowDays: this.app.reopenWindowDays,
        policyFor: (ticket) => this.app.policyFor(ticket),
      });
      await this.app.execute(
        { caller, tenantId, correlationId: message.correlationId ?? ticketId },
        ticketId,
        parsed.request,
        ticketId,
      );
      return { kind: 'opened', ticketId };
    } catch (error) {
      if (error instanceof TicketAlreadyOpenedError) return { kind: 'already-open', ticketId };
      if (!(error instanceof MalformedInboundTicketError)) throw error;
      const { topic, partition, offset } = message;
      await this.parked.park(
        {
          tenantId,
          messageId,
          topic,
          partition,
          offset,
          bytes: Buffer.byteLength(message.text),
          reason: error.message,
        },
        this.app.now(),
      );
      this.logger.warn(
        { messageId, topic, partition, offset, reason: error.message },
        'inbound ticket message parked',
      );
      return { kind: 'parked', reason: error.message };
    }
  }
}
