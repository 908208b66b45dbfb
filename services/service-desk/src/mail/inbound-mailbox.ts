// The port inbound mail arrives through. In development and tests the adapter polls Mailpit's HTTP
// API (mailpit-mailbox.ts, ADR 0160); a production adapter reads the provider's mailbox the same
// way (fetch unread, acknowledge when the ticket holds the mail, park with a reason otherwise).
import type { RawInboundMail } from './inbound-mail';

export interface InboundMailbox {
  /** Unread mail sent to the support address, oldest first, at most `max`. */
  fetchUnread(max: number): Promise<RawInboundMail[]>;
  /** The mail is in a ticket: remove it from the mailbox. */
  acknowledge(sourceId: string): Promise<void>;
  /** The mail cannot become a ticket: keep it, marked read and tagged with the reason. */
  park(sourceId: string, reason: string): Promise<void>;
}
