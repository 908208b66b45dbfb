// Value types of a ticket.

export const TICKET_STATUSES = [
  'new',
  'assigned',
  'in_progress',
  'waiting_on_customer',
  'waiting_on_third_party',
  'resolved',
  'closed',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses an SLA policy may declare as pausing its clocks. */
export const PAUSABLE_STATUSES = ['waiting_on_customer', 'waiting_on_third_party'] as const;
export type PausableStatus = (typeof PAUSABLE_STATUSES)[number];

export const TICKET_CHANNELS = ['email', 'web_form', 'chat', 'phone', 'social', 'api'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TICKET_TYPES = ['question', 'incident', 'complaint'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

/** Who wrote a message: the customer (or requester), or an agent. */
export type MessageAuthor =
  { readonly kind: 'customer' } | { readonly kind: 'agent'; readonly agentId: string };

/** Mail threading ids of a message (RFC 5322 Message-ID), when it came or went by e-mail. */
export interface MailThreading {
  readonly messageId: string;
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
}
