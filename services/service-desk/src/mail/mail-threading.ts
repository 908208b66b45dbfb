// Threading of e-mail into tickets, without a lookup table: a ticket opened from a mail has an id
// derived from that mail's Message-ID (so a redelivered mail opens the same ticket once), and the
// replies we send carry Message-IDs that name their ticket (`<ticket-<id>.<event id>@<domain>>`).
// A customer's answer names one of them in In-Reply-To or References.
import { v5 as uuidv5 } from 'uuid';

const NAMESPACE = 'c9f1b2a4-5e3d-4f70-9a8b-1d2e3f4a5b6c';
const OUR_MESSAGE_ID = /^<ticket-([0-9a-f-]{36})\.[^@>]+@[^>]+>$/;

/** The ticket a mail with this Message-ID opens (stable per tenant). */
export function ticketIdForMessage(tenantId: string, messageId: string): string {
  return uuidv5(`${tenantId}\0${messageId}`, NAMESPACE);
}

/** The Message-ID of a reply we send for the event `eventId` of ticket `ticketId`. */
export function replyMessageId(ticketId: string, eventId: string, domain: string): string {
  return `<ticket-${ticketId}.${eventId}@${domain}>`;
}

/**
 * Tickets the mail may belong to, most likely first: tickets named by our own reply ids, then
 * tickets opened by the mails it answers (In-Reply-To, then References from the newest).
 */
export function candidateTickets(
  tenantId: string,
  mail: { inReplyTo?: string; references: readonly string[] },
): string[] {
  const ids = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()];
  const ours = ids
    .map((id) => OUR_MESSAGE_ID.exec(id)?.[1])
    .filter((id): id is string => id !== undefined);
  const opened = ids
    .filter((id) => !OUR_MESSAGE_ID.test(id))
    .map((id) => ticketIdForMessage(tenantId, id));
  return [...new Set([...ours, ...opened])];
}
