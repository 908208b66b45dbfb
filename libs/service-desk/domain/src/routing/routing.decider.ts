// The Routing aggregate of a tenant (stream `service-desk.Routing-<tenantId>`): which agent holds
// each routed, still open ticket and where round robin stopped per team, so routing decisions are
// serialised by the stream's optimistic concurrency and every one is an event. The ticket itself
// is assigned by the router reactor from `TicketRouted` (an ordinary `AssignTicket`).
import type { Decider } from '@crm/event-sourcing';
import {
  pickAgent,
  teamFor,
  type RoutingFailureReason,
  type RoutingStrategy,
  type RoutingTeam,
  type TicketToRoute,
} from './ticket-routing';

interface Message<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data & { readonly ticketId: string; readonly at: string };
}

/** The teams arrive from the service's configuration, already checked (defineRoutingTeams). */
export type RouteTicket = Message<
  'RouteTicket',
  { readonly ticket: TicketToRoute; readonly teams: readonly RoutingTeam[] }
>;
/** The ticket no longer counts against its agent (resolved, closed, or assigned to someone else). */
export type ReleaseRoutedTicket = Message<
  'ReleaseRoutedTicket',
  { readonly unlessAgentId?: string }
>;
export type RoutingCommand = RouteTicket | ReleaseRoutedTicket;

export type TicketRouted = Message<
  'service-desk.TicketRouted',
  { readonly teamId: string; readonly agentId: string; readonly strategy: RoutingStrategy }
>;
export type TicketRoutingFailed = Message<
  'service-desk.TicketRoutingFailed',
  { readonly teamId?: string; readonly reason: RoutingFailureReason }
>;
export type RoutedTicketReleased = Message<
  'service-desk.RoutedTicketReleased',
  { readonly teamId: string; readonly agentId: string }
>;
export type RoutingEvent = TicketRouted | TicketRoutingFailed | RoutedTicketReleased;

export interface RoutingState {
  /** Routed tickets still open: ticket → team and agent. */
  readonly open: Readonly<Record<string, { readonly teamId: string; readonly agentId: string }>>;
  /** Per team, the agent round robin last routed to. */
  readonly lastAgent: Readonly<Record<string, string>>;
}

export const initialRoutingState: RoutingState = { open: {}, lastAgent: {} };

/** Open routed tickets per agent of a team. */
export function openTicketsOf(state: RoutingState, teamId: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const held of Object.values(state.open))
    if (held.teamId === teamId) counts[held.agentId] = (counts[held.agentId] ?? 0) + 1;
  return counts;
}

function decide(command: RoutingCommand, state: RoutingState): readonly RoutingEvent[] {
  const { ticketId, at } = command.data;
  switch (command.type) {
    case 'RouteTicket': {
      if (state.open[ticketId]) return [];
      const team = teamFor(command.data.teams, command.data.ticket);
      if (!team)
        return [
          {
            type: 'service-desk.TicketRoutingFailed',
            data: { ticketId, at, reason: 'no_team_matched' },
          },
        ];
      const { teamId, strategy } = team;
      const pick = pickAgent(
        team,
        openTicketsOf(state, teamId),
        state.lastAgent[teamId],
        command.data.ticket,
      );
      return pick.outcome === 'routed'
        ? [
            {
              type: 'service-desk.TicketRouted',
              data: { ticketId, at, teamId, agentId: pick.agentId, strategy },
            },
          ]
        : [
            {
              type: 'service-desk.TicketRoutingFailed',
              data: { ticketId, at, teamId, reason: pick.reason },
            },
          ];
    }
    case 'ReleaseRoutedTicket': {
      const held = state.open[ticketId];
      if (!held || held.agentId === command.data.unlessAgentId) return [];
      return [{ type: 'service-desk.RoutedTicketReleased', data: { ticketId, at, ...held } }];
    }
    default: {
      const unhandled: never = command;
      return unhandled;
    }
  }
}

function evolve(state: RoutingState, event: RoutingEvent): RoutingState {
  switch (event.type) {
    case 'service-desk.TicketRouted': {
      const { ticketId, teamId, agentId } = event.data;
      return {
        open: { ...state.open, [ticketId]: { teamId, agentId } },
        lastAgent: { ...state.lastAgent, [teamId]: agentId },
      };
    }
    case 'service-desk.RoutedTicketReleased': {
      const { [event.data.ticketId]: _released, ...open } = state.open;
      return { ...state, open };
    }
    case 'service-desk.TicketRoutingFailed':
      return state;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

export const routingDecider: Decider<RoutingState, RoutingCommand, RoutingEvent> = {
  decide,
  evolve,
  initialState: initialRoutingState,
};
