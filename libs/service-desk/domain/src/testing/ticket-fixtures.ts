// Builders of ticket commands and events for tests.
import type { SlaPolicy } from '../sla/sla-policy';
import type { OpenTicket } from '../ticket/ticket.commands';
import type { TicketEvent } from '../ticket/ticket.events';
import type { TicketStatus } from '../ticket/ticket.types';
import { standardPolicy } from './sla-fixtures';

export const TICKET_ID = 'T-1';

export function openTicket(
  at: string,
  overrides: Partial<OpenTicket['data']> = {},
  policy: SlaPolicy = standardPolicy(),
): OpenTicket {
  return {
    type: 'OpenTicket',
    data: {
      ticketId: TICKET_ID,
      at,
      channel: 'email',
      subject: 'My order arrived broken',
      body: 'The vase was in pieces.',
      requesterEmail: 'ada@example.com',
      priority: 'normal',
      type: 'question',
      tags: [],
      policy,
      ...overrides,
    },
  };
}

export function opened(
  at: string,
  overrides: Partial<OpenTicket['data']> = {},
  policy: SlaPolicy = standardPolicy(),
): TicketEvent[] {
  const { policy: _policy, ...data } = openTicket(at, overrides, policy).data;
  return [
    {
      type: 'service-desk.TicketOpened',
      data: { ...data, dataSubjectId: data.customerId ?? TICKET_ID },
    },
    {
      type: 'service-desk.SlaPolicyApplied',
      data: { ticketId: TICKET_ID, at, policy, reason: 'opened' },
    },
  ];
}

export function assigned(at: string, agentId = 'agent-1', teamId?: string): TicketEvent[] {
  return [
    {
      type: 'service-desk.TicketAssigned',
      data: { ticketId: TICKET_ID, at, agentId, ...(teamId !== undefined && { teamId }) },
    },
    {
      type: 'service-desk.TicketStatusChanged',
      data: { ticketId: TICKET_ID, at, from: 'new', to: 'assigned' },
    },
  ];
}

export function statusChanged(at: string, from: TicketStatus, to: TicketStatus): TicketEvent {
  return {
    type: 'service-desk.TicketStatusChanged',
    data: { ticketId: TICKET_ID, at, from, to },
  };
}
