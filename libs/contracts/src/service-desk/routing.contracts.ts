// Public contracts of ticket routing (stream `service-desk.Routing-<tenantId>`, topic
// crm.service-desk.events): which agent a new ticket was routed to and under which strategy, why
// nobody could take it, and when it stopped counting against its agent. No personal data.
import type { EventContract } from '../event-contract';
import { enumOf, id, instant } from '../customers/customers-schema-parts';
import { serviceDeskContractOf } from './service-desk-contract';

const routing = serviceDeskContractOf({
  properties: { ticketId: id, at: instant },
  example: { ticketId: 'T-0190a000-0000-7000-8000-000000000001', at: '2026-12-07T08:00:00.000Z' },
});

export const ROUTING_EVENT_CONTRACTS: readonly EventContract[] = [
  routing(
    'TicketRouted',
    "A new ticket was routed to an agent of the team that takes it, by the team's strategy and within the agent's capacity; the ticket's TicketAssigned follows.",
    { teamId: id, agentId: id, strategy: enumOf(['round_robin', 'fewest_open', 'skills']) },
    ['teamId', 'agentId', 'strategy'],
    { teamId: 'desk-a', agentId: 'agent-1', strategy: 'round_robin' },
  ),
  routing(
    'TicketRoutingFailed',
    'Nobody could take a new ticket: no team takes it, every eligible agent is at capacity, or no agent has the skills it needs. It waits in the queue unassigned.',
    {
      teamId: id,
      reason: enumOf(['no_team_matched', 'all_at_capacity', 'no_agent_with_skills']),
    },
    ['reason'],
    { teamId: 'desk-a', reason: 'all_at_capacity' },
  ),
  routing(
    'RoutedTicketReleased',
    'A routed ticket no longer counts against its agent (resolved, closed or assigned to someone else).',
    { teamId: id, agentId: id },
    ['teamId', 'agentId'],
    { teamId: 'desk-a', agentId: 'agent-1' },
  ),
];
