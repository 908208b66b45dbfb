// The agent queue: one document per ticket with what a queue sorts and filters on (status,
// priority, type, tags, assignee, team, customer, SLA warnings and breaches, last activity). It
// reads no personal field (subjects are not personal; bodies and addresses stay in the store), so
// it runs on the raw store. Queries apply the ticket scope of libs/access-policy.
import { ticketIdFromStreamId, type TicketEvent } from '@crm/service-desk-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';
import { TICKET_QUEUE_MODEL, TICKET_QUEUE_PROJECTION } from '@crm/service-desk-read-models';

export { TICKET_QUEUE_MODEL, TICKET_QUEUE_PROJECTION };

export function projectTicketQueue(envelope: EventEnvelope): ReadModelChange[] {
  // Routing outcomes live on the tenant's routing stream and name their ticket.
  if (envelope.type === 'service-desk.TicketRoutingFailed') {
    const { ticketId, reason } = envelope.data as { ticketId: string; reason: string };
    return [
      upsert(TICKET_QUEUE_MODEL, ticketId, {
        set: { tenantId: envelope.tenantId, ticketId, routingFailure: reason },
      }),
    ];
  }
  const ticketId = ticketIdFromStreamId(envelope.streamId);
  if (!ticketId) return [];
  const event = { type: envelope.type, data: envelope.data } as TicketEvent;
  const at = event.data.at;
  const change = (
    set: Record<string, string | number | boolean | readonly string[]>,
    unset: string[] = [],
  ) => [
    upsert(TICKET_QUEUE_MODEL, ticketId, {
      set: { tenantId: envelope.tenantId, ticketId, lastActivityAt: at, ...set },
      ...(unset.length > 0 && { unset }),
    }),
  ];
  switch (event.type) {
    case 'service-desk.TicketOpened': {
      const d = event.data;
      return change({
        subject: d.subject,
        channel: d.channel,
        status: 'new',
        priority: d.priority,
        type: d.type,
        tags: d.tags,
        openedAt: at,
        ...(d.customerId !== undefined && { customerId: d.customerId }),
      });
    }
    case 'service-desk.SlaPolicyApplied':
      return change({ slaPolicyId: event.data.policy.policyId });
    case 'service-desk.TicketAssigned':
      return change(
        {
          assigneeId: event.data.agentId,
          ...(event.data.teamId !== undefined && { teamId: event.data.teamId }),
        },
        ['routingFailure'],
      );
    case 'service-desk.TicketStatusChanged':
      return change({ status: event.data.to });
    case 'service-desk.TicketResolved':
      return change({ status: 'resolved', resolvedAt: at });
    case 'service-desk.TicketClosed':
      return change({ status: 'closed' });
    case 'service-desk.TicketReopened':
      return change({ status: 'in_progress' }, ['resolvedAt']);
    case 'service-desk.TicketPriorityChanged':
      return change({ priority: event.data.priority });
    case 'service-desk.TicketClassified':
      return change({ type: event.data.type, tags: event.data.tags });
    case 'service-desk.CustomerLinked':
      return change({ customerId: event.data.customerId });
    case 'service-desk.AutoReplySent':
      return change({
        autoRepliedAt: at,
        autoReplyArticleIds: event.data.articles.map((a) => a.articleId),
      });
    case 'service-desk.AgentReplied':
      return change({ lastAgentReplyAt: at });
    case 'service-desk.CustomerMessageReceived':
      return change({ lastCustomerMessageAt: at });
    case 'service-desk.SlaWarningReached':
      return change({
        [`sla.${event.data.milestone}.warnedAt`]: at,
        [`sla.${event.data.milestone}.dueAt`]: event.data.dueAt,
      });
    case 'service-desk.SlaBreached':
      return change({ [`sla.${event.data.milestone}.breachedAt`]: event.data.breachedAt });
    // New event types (this one, routing failures): documents written before they existed are
    // what a rebuild gives, so the projection keeps its version.
    case 'service-desk.SlaEscalated':
      return change({ [`sla.${event.data.milestone}.escalationLevel`]: event.data.level });
    case 'service-desk.DuplicateTicketMerged':
      return change({
        tags: event.data.tags,
        ...(event.data.customerId !== undefined && { customerId: event.data.customerId }),
      });
    case 'service-desk.TicketMerged':
      return change({ status: 'closed', mergedInto: event.data.intoTicketId });
    case 'service-desk.InternalNoteAdded':
    case 'service-desk.ComplaintAnalysed':
      return change({});
    // Satisfaction has its own read model (service-desk-satisfaction); not subscribed here.
    case 'service-desk.CsatAnswered':
      return [];
    default: {
      const other: never = event;
      void other;
      return [];
    }
  }
}

export const ticketQueueProjection = defineProjection({
  name: TICKET_QUEUE_PROJECTION,
  version: 1,
  eventTypes: [
    'service-desk.TicketOpened',
    'service-desk.SlaPolicyApplied',
    'service-desk.TicketAssigned',
    'service-desk.TicketStatusChanged',
    'service-desk.TicketResolved',
    'service-desk.TicketClosed',
    'service-desk.TicketReopened',
    'service-desk.TicketPriorityChanged',
    'service-desk.TicketClassified',
    'service-desk.CustomerLinked',
    'service-desk.AutoReplySent',
    'service-desk.AgentReplied',
    'service-desk.CustomerMessageReceived',
    'service-desk.SlaWarningReached',
    'service-desk.SlaBreached',
    'service-desk.SlaEscalated',
    'service-desk.TicketRoutingFailed',
    'service-desk.DuplicateTicketMerged',
    'service-desk.TicketMerged',
    'service-desk.InternalNoteAdded',
    'service-desk.ComplaintAnalysed',
  ],
  readModels: [TICKET_QUEUE_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [TICKET_QUEUE_MODEL]: [
      { fields: { tenantId: 1, status: 1, priority: 1, lastActivityAt: -1 } },
      { fields: { tenantId: 1, assigneeId: 1, status: 1 } },
      { fields: { tenantId: 1, teamId: 1, status: 1 } },
    ],
  },
  project: projectTicketQueue,
});
