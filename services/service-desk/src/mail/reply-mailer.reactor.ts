// Sends every public reply to the requester over SMTP (nodemailer; any provider's relay by
// CRM_SMTP_URL). It reacts to service-desk.AgentReplied on the store's log, so a reply is mailed
// even when the service stopped right after appending it (at least once). The mail's Message-ID is
// derived from the event id: a resend after a crash carries the same id, which mail clients and
// Mailpit treat as the same message, and the customer's answer threads back to the ticket.
import { Role, systemCaller } from '@crm/access-policy';
import type { EventStore } from '@crm/event-sourcing';
import type { ReactorDefinition } from '@crm/reactors';
import type { Transporter } from 'nodemailer';
import type { ServiceDeskApplication } from '../application/service-desk.application';
import { replyMessageId } from './mail-threading';

export const REPLY_MAILER = 'service-desk.reply-mailer';

export interface ReplyMailSettings {
  /** The support address replies come from (and customers answer to). */
  readonly supportAddress: string;
}

interface AgentRepliedData {
  readonly ticketId: string;
  readonly body: string;
}

/**
 * `store` decrypts personal fields: the reactor follows the published (encrypted) log and reads the
 * reply's text from its stream through it.
 */
export function replyMailer(
  app: ServiceDeskApplication,
  store: EventStore,
  transport: Transporter,
  settings: ReplyMailSettings,
): ReactorDefinition {
  const domain = settings.supportAddress.split('@')[1] ?? 'localhost';
  return {
    name: REPLY_MAILER,
    eventTypes: ['service-desk.AgentReplied'],
    async react(event, reaction) {
      const { events } = await store.readStream(event.streamId, {
        fromVersion: event.streamVersion,
        maxCount: 1,
        tenantId: event.tenantId,
      });
      const reply = events[0]?.data as AgentRepliedData;
      const caller = systemCaller(reaction.actor.name, reaction.tenantId, [Role.ADMIN]);
      const ticket = await app.ticketAsOf(
        { caller, tenantId: reaction.tenantId, correlationId: reaction.correlationId },
        reply.ticketId,
        Number.MAX_SAFE_INTEGER,
      );
      // Phone, chat and API tickets without an address are answered where they came from.
      if (!ticket.requesterEmail) return;
      const thread = ticket.messageIds.slice(-20);
      await transport.sendMail({
        from: settings.supportAddress,
        to: ticket.requesterEmail,
        subject: ticket.subject.startsWith('Re:') ? ticket.subject : `Re: ${ticket.subject}`,
        text: reply.body,
        messageId: replyMessageId(reply.ticketId, event.eventId, domain),
        ...(thread.length > 0 && { inReplyTo: thread[thread.length - 1], references: thread }),
      });
    },
  };
}
