// State of the Ticket aggregate, rebuilt from its events. The SLA part is a history (policies,
// statuses, milestone spans), not a set of deadlines, so the clocks can be asked as of any instant.
import type { SlaHistory } from '../sla/sla-clock';
import type { TicketEvent } from './ticket.events';
import type { TicketChannel, TicketPriority, TicketStatus, TicketType } from './ticket.types';

export interface ExistingTicket {
  readonly status: TicketStatus;
  readonly ticketId: string;
  readonly channel: TicketChannel;
  readonly subject: string;
  readonly requesterEmail?: string;
  readonly customerId?: string;
  /** Whose key encrypts this ticket's personal fields (fixed at opening). */
  readonly dataSubjectId: string;
  readonly priority: TicketPriority;
  readonly type: TicketType;
  readonly tags: readonly string[];
  readonly assigneeId?: string;
  readonly teamId?: string;
  readonly complaint: { readonly rootCause?: string; readonly remedy?: string };
  readonly resolvedAt?: number;
  /** Message-IDs of the thread, to recognise a repeated delivery of the same mail. */
  readonly messageIds: readonly string[];
  readonly sla: SlaHistory;
  /** `<kind>:<milestone>:<cycle start>` of warnings and breaches already recorded. */
  readonly slaAlerts: readonly string[];
  /** `<milestone>:<cycle start>:<level>` of the escalation levels already run. */
  readonly escalations: readonly string[];
  /** Tickets merged into this one, oldest first. */
  readonly mergedTicketIds: readonly string[];
  /** Set once this ticket was merged into another (it is closed then). */
  readonly mergedInto?: string;
  /** Satisfaction surveys: one per resolution (its ISO instant), with the score once answered. */
  readonly surveys: Readonly<Record<string, number | null>>;
  /** The automatic reply's Message-ID, once it went out (one per ticket). */
  readonly autoReplyMessageId?: string;
}

export type TicketState = { readonly status: 'absent' } | ExistingTicket;

export const initialTicketState: TicketState = { status: 'absent' };

export function isExisting(state: TicketState): state is ExistingTicket {
  return state.status !== 'absent';
}

export function slaAlertKey(
  kind: 'warning' | 'breach',
  milestone: string,
  cycleStartedAt: string,
): string {
  return `${kind}:${milestone}:${cycleStartedAt}`;
}

function withStatus(ticket: ExistingTicket, status: TicketStatus, at: number): ExistingTicket {
  if (ticket.status === status) return ticket;
  return {
    ...ticket,
    status,
    sla: { ...ticket.sla, statuses: [...ticket.sla.statuses, { at, status }] },
  };
}

function withMessageId(ticket: ExistingTicket, messageId: string | undefined): readonly string[] {
  return messageId ? [...ticket.messageIds, messageId] : ticket.messageIds;
}

