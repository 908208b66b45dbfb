// A ticket's conversation, read from its events: the opening message and every customer message,
// public reply and internal note, in order. Bodies are personal data: the caller reads the events
// through the personal-data store (decrypted; a shredded subject's bodies read as erased).
import type { TicketEvent } from './ticket.events';

export interface ConversationEntry {
  readonly kind: 'customer' | 'reply' | 'note';
  /** The agent for replies and notes; empty for the customer. */
  readonly authorId: string;
  readonly body: string;
  readonly at: string;
  /** The ticket it was written on (a duplicate merged into this one keeps its own). */
  readonly ticketId: string;
}

const text = (body: unknown): string => (typeof body === 'string' ? body : '[erased]');

export function conversationOf(events: readonly TicketEvent[]): ConversationEntry[] {
  return events.flatMap((event): ConversationEntry[] => {
    const { ticketId, at } = event.data;
    if (
      event.type === 'service-desk.TicketOpened' ||
      event.type === 'service-desk.CustomerMessageReceived'
    )
      return [{ kind: 'customer', authorId: '', body: text(event.data.body), at, ticketId }];
    if (
      event.type === 'service-desk.AgentReplied' ||
      event.type === 'service-desk.InternalNoteAdded'
    )
      return [
        {
          kind: event.type === 'service-desk.AgentReplied' ? 'reply' : 'note',
          authorId: event.data.agentId,
          body: text(event.data.body),
          at,
          ticketId,
        },
      ];
    // Every other event changes the ticket, not what was said on it.
    return [];
  });
}

/** Entries of several tickets (a survivor and its merged duplicates) in time order. */
export function mergeConversations(
  conversations: readonly (readonly ConversationEntry[])[],
): ConversationEntry[] {
  return conversations.flat().sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
