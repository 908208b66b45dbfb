// Commands of the Ticket aggregate, already parsed (the service's parsers check shapes and limits).
// `at` is the ISO instant from the injected clock; policies arrive resolved by the application
// (matched from the tenant's SLA configuration), so the decider stays pure.
import type { SlaMilestone, SlaPolicy } from '../sla/sla-policy';
import type { MailThreading, TicketChannel, TicketPriority, TicketType } from './ticket.types';

interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data & { readonly ticketId: string; readonly at: string };
}

export type OpenTicket = Command<
  'OpenTicket',
  {
    readonly channel: TicketChannel;
    readonly subject: string;
    readonly body: string;
    readonly requesterEmail?: string;
    readonly customerId?: string;
    readonly priority: TicketPriority;
    readonly type: TicketType;
    readonly tags: readonly string[];
    readonly mail?: MailThreading;
    readonly policy: SlaPolicy;
  }
>;
export type AssignTicket = Command<
  'AssignTicket',
  { readonly agentId: string; readonly teamId?: string }
>;
/** The statuses an agent sets directly; the others follow from assign, resolve, close, reopen. */
export type SetTicketStatus = Command<
  'SetTicketStatus',
  { readonly status: 'in_progress' | 'waiting_on_customer' | 'waiting_on_third_party' }
>;
export type ReplyToCustomer = Command<
  'ReplyToCustomer',
  { readonly agentId: string; readonly body: string; readonly mail?: MailThreading }
>;
export type AddInternalNote = Command<
  'AddInternalNote',
  { readonly agentId: string; readonly body: string }
>;
export type ReceiveCustomerMessage = Command<
  'ReceiveCustomerMessage',
  { readonly body: string; readonly mail?: MailThreading; readonly reopenWindowDays: number }
>;
export type ChangePriority = Command<
  'ChangePriority',
  { readonly priority: TicketPriority; readonly policy: SlaPolicy }
>;
export type ClassifyTicket = Command<
  'ClassifyTicket',
  { readonly type: TicketType; readonly tags: readonly string[]; readonly policy: SlaPolicy }
>;
export type RecordComplaintAnalysis = Command<
  'RecordComplaintAnalysis',
  { readonly rootCause: string; readonly remedy: string }
>;
export type ResolveTicket = Command<'ResolveTicket', { readonly resolution: string }>;
export type CloseTicket = Command<'CloseTicket', Record<never, never>>;
export type ReopenTicket = Command<'ReopenTicket', { readonly reopenWindowDays: number }>;
export type LinkCustomer = Command<'LinkCustomer', { readonly customerId: string }>;
/** Sent by the SLA timers; decides nothing when the clock moved since the timer was set. */
export type CheckSla = Command<'CheckSla', { readonly milestone: SlaMilestone }>;
/**
 * Sent by the escalation timers: runs the next level of the milestone's ladder when it is due.
 * `raisedPolicy` is the policy matched for the raised priority, when the level raises it.
 */
export type EscalateSla = Command<
  'EscalateSla',
  { readonly milestone: SlaMilestone; readonly raisedPolicy?: SlaPolicy }
>;

/**
 * Merging duplicates, first step, on the survivor: it takes the duplicate's mail thread, customer
 * and tags (facts read from the duplicate by the application).
 */
export type AbsorbDuplicate = Command<
  'AbsorbDuplicate',
  {
    readonly duplicateTicketId: string;
    readonly messageIds: readonly string[];
    readonly customerId?: string;
    readonly tags: readonly string[];
  }
>;
/** Merging duplicates, second step, on the duplicate: closed, pointing at the survivor. */
export type MergeIntoTicket = Command<'MergeIntoTicket', { readonly intoTicketId: string }>;

/** From the signed survey link; the link's signature is checked by the service before this. */
export type AnswerCsatSurvey = Command<
  'AnswerCsatSurvey',
  { readonly surveyId: string; readonly score: number; readonly comment?: string }
>;

/** From the automatic-reply mailer, once the mail went out; recorded once per ticket. */
export type RecordAutoReply = Command<
  'RecordAutoReply',
  {
    readonly articles: readonly { readonly articleId: string; readonly locale: string }[];
    readonly messageId: string;
  }
>;

export type TicketCommand =
  | OpenTicket
  | AssignTicket
  | SetTicketStatus
  | ReplyToCustomer
  | AddInternalNote
  | ReceiveCustomerMessage
  | ChangePriority
  | ClassifyTicket
  | RecordComplaintAnalysis
  | ResolveTicket
  | CloseTicket
  | ReopenTicket
  | LinkCustomer
  | CheckSla
  | AnswerCsatSurvey
  | EscalateSla
  | AbsorbDuplicate
  | MergeIntoTicket
  | RecordAutoReply;
