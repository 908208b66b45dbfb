// The Ticket decider: the status machine, public replies apart from internal notes, complaints
// that need a root cause and a remedy before resolution, reopening within a window, and the SLA
// checks the timers ask for (a warning or a breach is recorded once per milestone cycle, and only
// when the clock rebuilt from the events says it is due).
import type { Decider } from '@crm/event-sourcing';
import {
  ComplaintAnalysisMissingError,
  MergeCustomerMismatchError,
  MergeTargetNotOpenError,
  TicketMergedError,
  NotAComplaintError,
  ReopenWindowExpiredError,
  SurveyAlreadyAnsweredError,
  SurveyInvalidError,
  TicketAlreadyOpenedError,
  TicketClosedError,
  TicketNotFoundError,
  TicketTransitionError,
} from '../errors';
import { milestoneClockAt } from '../sla/sla-clock';
import { nextEscalation, raisedPriority } from '../sla/sla-escalation';
import type { TicketCommand } from './ticket.commands';
import type { TicketEvent, TicketStatusChanged } from './ticket.events';
import {
  evolveTicket,
  initialTicketState,
  isExisting,
  slaAlertKey,
  type ExistingTicket,
  type TicketState,
} from './ticket.state';
import type { TicketStatus } from './ticket.types';

const DAY_MS = 86_400_000;

/** Statuses from which an agent may move a ticket to each directly settable status. */
const WORKING_STATUSES: readonly TicketStatus[] = [
  'assigned',
  'in_progress',
  'waiting_on_customer',
  'waiting_on_third_party',
];
const OPEN_STATUSES: readonly TicketStatus[] = ['new', ...WORKING_STATUSES];

function statusChange(ticket: ExistingTicket, to: TicketStatus, at: string): TicketStatusChanged[] {
  return ticket.status === to
    ? []
    : [
        {
          type: 'service-desk.TicketStatusChanged',
          data: { ticketId: ticket.ticketId, at, from: ticket.status, to },
        },
      ];
}

function requireTicket(state: TicketState, ticketId: string): ExistingTicket {
  if (!isExisting(state)) throw new TicketNotFoundError(ticketId);
  return state;
}

function requireOpen(ticket: ExistingTicket, to: string): void {
  if (ticket.status === 'closed') throw new TicketClosedError(ticket.ticketId);
  if (!OPEN_STATUSES.includes(ticket.status)) throw new TicketTransitionError(ticket.status, to);
}

function withinReopenWindow(ticket: ExistingTicket, at: string, windowDays: number): void {
  const resolvedAt = ticket.resolvedAt ?? 0;
  if (Date.parse(at) - resolvedAt > windowDays * DAY_MS) {
    throw new ReopenWindowExpiredError(
      ticket.ticketId,
      new Date(resolvedAt).toISOString(),
      windowDays,
    );
  }
}

function decideSlaCheck(
  ticket: ExistingTicket,
  command: Extract<TicketCommand, { type: 'CheckSla' }>,
): TicketEvent[] {
  const { milestone, at, ticketId } = command.data;
  const span = ticket.sla.milestones[milestone];
  const clock = milestoneClockAt(ticket.sla, milestone, Date.parse(at));
  if (!span || !clock) return [];
  const cycleStartedAt = new Date(span.startedAt).toISOString();
  if (clock.state === 'breached') {
    if (ticket.slaAlerts.includes(slaAlertKey('breach', milestone, cycleStartedAt))) return [];
    return [
      {
        type: 'service-desk.SlaBreached',
        data: {
          ticketId,
          at,
          milestone,
          breachedAt: new Date(clock.breachedAt).toISOString(),
          cycleStartedAt,
        },
      },
    ];
  }
  if (clock.state === 'running' && clock.warnAt <= Date.parse(at)) {
    if (ticket.slaAlerts.includes(slaAlertKey('warning', milestone, cycleStartedAt))) return [];
    return [
      {
        type: 'service-desk.SlaWarningReached',
        data: {
          ticketId,
          at,
          milestone,
          dueAt: new Date(clock.dueAt).toISOString(),
          cycleStartedAt,
        },
      },
    ];
  }
  return [];
}

/**
 * Runs the next escalation level when it is due: records it, then its reassignment (with the move
 * to assigned of a new ticket) and its raised priority under the policy matched for it.
 */