export function evolveTicket(state: TicketState, event: TicketEvent): TicketState {
  const at = Date.parse(event.data.at);
  if (event.type === 'service-desk.TicketOpened') {
    const { data } = event;
    return {
      status: 'new',
      ticketId: data.ticketId,
      channel: data.channel,
      subject: data.subject,
      ...(data.requesterEmail !== undefined && { requesterEmail: data.requesterEmail }),
      ...(data.customerId !== undefined && { customerId: data.customerId }),
      dataSubjectId: data.dataSubjectId,
      priority: data.priority,
      type: data.type,
      tags: data.tags,
      complaint: {},
      messageIds: data.mail ? [data.mail.messageId] : [],
      sla: {
        policies: [],
        statuses: [{ at, status: 'new' }],
        milestones: { firstResponse: { startedAt: at }, resolution: { startedAt: at } },
      },
      slaAlerts: [],
      escalations: [],
      mergedTicketIds: [],
      surveys: {},
    };
  }
  if (!isExisting(state)) return state;
  const ticket = state;
  const { milestones } = ticket.sla;
  switch (event.type) {
    case 'service-desk.SlaPolicyApplied':
      return {
        ...ticket,
        sla: {
          ...ticket.sla,
          policies: [...ticket.sla.policies, { at, policy: event.data.policy }],
        },
      };
    case 'service-desk.TicketAssigned':
      return {
        ...ticket,
        assigneeId: event.data.agentId,
        ...(event.data.teamId !== undefined && { teamId: event.data.teamId }),
      };
    case 'service-desk.TicketStatusChanged':
      return withStatus(ticket, event.data.to, at);
    case 'service-desk.AgentReplied': {
      // A public reply meets the first response, or else the pending next response.
      const first = milestones.firstResponse;
      const next = milestones.nextResponse;
      const stopped =
        first && first.stoppedAt === undefined
          ? { firstResponse: { ...first, stoppedAt: at } }
          : next && next.stoppedAt === undefined
            ? { nextResponse: { ...next, stoppedAt: at } }
            : {};
      return {
        ...ticket,
        messageIds: withMessageId(ticket, event.data.mail?.messageId),
        sla: { ...ticket.sla, milestones: { ...milestones, ...stopped } },
      };
    }
    case 'service-desk.CustomerMessageReceived': {
      // Every customer message after the first response starts a next-response cycle, unless one
      // is already waiting (the oldest unanswered message sets the clock).
      const firstAnswered = milestones.firstResponse?.stoppedAt !== undefined;
      const nextPending =
        milestones.nextResponse !== undefined && milestones.nextResponse.stoppedAt === undefined;
      const restart = firstAnswered && !nextPending ? { nextResponse: { startedAt: at } } : {};
      return {
        ...ticket,
        messageIds: withMessageId(ticket, event.data.mail?.messageId),
        sla: { ...ticket.sla, milestones: { ...milestones, ...restart } },
      };
    }
    case 'service-desk.InternalNoteAdded':
      return ticket;
    case 'service-desk.TicketPriorityChanged':
      return { ...ticket, priority: event.data.priority };
    case 'service-desk.TicketClassified':
      return { ...ticket, type: event.data.type, tags: event.data.tags };
    case 'service-desk.ComplaintAnalysed':
      return {
        ...ticket,
        complaint: { rootCause: event.data.rootCause, remedy: event.data.remedy },
      };
    case 'service-desk.TicketResolved': {
      const resolution = milestones.resolution;
      const resolved = withStatus(ticket, 'resolved', at);
      return {
        ...resolved,
        resolvedAt: at,
        surveys: { ...ticket.surveys, [event.data.at]: null },
        sla: {
          ...resolved.sla,
          milestones: {
            ...milestones,
            ...(resolution && { resolution: { ...resolution, stoppedAt: at } }),
          },
        },
      };
    }
    case 'service-desk.TicketClosed':
      return withStatus(ticket, 'closed', at);
    case 'service-desk.TicketReopened': {
      const reopened = withStatus(ticket, 'in_progress', at);
      const resolution = milestones.resolution;
      const { resolvedAt: _resolvedAt, ...rest } = reopened;
      return {
        ...rest,
        sla: {
          ...reopened.sla,
          milestones: {
            ...milestones,
            ...(resolution && { resolution: { startedAt: resolution.startedAt } }),
          },
        },
      };
    }
    case 'service-desk.CustomerLinked':
      return { ...ticket, customerId: event.data.customerId };
    case 'service-desk.SlaWarningReached':
      return {
        ...ticket,
        slaAlerts: [
          ...ticket.slaAlerts,
          slaAlertKey('warning', event.data.milestone, event.data.cycleStartedAt),
        ],
      };
    case 'service-desk.SlaBreached':
      return {
        ...ticket,
        slaAlerts: [
          ...ticket.slaAlerts,
          slaAlertKey('breach', event.data.milestone, event.data.cycleStartedAt),
        ],
      };
    case 'service-desk.SlaEscalated':
      return {
        ...ticket,
        escalations: [
          ...ticket.escalations,
          `${event.data.milestone}:${event.data.cycleStartedAt}:${event.data.level}`,
        ],
      };
    case 'service-desk.DuplicateTicketMerged': {
      const { duplicateTicketId, messageIds, customerId, tags } = event.data;
      return {
        ...ticket,
        mergedTicketIds: [...ticket.mergedTicketIds, duplicateTicketId],
        messageIds: [...ticket.messageIds, ...messageIds],
        tags,
        ...(customerId !== undefined && { customerId }),
      };
    }
    case 'service-desk.TicketMerged':
      return { ...withStatus(ticket, 'closed', at), mergedInto: event.data.intoTicketId };
    case 'service-desk.CsatAnswered':
      return { ...ticket, surveys: { ...ticket.surveys, [event.data.surveyId]: event.data.score } };
    case 'service-desk.AutoReplySent':
      return { ...ticket, autoReplyMessageId: event.data.messageId };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
