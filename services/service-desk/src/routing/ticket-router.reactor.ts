// Routing on ticket creation (ADR 0214). The reactor `service-desk.ticket-router` follows the
// ticket and routing events on the store's log:
//   TicketOpened                   → RouteTicket on the tenant's routing stream (team by match,
//                                    agent by the team's strategy within capacity)
//   TicketRouted                   → AssignTicket on the ticket (agent and team)
//   TicketAssigned to someone else,
//   TicketResolved, TicketClosed,
//   TicketMerged                   → ReleaseRoutedTicket (the agent's slot is free again)
// Each command carries the reaction's idempotency key (from the source event id), so redelivery
// and replay have one effect. Acts as `service-desk.ticket-router`.
import { Role, systemCaller } from '@crm/access-policy';
import {
  isExisting,
  type RoutingTeam,
  type TicketChannel,
  type TicketType,
} from '@crm/service-desk-domain';
import type { ReactorDefinition, Reaction } from '@crm/reactors';
import type { RequestMeta } from '../application/run-command';
import type { ServiceDeskApplication } from '../application/service-desk.application';
import type { RoutingApplication } from './routing.application';

export const TICKET_ROUTER = 'service-desk.ticket-router';

interface TicketEventData {
  readonly ticketId: string;
  readonly type?: TicketType;
  readonly channel?: TicketChannel;
  readonly tags?: readonly string[];
  readonly agentId?: string;
  readonly teamId?: string;
}

export function ticketRouter(
  tickets: ServiceDeskApplication,
  routing: RoutingApplication,
  teams: readonly RoutingTeam[],
): ReactorDefinition {
  const metaOf = (reaction: Reaction): RequestMeta => ({
    caller: systemCaller(reaction.actor.name, reaction.tenantId, [Role.ADMIN]),
    tenantId: reaction.tenantId,
    correlationId: reaction.correlationId,
    idempotencyKey: reaction.idempotencyKey,
  });
  return {
    name: TICKET_ROUTER,
    eventTypes: [
      'service-desk.TicketOpened',
      'service-desk.TicketRouted',
      'service-desk.TicketAssigned',
      'service-desk.TicketResolved',
      'service-desk.TicketClosed',
      'service-desk.TicketMerged',
    ],
    async react(event, reaction) {
      const data = event.data as TicketEventData;
      const { ticketId } = data;
      const meta = metaOf(reaction);
      switch (event.type) {
        case 'service-desk.TicketOpened':
          await routing.execute(meta, (at) => ({
            type: 'RouteTicket',
            data: {
              ticketId,
              at,
              ticket: {
                type: data.type ?? 'question',
                channel: data.channel ?? 'api',
                tags: data.tags ?? [],
              },
              teams,
            },
          }));
          return;
        case 'service-desk.TicketRouted': {
          const agentId = data.agentId ?? '';
          await tickets.execute(meta, ticketId, {
            rpc: 'AssignTicket',
            fields: { agentId, teamId: data.teamId },
            // Someone assigned it by hand meanwhile: their choice stands (the same assignment
            // again decides nothing).
            build: (state, at) => ({
              type: 'AssignTicket',
              data: {
                ticketId,
                at,
                ...(isExisting(state) && state.assigneeId !== undefined
                  ? {
                      agentId: state.assigneeId,
                      ...(state.teamId !== undefined && { teamId: state.teamId }),
                    }
                  : { agentId, ...(data.teamId !== undefined && { teamId: data.teamId }) }),
              },
            }),
          });
          return;
        }
        default:
          await routing.execute(meta, (at) => ({
            type: 'ReleaseRoutedTicket',
            data: {
              ticketId,
              at,
              ...(event.type === 'service-desk.TicketAssigned' &&
                data.agentId !== undefined && { unlessAgentId: data.agentId }),
            },
          }));
      }
    },
  };
}
