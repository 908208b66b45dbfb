// One parser per command RPC: the generated proto request in, a typed ticket request out (or every
// field violation at once). The domain command itself is built on the ticket's current state, since
// the SLA policy is matched on the ticket's priority, type and tags as they will be.
import type { ServiceCaller } from '@crm/access-policy';
import type * as P from '@crm/contracts/service-desk-grpc';
import {
  SERVICE_DESK_LIMITS,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_TYPES,
  isExisting,
  type SlaPolicy,
  type TicketCommand,
  type TicketPriority,
  type TicketState,
  type TicketType,
} from '@crm/service-desk-domain';
import { authorIdOf } from '../application/caller-access';
import { parseRequest } from './request-reader';

export interface ParseContext {
  readonly caller: ServiceCaller;
  readonly reopenWindowDays: number;
  policyFor(ticket: {
    priority: TicketPriority;
    type: TicketType;
    tags: readonly string[];
  }): SlaPolicy;
  /** The ticket id to use when the request names none. */
  newTicketId(): string;
}

export interface ParsedTicketRequest {
  readonly ticketId: string;
  readonly createdId?: string;
  readonly request: {
    readonly rpc: string;
    readonly fields: object;
    readonly build: (state: TicketState, at: string) => TicketCommand;
  };
}

const SETTABLE = ['in_progress', 'waiting_on_customer', 'waiting_on_third_party'] as const;

/** The ticket as it stands, for commands that depend on it (a missing one fails in the decider). */
function current(state: TicketState): {
  priority: TicketPriority;
  type: TicketType;
  tags: readonly string[];
} {
  return isExisting(state) ? state : { priority: 'normal', type: 'question', tags: [] };
}

function on(
  ticketId: string,
  rpc: string,
  fields: object,
  build: ParsedTicketRequest['request']['build'],
): ParsedTicketRequest {
  return { ticketId, request: { rpc, fields, build } };
}

/**
 * A ticket opened without a customer but with the caller's phone number is linked to the one
 * customer holding that number (`phoneOwner`); an unknown number leaves it unlinked (LinkCustomer
 * later). The number itself is not kept on the ticket.
 */
export async function parseOpenTicket(
  req: P.OpenTicketRequest__Output,
  c: ParseContext,
  phoneOwner: (phone: string) => Promise<string | undefined>,
): Promise<ParsedTicketRequest> {
  const { requesterPhone, ...fields } = parseRequest((r) => ({
    ticketId: r.id('ticketId', req.ticketId),
    channel: r.enumValue('channel', req.channel, 'TICKET_CHANNEL_', TICKET_CHANNELS),
    subject: r.requiredText('subject', req.subject, SERVICE_DESK_LIMITS.subject),
    body: r.requiredText('body', req.body, SERVICE_DESK_LIMITS.body),
    requesterEmail: r.email('requesterEmail', req.requesterEmail),
    customerId: r.id('customerId', req.customerId),
    priority: r.enumValue('priority', req.priority, 'TICKET_PRIORITY_', TICKET_PRIORITIES),
    type: r.enumValue('type', req.type, 'TICKET_TYPE_', TICKET_TYPES),
    tags: r.tags('tags', req.tags),
    requesterPhone: r.phone('requesterPhone', req.requesterPhone),
  }));
  const ticketId = fields.ticketId ?? c.newTicketId();
  const { ticketId: _given, requesterEmail, customerId: given, ...rest } = fields;
  const customerId =
    given ?? (requesterPhone === undefined ? undefined : await phoneOwner(requesterPhone));
  return {
    ticketId,
    createdId: ticketId,
    request: {
      rpc: 'OpenTicket',
      fields: { ...fields, ticketId },
      build: (_state, at) => ({
        type: 'OpenTicket',
        data: {
          ...rest,
          ticketId,
          at,
          ...(requesterEmail !== undefined && { requesterEmail }),
          ...(customerId !== undefined && { customerId }),
          policy: c.policyFor(fields),
        },
      }),
    },
  };
}

export function parseAssignTicket(req: P.AssignTicketRequest__Output): ParsedTicketRequest {
  const f = parseRequest((r) => ({
    ticketId: r.requiredId('ticketId', req.ticketId),
    agentId: r.requiredId('agentId', req.agentId),
    teamId: r.id('teamId', req.teamId),
  }));
  return on(f.ticketId, 'AssignTicket', f, (_s, at) => ({
    type: 'AssignTicket',
    data: {
      ticketId: f.ticketId,
      at,
      agentId: f.agentId,
      ...(f.teamId !== undefined && { teamId: f.teamId }),
    },
  }));
}

export function parseSetTicketStatus(req: P.SetTicketStatusRequest__Output): ParsedTicketRequest {
  const f = parseRequest((r) => ({
    ticketId: r.requiredId('ticketId', req.ticketId),
    status: r.enumValue('status', req.status, 'SETTABLE_STATUS_', SETTABLE),
  }));
  return on(f.ticketId, 'SetTicketStatus', f, (_s, at) => ({
    type: 'SetTicketStatus',
    data: { ...f, at },
  }));
}

