// Ticket history for reports (docs/reports.md, first response and tickets as of an instant): one
// document per ticket with every fact reports date (opening priority, status moves, resolution,
// reopening, priority changes, assignments, public agent replies) under its stream version. The
// desk's queue read model keeps the current values and the last reply only. Automatic replies are
// not responses.
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';
import {
  REPORT_TICKET_HISTORY_MODEL,
  REPORT_TICKET_HISTORY_PROJECTION,
  type TicketFact,
} from '@crm/reports/read-models';
import { ticketIdFromStreamId, type TicketEvent } from '@crm/service-desk-domain';

/** The fact an event states, or undefined for events reports do not date. */
function factOf(event: TicketEvent): TicketFact | undefined {
  const at = event.data.at;
  switch (event.type) {
    case 'service-desk.TicketOpened':
      return { kind: 'opened', at, priority: event.data.priority };
    case 'service-desk.TicketStatusChanged':
      return { kind: 'status', at, status: event.data.to };
    case 'service-desk.TicketResolved':
      return { kind: 'resolved', at };
    case 'service-desk.TicketClosed':
    case 'service-desk.TicketMerged':
      return { kind: 'status', at, status: 'closed' };
    case 'service-desk.TicketReopened':
      return { kind: 'reopened', at };
    case 'service-desk.TicketPriorityChanged':
      return { kind: 'priority', at, priority: event.data.priority };
    case 'service-desk.TicketAssigned':
      return {
        kind: 'assigned',
        at,
        assigneeId: event.data.agentId,
        ...(event.data.teamId !== undefined && { teamId: event.data.teamId }),
      };
    case 'service-desk.AgentReplied':
      return { kind: 'replied', at, agentId: event.data.agentId };
    case 'service-desk.AutoReplySent':
    case 'service-desk.ComplaintAnalysed':
    case 'service-desk.CsatAnswered':
    case 'service-desk.CustomerLinked':
    case 'service-desk.CustomerMessageReceived':
    case 'service-desk.DuplicateTicketMerged':
    case 'service-desk.InternalNoteAdded':
    case 'service-desk.SlaBreached':
    case 'service-desk.SlaEscalated':
    case 'service-desk.SlaPolicyApplied':
    case 'service-desk.SlaWarningReached':
    case 'service-desk.TicketClassified':
      return undefined;
    default: {
      // Events added to the union later are not dated here until a report needs them.
      const unhandled: never = event;
      void unhandled;
      return undefined;
    }
  }
}

export const TICKET_HISTORY_EVENT_TYPES = [
  'service-desk.TicketOpened',
  'service-desk.TicketStatusChanged',
  'service-desk.TicketResolved',
  'service-desk.TicketClosed',
  'service-desk.TicketMerged',
  'service-desk.TicketReopened',
  'service-desk.TicketPriorityChanged',
  'service-desk.TicketAssigned',
  'service-desk.AgentReplied',
] as const;

export function projectTicketHistory(envelope: EventEnvelope): ReadModelChange | undefined {
  const ticketId = ticketIdFromStreamId(envelope.streamId);
  if (!ticketId) return undefined;
  const fact = factOf({ type: envelope.type, data: envelope.data } as TicketEvent);
  if (!fact) return undefined;
  return upsert(REPORT_TICKET_HISTORY_MODEL, ticketId, {
    set: {
      tenantId: envelope.tenantId,
      [`facts.${envelope.streamVersion}`]: fact,
      version: envelope.streamVersion,
    },
  });
}

export const reportTicketHistoryProjection = defineProjection({
  name: REPORT_TICKET_HISTORY_PROJECTION,
  version: 1,
  eventTypes: [...TICKET_HISTORY_EVENT_TYPES],
  readModels: [REPORT_TICKET_HISTORY_MODEL],
  onPoison: 'halt',
  source: 'store',
  project: projectTicketHistory,
});
