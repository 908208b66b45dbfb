// Routing a new ticket to an agent as one pure function: the team's roster and strategy, the open
// tickets each agent holds and where round robin stopped in; one agent, or the reason nobody can
// take it, out (the service records that as TicketRoutingFailed, so no ticket waits unnoticed).
//
// Every strategy skips agents at capacity (open tickets ≥ capacity).
//   round_robin  the next eligible agent after the last one routed to, in roster order
//   fewest_open  the eligible agent holding the fewest open tickets (ties: roster order)
//   skills       the agents whose skills cover the ticket's tags that name a skill of the team
//                (other tags are not skills), then fewest open among them
import { ServiceDeskValidationError, type FieldViolation } from '../errors';
import { SERVICE_DESK_LIMITS } from '../service-desk.limits';
import {
  TICKET_CHANNELS,
  TICKET_TYPES,
  type TicketChannel,
  type TicketType,
} from '../ticket/ticket.types';

export const ROUTING_STRATEGIES = ['round_robin', 'fewest_open', 'skills'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export const ROUTING_FAILURE_REASONS = [
  'no_team_matched',
  'all_at_capacity',
  'no_agent_with_skills',
] as const;
export type RoutingFailureReason = (typeof ROUTING_FAILURE_REASONS)[number];

export interface RoutingAgent {
  readonly agentId: string;
  /** Most open tickets the agent takes; a positive integer. */
  readonly capacity: number;
  readonly skills: readonly string[];
}

/** Which new tickets a team takes; an empty match takes every ticket. */
export interface RoutingMatch {
  readonly types?: readonly TicketType[];
  readonly channels?: readonly TicketChannel[];
  readonly tags?: readonly string[];
}

export interface RoutingTeam {
  readonly teamId: string;
  readonly strategy: RoutingStrategy;
  readonly agents: readonly RoutingAgent[];
  readonly match: RoutingMatch;
}

export interface TicketToRoute {
  readonly type: TicketType;
  readonly channel: TicketChannel;
  readonly tags: readonly string[];
}

export type RoutingPick =
  | { readonly outcome: 'routed'; readonly agentId: string }
  | { readonly outcome: 'failed'; readonly reason: RoutingFailureReason };

/** The first team (in configuration order) whose every criterion the ticket meets. */
export function teamFor(
  teams: readonly RoutingTeam[],
  ticket: TicketToRoute,
): RoutingTeam | undefined {
  return teams.find(({ match }) => {
    if (match.types?.length && !match.types.includes(ticket.type)) return false;
    if (match.channels?.length && !match.channels.includes(ticket.channel)) return false;
    if (match.tags?.length && !match.tags.some((tag) => ticket.tags.includes(tag))) return false;
    return true;
  });
}

export function pickAgent(
  team: RoutingTeam,
  openTickets: Readonly<Record<string, number>>,
  lastAgentId: string | undefined,
  ticket: TicketToRoute,
): RoutingPick {
  const load = (agent: RoutingAgent) => openTickets[agent.agentId] ?? 0;
  let candidates = team.agents;
  if (team.strategy === 'skills') {
    const teamSkills = new Set(team.agents.flatMap((agent) => agent.skills));
    const required = ticket.tags.filter((tag) => teamSkills.has(tag));
    candidates = team.agents.filter((agent) =>
      required.every((skill) => agent.skills.includes(skill)),
    );
    if (candidates.length === 0) return { outcome: 'failed', reason: 'no_agent_with_skills' };
  }
  const eligible = candidates.filter((agent) => load(agent) < agent.capacity);
  if (eligible.length === 0) return { outcome: 'failed', reason: 'all_at_capacity' };
  const chosen =
    team.strategy === 'round_robin'
      ? nextAfter(team.agents, eligible, lastAgentId)
      : eligible.reduce((best, agent) => (load(agent) < load(best) ? agent : best));
  return { outcome: 'routed', agentId: chosen.agentId };
}

/** The eligible agent that comes first after `last` in roster order, wrapping around. */
function nextAfter(
  all: readonly RoutingAgent[],
  eligible: readonly RoutingAgent[],
  last: string | undefined,
): RoutingAgent {
  const start = last === undefined ? -1 : all.findIndex((agent) => agent.agentId === last);
  for (let step = 1; step <= all.length; step += 1) {
    const agent = all[(start + step + all.length) % all.length];
    if (agent && eligible.includes(agent)) return agent;
  }
  return eligible[0] as RoutingAgent;
}

/** Checks the routing configuration at boot: known strategies, agents, positive capacities. */
export function defineRoutingTeams(teams: readonly RoutingTeam[]): readonly RoutingTeam[] {
  const violations: FieldViolation[] = [];
  const add = (field: string, code: FieldViolation['code'], message: string) =>
    violations.push({ field, code, message });
  const teamIds = new Set<string>();
  teams.forEach((team, t) => {
    const at = `teams[${t}]`;
    if (!team.teamId || team.teamId.length > SERVICE_DESK_LIMITS.id)
      add(`${at}.teamId`, 'REQUIRED', 'a team needs an id');
    if (teamIds.has(team.teamId)) add(`${at}.teamId`, 'DUPLICATE', 'team ids are unique');
    teamIds.add(team.teamId);
    if (!ROUTING_STRATEGIES.includes(team.strategy))
      add(`${at}.strategy`, 'UNKNOWN_VALUE', `one of ${ROUTING_STRATEGIES.join(', ')}`);
    if (team.agents.length === 0) add(`${at}.agents`, 'REQUIRED', 'a team needs agents');
    const agentIds = new Set<string>();
    team.agents.forEach((agent, a) => {
      if (!agent.agentId) add(`${at}.agents[${a}].agentId`, 'REQUIRED', 'an agent needs an id');
      if (agentIds.has(agent.agentId))
        add(`${at}.agents[${a}].agentId`, 'DUPLICATE', 'an agent is listed once per team');
      agentIds.add(agent.agentId);
      if (!Number.isInteger(agent.capacity) || agent.capacity < 1)
        add(`${at}.agents[${a}].capacity`, 'OUT_OF_RANGE', 'a capacity is a positive integer');
    });
    (team.match.types ?? []).forEach((type, i) => {
      if (!TICKET_TYPES.includes(type))
        add(`${at}.match.types[${i}]`, 'UNKNOWN_VALUE', `${type} is no ticket type`);
    });
    (team.match.channels ?? []).forEach((channel, i) => {
      if (!TICKET_CHANNELS.includes(channel))
        add(`${at}.match.channels[${i}]`, 'UNKNOWN_VALUE', `${channel} is no channel`);
    });
  });
  if (violations.length > 0) throw new ServiceDeskValidationError(violations);
  return teams;
}