export function parseReplyToCustomer(
  req: P.ReplyToCustomerRequest__Output,
  c: ParseContext,
): ParsedTicketRequest {
  const f = parseRequest((r) => ({
    ticketId: r.requiredId('ticketId', req.ticketId),
    body: r.requiredText('body', req.body, SERVICE_DESK_LIMITS.body),
  }));
  return on(f.ticketId, 'ReplyToCustomer', f, (_s, at) => ({
    type: 'ReplyToCustomer',
    data: { ...f, at, agentId: authorIdOf(c.caller) },
  }));
}

export function parseAddInternalNote(
  req: P.AddInternalNoteRequest__Output,
  c: ParseContext,
): ParsedTicketRequest {
  const f = parseRequest((r) => ({
    ticketId: r.requiredId('ticketId', req.ticketId),
    body: r.requiredText('body', req.body, SERVICE_DESK_LIMITS.body),
  }));
  return on(f.ticketId, 'AddInternalNote', f, (_s, at) => ({
    type: 'AddInternalNote',
    data: { ...f, at, agentId: authorIdOf(c.caller) },
  }));
}

export function parseRecordCustomerMessage(
  req: P.RecordCustomerMessageRequest__Output,
  c: ParseContext,
): ParsedTicketRequest {
  const f = parseRequest((r) => ({
    ticketId: r.requiredId('ticketId', req.ticketId),
    body: r.requiredText('body', req.body, SERVICE_DESK_LIMITS.body),
  }));
  return on(f.ticketId, 'RecordCustomerMessage', f, (_s, at) => ({
    type: 'ReceiveCustomerMessage',
    data: { ...f, at, reopenWindowDays: c.reopenWindowDays },
  }));
}

export function parseChangePriority(
  req: P.ChangePriorityRequest__Output,
  c: ParseContext,
): ParsedTicketRequest {
  const f = parseRequest((r) => ({
    ticketId: r.requiredId('ticketId', req.ticketId),
    priority: r.enumValue('priority', req.priority, 'TICKET_PRIORITY_', TICKET_PRIORITIES),
  }));
  return on(f.ticketId, 'ChangePriority', f, (state, at) => ({
    type: 'ChangePriority',
    data: { ...f, at, policy: c.policyFor({ ...current(state), priority: f.priority }) },
  }));
}

export function parseClassifyTicket(
  req: P.ClassifyTicketRequest__Output,
  c: ParseContext,
): ParsedTicketRequest {
  const f = parseRequest((r) => ({
    ticketId: r.requiredId('ticketId', req.ticketId),
    type: r.enumValue('type', req.type, 'TICKET_TYPE_', TICKET_TYPES),
    tags: r.tags('tags', req.tags),
  }));
  return on(f.ticketId, 'ClassifyTicket', f, (state, at) => ({
    type: 'ClassifyTicket',
    data: { ...f, at, policy: c.policyFor({ ...current(state), type: f.type, tags: f.tags }) },
  }));
}

export function parseRecordComplaintAnalysis(
  req: P.RecordComplaintAnalysisRequest__Output,
): ParsedTicketRequest {
  const f = parseRequest((r) => ({
    ticketId: r.requiredId('ticketId', req.ticketId),
    rootCause: r.requiredText('rootCause', req.rootCause, SERVICE_DESK_LIMITS.reason),
    remedy: r.requiredText('remedy', req.remedy, SERVICE_DESK_LIMITS.reason),
  }));
  return on(f.ticketId, 'RecordComplaintAnalysis', f, (_s, at) => ({
    type: 'RecordComplaintAnalysis',
    data: { ...f, at },
  }));
}

export function parseResolveTicket(req: P.ResolveTicketRequest__Output): ParsedTicketRequest {
  const f = parseRequest((r) => ({
    ticketId: r.requiredId('ticketId', req.ticketId),
    resolution: r.requiredText('resolution', req.resolution, SERVICE_DESK_LIMITS.reason),
  }));
  return on(f.ticketId, 'ResolveTicket', f, (_s, at) => ({
    type: 'ResolveTicket',
    data: { ...f, at },
  }));
}

export function parseCloseTicket(req: P.CloseTicketRequest__Output): ParsedTicketRequest {
  const f = parseRequest((r) => ({ ticketId: r.requiredId('ticketId', req.ticketId) }));
  return on(f.ticketId, 'CloseTicket', f, (_s, at) => ({
    type: 'CloseTicket',
    data: { ...f, at },
  }));
}

export function parseReopenTicket(
  req: P.ReopenTicketRequest__Output,
  c: ParseContext,
): ParsedTicketRequest {
  const f = parseRequest((r) => ({ ticketId: r.requiredId('ticketId', req.ticketId) }));
  return on(f.ticketId, 'ReopenTicket', f, (_s, at) => ({
    type: 'ReopenTicket',
    data: { ...f, at, reopenWindowDays: c.reopenWindowDays },
  }));
}

export function parseLinkCustomer(req: P.LinkCustomerRequest__Output): ParsedTicketRequest {
  const f = parseRequest((r) => ({
    ticketId: r.requiredId('ticketId', req.ticketId),
    customerId: r.requiredId('customerId', req.customerId),
  }));
  return on(f.ticketId, 'LinkCustomer', f, (_s, at) => ({
    type: 'LinkCustomer',
    data: { ...f, at },
  }));
}
