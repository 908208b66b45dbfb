// First responses for reports (docs/reports.md, first-response percentiles): one document per
// ticket, written at its first public agent reply and never moved by a later one, because the
// desk's queue read model keeps the last reply only. Automatic replies are not responses.
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';
import {
  REPORT_TICKET_RESPONSES_MODEL,
  REPORT_TICKET_RESPONSES_PROJECTION,
} from '@crm/reports/read-models';
import type { TicketEvent } from '@crm/service-desk-domain';

type AgentReplied = Extract<TicketEvent, { type: 'service-desk.AgentReplied' }>;

export function projectTicketResponse(envelope: EventEnvelope): ReadModelChange | undefined {
  if (envelope.type !== 'service-desk.AgentReplied') return undefined;
  const d = envelope.data as AgentReplied['data'];
  // Only the insert carries the reply: a later reply updates the version, not the first reply.
  return upsert(REPORT_TICKET_RESPONSES_MODEL, d.ticketId, {
    set: { tenantId: envelope.tenantId, version: envelope.streamVersion },
    setOnInsert: { firstReplyAt: d.at, firstReplyBy: d.agentId },
  });
}

export const reportTicketResponsesProjection = defineProjection({
  name: REPORT_TICKET_RESPONSES_PROJECTION,
  version: 1,
  eventTypes: ['service-desk.AgentReplied'],
  readModels: [REPORT_TICKET_RESPONSES_MODEL],
  onPoison: 'halt',
  source: 'store',
  project: projectTicketResponse,
});
