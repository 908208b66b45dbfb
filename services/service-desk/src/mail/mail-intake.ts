// Turns inbound e-mail into tickets: each unread mail to the support address either opens a ticket
// (channel e-mail, default priority and type, the SLA policy matched), or, when it answers a known
// ticket, is added to it as a customer message (which reopens a resolved ticket within the window).
// A mail that answers a closed ticket, or a thread we do not know, opens a new ticket, linked to the
// customer holding the sender's address when exactly one does. Bad mail is
// parked with its reason. The mail leaves the mailbox only once the ticket holds it, so a crash
// means the same mail is read again, and the ids derived from its Message-ID make that a no-op.
import { Role, systemCaller } from '@crm/access-policy';
import {
  ReopenWindowExpiredError,
  TicketAlreadyOpenedError,
  TicketClosedError,
  TicketMergedError,
  TicketNotFoundError,
  type MailThreading,
} from '@crm/service-desk-domain';
import type { Logger } from 'pino';
import type { RequestMeta, ServiceDeskApplication } from '../application/service-desk.application';
import { checkInboundMail, type InboundMail } from './inbound-mail';
import type { InboundMailbox } from './inbound-mailbox';
import { candidateTickets, ticketIdForMessage } from './mail-threading';

export const MAIL_INTAKE_NAME = 'service-desk.mail-intake';

export interface IntakeResult {
  readonly opened: string[];
  readonly appended: string[];
  readonly parked: { sourceId: string; reason: string }[];
}

/** The shared customer contact index of @crm/reactors answers it. */
export interface CustomerLookup {
  soleCustomerFor(tenantId: string, contact: { email: string }): Promise<string | undefined>;
}

export class MailIntake {
  constructor(
    private readonly app: ServiceDeskApplication,
    private readonly mailbox: InboundMailbox,
    private readonly tenantId: string,
    private readonly logger: Logger,
    /** Who the sender is, by address (customers/service-desk-customer-contacts.ts); none: not linked. */
    private readonly customers?: CustomerLookup,
  ) {}

  /** Reads one batch of unread mail and files every mail of it. */
  async pollOnce(max = 50): Promise<IntakeResult> {
    const result: IntakeResult = { opened: [], appended: [], parked: [] };
    for (const raw of await this.mailbox.fetchUnread(max)) {
      const checked = checkInboundMail(raw);
      if (!checked.ok) {
        await this.mailbox.park(raw.sourceId, checked.reason);
        this.logger.warn({ sourceId: raw.sourceId, reason: checked.reason }, 'inbound mail parked');
        result.parked.push({ sourceId: raw.sourceId, reason: checked.reason });
        continue;
      }
      const filed = await this.file(checked.mail);
      await this.mailbox.acknowledge(raw.sourceId);
      (filed.kind === 'opened' ? result.opened : result.appended).push(filed.ticketId);
    }
    return result;
  }

  private meta(mail: InboundMail): RequestMeta {
    return {
      caller: systemCaller(MAIL_INTAKE_NAME, this.tenantId, [Role.ADMIN]),
      tenantId: this.tenantId,
      correlationId: ticketIdForMessage(this.tenantId, mail.messageId),
      idempotencyKey: `mail:${mail.messageId}`,
    };
  }

  private async file(
    mail: InboundMail,
  ): Promise<{ kind: 'opened' | 'appended'; ticketId: string }> {
    const meta = this.meta(mail);
    const threading: MailThreading = {
      messageId: mail.messageId,
      ...(mail.inReplyTo !== undefined && { inReplyTo: mail.inReplyTo }),
      ...(mail.references.length > 0 && { references: mail.references }),
    };
    const candidates = candidateTickets(this.tenantId, mail);
    for (const ticketId of candidates) {
      try {
        await this.app.execute(meta, ticketId, {
          rpc: 'ReceiveMail',
          fields: { messageId: mail.messageId },
          build: (_state, at) => ({
            type: 'ReceiveCustomerMessage',
            data: {
              ticketId,
              at,
              body: mail.text,
              mail: threading,
              reopenWindowDays: this.app.reopenWindowDays,
            },
          }),
        });
        return { kind: 'appended', ticketId };
      } catch (error) {
        // An answer to a merged duplicate belongs to the ticket it was merged into.
        if (error instanceof TicketMergedError) {
          if (!candidates.includes(error.intoTicketId)) candidates.push(error.intoTicketId);
          continue;
        }
        // Not ours, closed, or resolved too long ago: the mail starts a ticket of its own.
        if (
          error instanceof TicketNotFoundError ||
          error instanceof TicketClosedError ||
          error instanceof ReopenWindowExpiredError
        )
          continue;
        throw error;
      }
    }
    const ticketId = ticketIdForMessage(this.tenantId, mail.messageId);
    const ticket = { priority: 'normal', type: 'question', tags: [] } as const;
    // A known sender's ticket is theirs from the start (its personal fields under their key).
    const customerId = await this.customers?.soleCustomerFor(this.tenantId, {
      email: mail.fromAddress,
    });
    try {
      await this.app.execute(meta, ticketId, {
        rpc: 'OpenTicketFromMail',
        fields: { messageId: mail.messageId },
        build: (_state, at) => ({
          type: 'OpenTicket',
          data: {
            ticketId,
            at,
            channel: 'email',
            subject: mail.subject,
            body: mail.text,
            requesterEmail: mail.fromAddress,
            ...(customerId !== undefined && { customerId }),
            ...ticket,
            mail: threading,
            policy: this.app.policyFor(ticket),
          },
        }),
      });
    } catch (error) {
      // Read again after a crash before it left the mailbox: the ticket is already there.
      if (!(error instanceof TicketAlreadyOpenedError)) throw error;
    }
    return { kind: 'opened', ticketId };
  }
}