function decideEscalation(
  ticket: ExistingTicket,
  command: Extract<TicketCommand, { type: 'EscalateSla' }>,
): TicketEvent[] {
  const { ticketId, at, milestone, raisedPolicy } = command.data;
  const due = nextEscalation(ticket, milestone, Date.parse(at));
  if (!due || due.dueAt > Date.parse(at)) return [];
  const { reassignTo, raisePriority } = due.step;
  const reassign =
    reassignTo && (reassignTo.agentId !== ticket.assigneeId || reassignTo.teamId !== ticket.teamId)
      ? reassignTo
      : undefined;
  const priority = raisePriority ? raisedPriority(ticket.priority) : undefined;
  const policy = priority ? raisedPolicy : undefined;
  const escalated: TicketEvent = {
    type: 'service-desk.SlaEscalated',
    data: {
      ticketId,
      at,
      milestone,
      level: due.level,
      cycleStartedAt: due.cycleStartedAt,
      notify: due.step.notify ?? [],
      ...(ticket.assigneeId !== undefined && { agentId: ticket.assigneeId }),
      ...(ticket.teamId !== undefined && { teamId: ticket.teamId }),
      ...(reassign && { reassignedTo: reassign }),
      ...(priority && policy && { priorityRaisedTo: priority }),
    },
  };
  return [
    escalated,
    ...(reassign
      ? [
          { type: 'service-desk.TicketAssigned' as const, data: { ticketId, at, ...reassign } },
          ...(ticket.status === 'new' ? statusChange(ticket, 'assigned', at) : []),
        ]
      : []),
    ...(priority && policy
      ? [
          { type: 'service-desk.TicketPriorityChanged' as const, data: { ticketId, at, priority } },
          {
            type: 'service-desk.SlaPolicyApplied' as const,
            data: { ticketId, at, policy, reason: 'priority_changed' as const },
          },
        ]
      : []),
  ];
}

/** The survivor takes the duplicate once; only an open ticket of the same customer (or none). */
function decideAbsorb(
  ticket: ExistingTicket,
  command: Extract<TicketCommand, { type: 'AbsorbDuplicate' }>,
): TicketEvent[] {
  const { ticketId, at, duplicateTicketId, messageIds, customerId, tags } = command.data;
  if (ticket.mergedTicketIds.includes(duplicateTicketId)) return [];
  if (!OPEN_STATUSES.includes(ticket.status))
    throw new MergeTargetNotOpenError(ticketId, ticket.status);
  if (
    customerId !== undefined &&
    ticket.customerId !== undefined &&
    customerId !== ticket.customerId
  )
    throw new MergeCustomerMismatchError(duplicateTicketId);
  return [
    {
      type: 'service-desk.DuplicateTicketMerged',
      data: {
        ticketId,
        at,
        duplicateTicketId,
        messageIds: messageIds.filter((id) => !ticket.messageIds.includes(id)),
        // Linked here only when the survivor had no customer yet.
        ...(customerId !== undefined && ticket.customerId === undefined && { customerId }),
        tags: [...new Set([...ticket.tags, ...tags])],
      },
    },
  ];
}

/** One answer per survey; the same click again decides nothing, another score is refused. */
function decideCsatAnswer(
  ticket: ExistingTicket,
  command: Extract<TicketCommand, { type: 'AnswerCsatSurvey' }>,
): TicketEvent[] {
  const { ticketId, at, surveyId, score, comment } = command.data;
  if (!(surveyId in ticket.surveys)) throw new SurveyInvalidError('no such survey on this ticket');
  const answered = ticket.surveys[surveyId];
  if (answered === score) return [];
  if (answered !== null && answered !== undefined) throw new SurveyAlreadyAnsweredError(ticketId);
  return [
    {
      type: 'service-desk.CsatAnswered',
      data: {
        ticketId,
        at,
        surveyId,
        score,
        ...(comment !== undefined && { comment }),
        dataSubjectId: ticket.dataSubjectId,
        ...(ticket.assigneeId !== undefined && { agentId: ticket.assigneeId }),
        ...(ticket.teamId !== undefined && { teamId: ticket.teamId }),
      },
    },
  ];
}

