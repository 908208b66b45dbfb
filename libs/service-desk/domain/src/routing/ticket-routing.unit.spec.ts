// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import fc from 'fast-check';
import { ServiceDeskValidationError } from '../errors';
import { routingDecider, type RouteTicket, type RoutingEvent } from './routing.decider';
import {
  ROUTING_STRATEGIES,
  defineRoutingTeams,
  pickAgent,
  type RoutingAgent,
  type RoutingTeam,
  type TicketToRoute,
} from './ticket-routing';

const AT = '2026-12-07T08:00:00.000Z';
const agent = (agentId: string, capacity = 1000, skills: string[] = []): RoutingAgent => ({
  agentId,
  capacity,
  skills,
});
const team = (strategy: RoutingTeam['strategy'], agents: RoutingAgent[]): RoutingTeam => ({
  teamId: 'team-a',
  strategy,
  agents,
  match: {},
});
const ticket = (tags: string[] = []): TicketToRoute => ({
  type: 'question',
  channel: 'email',
  tags,
});

/** Routes `n` tickets in a row through the decider, as the service does, and counts per agent. */
function routeMany(teams: RoutingTeam[], n: number, tags: string[] = []) {
  let state = routingDecider.initialState;
  const events: RoutingEvent[] = [];
  for (let i = 0; i < n; i += 1) {
    const command: RouteTicket = {
      type: 'RouteTicket',
      data: { ticketId: `T-${i}`, at: AT, ticket: ticket(tags), teams },
    };
    for (const event of routingDecider.decide(command, state)) {
      events.push(event);
      state = routingDecider.evolve(state, event);
    }
  }
  const counts: Record<string, number> = {};
  for (const e of events) {
    const key =
      e.type === 'service-desk.TicketRoutingFailed' ? `failed:${e.data.reason}` : e.data.agentId;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return { events, counts, state };
}

describe('ticket routing strategies', () => {
  it('round robin takes the agents in turn; fewest open fills the least loaded first', () => {
    expect(
      routeMany([team('round_robin', [agent('a'), agent('b'), agent('c')])], 7).counts,
    ).toEqual({ a: 3, b: 2, c: 2 });
    const loaded = team('fewest_open', [agent('a'), agent('b'), agent('c')]);
    expect(pickAgent(loaded, { a: 2, b: 0, c: 1 }, 'b', ticket())).toEqual({
      outcome: 'routed',
      agentId: 'b',
    });
  });

  it('skills: only agents covering the ticket tags that are skills; other tags do not count', () => {
    const desk = team('skills', [
      agent('fr', 10, ['french']),
      agent('de', 10, ['german', 'billing']),
    ]);
    expect(pickAgent(desk, {}, undefined, ticket(['german', 'urgent-ish']))).toEqual({
      outcome: 'routed',
      agentId: 'de',
    });
    expect(pickAgent(desk, {}, undefined, ticket(['french', 'billing']))).toEqual({
      outcome: 'failed',
      reason: 'no_agent_with_skills',
    });
  });

  it('nobody eligible is a typed failure: capacity reached, or no team for the ticket', () => {
    const small = [team('round_robin', [agent('a', 1), agent('b', 1)])];
    expect(routeMany(small, 3).counts).toEqual({ a: 1, b: 1, 'failed:all_at_capacity': 1 });
    const phoneOnly = [
      { ...team('fewest_open', [agent('a')]), match: { channels: ['phone' as const] } },
    ];
    const { events } = routeMany(phoneOnly, 1);
    expect(events).toEqual([
      {
        type: 'service-desk.TicketRoutingFailed',
        data: { ticketId: 'T-0', at: AT, reason: 'no_team_matched' },
      },
    ]);
  });

  it('a released ticket frees its agent; a ticket is routed once', () => {
    const teams = [team('fewest_open', [agent('a', 1)])];
    const spec = deciderSpec(routingDecider);
    const routed: RoutingEvent = {
      type: 'service-desk.TicketRouted',
      data: { ticketId: 'T-0', at: AT, teamId: 'team-a', agentId: 'a', strategy: 'fewest_open' },
    };
    const route = (ticketId: string): RouteTicket => ({
      type: 'RouteTicket',
      data: { ticketId, at: AT, ticket: ticket(), teams },
    });
    spec.given([routed]).when(route('T-0')).thenNothingHappened();
    spec
      .given([routed])
      .when({ type: 'ReleaseRoutedTicket', data: { ticketId: 'T-0', at: AT, unlessAgentId: 'a' } })
      .thenNothingHappened();
    const released: RoutingEvent = {
      type: 'service-desk.RoutedTicketReleased',
      data: { ticketId: 'T-0', at: AT, teamId: 'team-a', agentId: 'a' },
    };
    spec
      .given([routed])
      .when({ type: 'ReleaseRoutedTicket', data: { ticketId: 'T-0', at: AT } })
      .then([released]);
    spec
      .given([routed, released])
      .when(route('T-1'))
      .then([
        {
          type: 'service-desk.TicketRouted',
          data: {
            ticketId: 'T-1',
            at: AT,
            teamId: 'team-a',
            agentId: 'a',
            strategy: 'fewest_open',
          },
        },
      ]);
  });

  it('refuses a configuration without agents, with a bad capacity or an unknown strategy', () => {
    expect(() =>
      defineRoutingTeams([
        { teamId: 't', strategy: 'random' as 'skills', agents: [agent('a', 0)], match: {} },
        { teamId: 'u', strategy: 'skills', agents: [], match: {} },
      ]),
    ).toThrow(ServiceDeskValidationError);
  });
});

describe('ticket routing properties', () => {
  const agents = fc.uniqueArray(
    fc.record({
      agentId: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      capacity: fc.integer({ min: 1, max: 6 }),
      skills: fc.subarray(['billing', 'french', 'german']),
    }),
    { selector: (a) => a.agentId, minLength: 1, maxLength: 5 },
  );
  const strategy = fc.constantFrom(...ROUTING_STRATEGIES);
  const tags = fc.subarray(['billing', 'french', 'german', 'vip']);

  it('never routes beyond an agent’s capacity, and only to agents with the skills asked for', () => {
    fc.assert(
      fc.property(agents, strategy, tags, fc.integer({ min: 1, max: 40 }), (roster, s, t, n) => {
        const { events, state } = routeMany([team(s, roster)], n, t);
        for (const a of roster) {
          const held = Object.values(state.open).filter((h) => h.agentId === a.agentId).length;
          expect(held).toBeLessThanOrEqual(a.capacity);
        }
        const skills = new Set(roster.flatMap((a) => a.skills));
        for (const e of events) {
          if (e.type !== 'service-desk.TicketRouted' || s !== 'skills') continue;
          const chosen = roster.find((a) => a.agentId === e.data.agentId);
          expect(t.filter((x) => skills.has(x)).every((x) => chosen?.skills.includes(x))).toBe(
            true,
          );
        }
      }),
    );
  });

  it('fails only when no eligible agent is left, and round robin spreads evenly within one ticket', () => {
    fc.assert(
      fc.property(agents, fc.integer({ min: 1, max: 60 }), (roster, n) => {
        const { counts } = routeMany([team('round_robin', roster)], n);
        const total = roster.reduce((sum, a) => sum + a.capacity, 0);
        expect(counts['failed:all_at_capacity'] ?? 0).toBe(Math.max(0, n - total));
        const roomy = roster.map((a) => ({ ...a, capacity: 1000 }));
        const spread = Object.values(routeMany([team('round_robin', roomy)], n).counts);
        expect(Math.max(...spread) - Math.min(...spread, Math.max(...spread))).toBeLessThanOrEqual(
          1,
        );
      }),
    );
  });

  it('fewest open routes to an agent holding no more open tickets than any other eligible one', () => {
    fc.assert(
      fc.property(
        agents,
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.nat(5)),
        (roster, load) => {
          const pick = pickAgent(team('fewest_open', roster), load, undefined, ticket());
          const eligible = roster.filter((a) => (load[a.agentId] ?? 0) < a.capacity);
          if (eligible.length === 0) return expect(pick.outcome).toBe('failed');
          if (pick.outcome !== 'routed') throw new Error('expected a route');
          const min = Math.min(...eligible.map((a) => load[a.agentId] ?? 0));
          expect(load[pick.agentId] ?? 0).toBe(min);
        },
      ),
    );
  });
});
