// Events of the Ticket aggregate (stream `service-desk.Ticket-<ticketId>`). Type names are
// persisted and published: never rename one. Every event carries `at`, the ISO instant it was
// decided (from the injected clock), because the SLA clocks are rebuilt from these instants.
// Personal fields (encrypted under the customer's key) are declared in libs/contracts/src/service-desk.
import type { EscalationRecipient, SlaMilestone, SlaPolicy } from '../sla/sla-policy';
import type {
  MailThreading,
  TicketChannel,
  TicketPriority,
  TicketStatus,
  TicketType,
} from './ticket.types';

interface Event<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data & { readonly ticketId: string; readonly at: string };
}

export type TicketOpened = Event<
  'service-desk.TicketOpened',
  {
    readonly channel: TicketChannel;
    readonly subject: string;
    /** Personal (encrypted). */
    readonly body: string;
    /** Personal (encrypted). The requester's address, used to link the customer and to reply. */
    readonly requesterEmail?: string;
    readonly customerId?: string;
    readonly priority: TicketPriority;
    readonly type: TicketType;
    readonly tags: readonly string[];
    readonly mail?: MailThreading;
    /** Whose key encrypts the personal fields of this ticket: the customer, or the ticket until linked. */
    readonly dataSubjectId: string;
  }
>;

/** The SLA policy the ticket's clocks run under from `at` (a snapshot, calendar included). */
export type SlaPolicyApplied = Event<
  'service-desk.SlaPolicyApplied',
  { readonly policy: SlaPolicy; readonly reason: 'opened' | 'priority_changed' | 'reclassified' }
>;

export type TicketAssigned = Event<
  'service-desk.TicketAssigned',
  { readonly agentId: string; readonly teamId?: string }
>;

export type TicketStatusChanged = Event<
  'service-desk.TicketStatusChanged',
  { readonly from: TicketStatus; readonly to: TicketStatus }
>;

/** A public reply, sent to the customer. */
export type AgentReplied = Event<
  'service-desk.AgentReplied',
  {
    readonly agentId: string;
    /** Personal (encrypted). */ readonly body: string;
    readonly mail?: MailThreading;
    readonly dataSubjectId: string;
  }
>;

/** Visible to agents only; never sent. */
export type InternalNoteAdded = Event<
  'service-desk.InternalNoteAdded',
  {
    readonly agentId: string;
    /** Personal (encrypted). */ readonly body: string;
    readonly dataSubjectId: string;
  }
>;

export type CustomerMessageReceived = Event<
  'service-desk.CustomerMessageReceived',
  {
    /** Personal (encrypted). */
    readonly body: string;
    readonly mail?: MailThreading;
    readonly dataSubjectId: string;
  }
>;

export type TicketPriorityChanged = Event<
  'service-desk.TicketPriorityChanged',
  { readonly priority: TicketPriority }
>;

export type TicketClassified = Event<
  'service-desk.TicketClassified',
  { readonly type: TicketType; readonly tags: readonly string[] }
>;

export type ComplaintAnalysed = Event<
  'service-desk.ComplaintAnalysed',
  { readonly rootCause: string; readonly remedy: string }
>;

export type TicketResolved = Event<'service-desk.TicketResolved', { readonly resolution: string }>;
export type TicketClosed = Event<'service-desk.TicketClosed', Record<never, never>>;
export type TicketReopened = Event<'service-desk.TicketReopened', Record<never, never>>;
export type CustomerLinked = Event<'service-desk.CustomerLinked', { readonly customerId: string }>;

export type SlaWarningReached = Event<
  'service-desk.SlaWarningReached',
  { readonly milestone: SlaMilestone; readonly dueAt: string; readonly cycleStartedAt: string }
>;

export type SlaBreached = Event<
  'service-desk.SlaBreached',
  { readonly milestone: SlaMilestone; readonly breachedAt: string; readonly cycleStartedAt: string }
>;

/**
 * A level of the escalation ladder ran for a breached milestone: who is notified (with the agent
 * and team then holding the ticket, to resolve `assignee` and `team_lead`), and what it changed;
 * the reassignment and the raised priority follow as `TicketAssigned` / `TicketPriorityChanged`.
 */
export type SlaEscalated = Event<
  'service-desk.SlaEscalated',
  {
    readonly milestone: SlaMilestone;
    readonly level: number;
    readonly cycleStartedAt: string;
    readonly notify: readonly EscalationRecipient[];
    readonly agentId?: string;
    readonly teamId?: string;
    readonly reassignedTo?: { readonly agentId: string; readonly teamId?: string };
    readonly priorityRaisedTo?: TicketPriority;
  }
>;

/**
 * The survivor of a merge took a duplicate: its conversation (read from the duplicate's stream,
 * named here), its mail thread (so answers to it land here), its customer when this ticket had
 * none, and its tags.
 */
export type DuplicateTicketMerged = Event<
  'service-desk.DuplicateTicketMerged',
  {
    readonly duplicateTicketId: string;
    readonly messageIds: readonly string[];
    readonly customerId?: string;
    /** The survivor's tags after the merge (its own and the duplicate's). */
    readonly tags: readonly string[];
  }
>;

/** The duplicate of a merge: closed, pointing at the ticket that carries on. */
export type TicketMerged = Event<'service-desk.TicketMerged', { readonly intoTicketId: string }>;

/**
 * The automatic reply to an inbound mail went out with these knowledge-base articles (ADR 0317):
 * what the knowledge base answered before any person did, so its deflection is counted from it.
 */
export type AutoReplySent = Event<
  'service-desk.AutoReplySent',
  {
    readonly articles: readonly { readonly articleId: string; readonly locale: string }[];
    /** The Message-ID of the mail sent (threading, and a resend after a crash is the same mail). */
    readonly messageId: string;
  }
>;

/**
 * The customer's answer to the satisfaction survey of one resolution (`surveyId`: its instant),
 * with the agent and team who then held the ticket, so results group per agent and team.
 */
export type CsatAnswered = Event<
  'service-desk.CsatAnswered',
  {
    readonly surveyId: string;
    readonly score: number;
    /** Personal (encrypted): the customer's own words. */
    readonly comment?: string;
    readonly dataSubjectId: string;
    readonly agentId?: string;
    readonly teamId?: string;
  }
>;

export type TicketEvent =
  | TicketOpened
  | SlaPolicyApplied
  | TicketAssigned
  | TicketStatusChanged
  | AgentReplied
  | InternalNoteAdded
  | CustomerMessageReceived
  | TicketPriorityChanged
  | TicketClassified
  | ComplaintAnalysed
  | TicketResolved
  | TicketClosed
  | TicketReopened
  | CustomerLinked
  | SlaWarningReached
  | SlaBreached
  | CsatAnswered
  | SlaEscalated
  | DuplicateTicketMerged
  | TicketMerged
  | AutoReplySent;

export type TicketEventType = TicketEvent['type'];