function decide(command: TicketCommand, state: TicketState): readonly TicketEvent[] {
  const { ticketId, at } = command.data;
  if (command.type === 'OpenTicket') {
    if (isExisting(state)) throw new TicketAlreadyOpenedError(ticketId);
    const { policy, ...data } = command.data;
    return [
      {
        type: 'service-desk.TicketOpened',
        data: { ...data, dataSubjectId: data.customerId ?? ticketId },
      },
      { type: 'service-desk.SlaPolicyApplied', data: { ticketId, at, policy, reason: 'opened' } },
    ];
  }
  const ticket = requireTicket(state, ticketId);
  switch (command.type) {
    case 'AssignTicket': {
      requireOpen(ticket, 'assigned');
      if (ticket.assigneeId === command.data.agentId && ticket.teamId === command.data.teamId)
        return [];
      return [
        { type: 'service-desk.TicketAssigned', data: command.data },
        ...(ticket.status === 'new' ? statusChange(ticket, 'assigned', at) : []),
      ];
    }
    case 'SetTicketStatus': {
      if (!WORKING_STATUSES.includes(ticket.status))
        throw new TicketTransitionError(ticket.status, command.data.status);
      return statusChange(ticket, command.data.status, at);
    }
    case 'ReplyToCustomer': {
      requireOpen(ticket, 'in_progress');
      // Replying is working on it: a new or assigned ticket moves to in progress.
      const moves =
        ticket.status === 'new' || ticket.status === 'assigned'
          ? statusChange(ticket, 'in_progress', at)
          : [];
      const reply = { ...command.data, dataSubjectId: ticket.dataSubjectId };
      return [{ type: 'service-desk.AgentReplied', data: reply }, ...moves];
    }
    case 'AddInternalNote':
      if (ticket.status === 'closed') throw new TicketClosedError(ticketId);
      return [
        {
          type: 'service-desk.InternalNoteAdded',
          data: { ...command.data, dataSubjectId: ticket.dataSubjectId },
        },
      ];
    case 'ReceiveCustomerMessage': {
      const { reopenWindowDays, ...data } = command.data;
      if (data.mail && ticket.messageIds.includes(data.mail.messageId)) return [];
      if (ticket.mergedInto !== undefined) throw new TicketMergedError(ticketId, ticket.mergedInto);
      if (ticket.status === 'closed') throw new TicketClosedError(ticketId);
      const received: TicketEvent = {
        type: 'service-desk.CustomerMessageReceived',
        data: { ...data, dataSubjectId: ticket.dataSubjectId },
      };
      if (ticket.status === 'resolved') {
        withinReopenWindow(ticket, at, reopenWindowDays);
        return [{ type: 'service-desk.TicketReopened', data: { ticketId, at } }, received];
      }
      // The customer answered: a ticket waiting on them is back in progress.
      const moves =
        ticket.status === 'waiting_on_customer' ? statusChange(ticket, 'in_progress', at) : [];
      return [received, ...moves];
    }
    case 'ChangePriority': {
      requireOpen(ticket, ticket.status);
      if (ticket.priority === command.data.priority) return [];
      return [
        {
          type: 'service-desk.TicketPriorityChanged',
          data: { ticketId, at, priority: command.data.priority },
        },
        {
          type: 'service-desk.SlaPolicyApplied',
          data: { ticketId, at, policy: command.data.policy, reason: 'priority_changed' },
        },
      ];
    }
    case 'ClassifyTicket': {
      requireOpen(ticket, ticket.status);
      const { policy, ...data } = command.data;
      const samePolicy =
        ticket.sla.policies[ticket.sla.policies.length - 1]?.policy.policyId === policy.policyId;
      return [
        { type: 'service-desk.TicketClassified', data },
        ...(samePolicy
          ? []
          : [
              {
                type: 'service-desk.SlaPolicyApplied' as const,
                data: { ticketId, at, policy, reason: 'reclassified' as const },
              },
            ]),
      ];
    }
    case 'RecordComplaintAnalysis':
      requireOpen(ticket, ticket.status);
      if (ticket.type !== 'complaint') throw new NotAComplaintError(ticketId);
      return [{ type: 'service-desk.ComplaintAnalysed', data: command.data }];
    case 'ResolveTicket': {
      if (!WORKING_STATUSES.includes(ticket.status))
        throw new TicketTransitionError(ticket.status, 'resolved');
      if (ticket.type === 'complaint') {
        const missing = (['rootCause', 'remedy'] as const).filter(
          (field) => !ticket.complaint[field],
        );
        if (missing.length > 0) throw new ComplaintAnalysisMissingError(missing);
      }
      return [{ type: 'service-desk.TicketResolved', data: command.data }];
    }
    case 'CloseTicket':
      if (ticket.status !== 'resolved') throw new TicketTransitionError(ticket.status, 'closed');
      return [{ type: 'service-desk.TicketClosed', data: { ticketId, at } }];
    case 'ReopenTicket':
      if (ticket.status === 'closed') throw new TicketClosedError(ticketId);
      if (ticket.status !== 'resolved')
        throw new TicketTransitionError(ticket.status, 'in_progress');
      withinReopenWindow(ticket, at, command.data.reopenWindowDays);
      return [{ type: 'service-desk.TicketReopened', data: { ticketId, at } }];
    case 'LinkCustomer':
      if (ticket.customerId === command.data.customerId) return [];
      return [{ type: 'service-desk.CustomerLinked', data: command.data }];
    case 'CheckSla':
      return decideSlaCheck(ticket, command);
    case 'AnswerCsatSurvey':
      return decideCsatAnswer(ticket, command);
    case 'EscalateSla':
      return decideEscalation(ticket, command);
    case 'AbsorbDuplicate':
      return decideAbsorb(ticket, command);
    case 'RecordAutoReply':
      return ticket.autoReplyMessageId === undefined
        ? [{ type: 'service-desk.AutoReplySent', data: command.data }]
        : [];
    case 'MergeIntoTicket':
      if (ticket.mergedInto === command.data.intoTicketId) return [];
      requireOpen(ticket, 'closed');
      return [{ type: 'service-desk.TicketMerged', data: command.data }];
    default: {
      const unhandled: never = command;
      return unhandled;
    }
  }
}

export const ticketDecider: Decider<TicketState, TicketCommand, TicketEvent> = {
  decide,
  evolve: evolveTicket,
  initialState: initialTicketState,
};
