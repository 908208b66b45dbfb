/* eslint-disable @typescript-eslint/no-unsafe-argument --
   stored events are untyped at runtime; the spec asserts their shape. */
// Routing on ticket creation against the real store: the router reactor routes each new ticket on
// the tenant's routing stream, assigns it, refuses with a typed reason when every agent is at
// capacity, and frees the agent's slot when a ticket is resolved.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@crm/testing';
import {
  ctx,
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../../test/service-desk-test-service';

jest.setTimeout(90_000);

let t: ServiceDeskTestService;
beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'desk-routing-')), 'routing.json');
  writeFileSync(
    file,
    JSON.stringify({
      teams: [
        {
          teamId: 'billing',
          strategy: 'skills',
          match: { tags: ['invoice'] },
          agents: [{ agentId: 'bea', capacity: 5, skills: ['invoice', 'german'] }],
        },
        {
          teamId: 'desk-a',
          strategy: 'round_robin',
          match: {},
          agents: [
            { agentId: 'ann', capacity: 1, skills: [] },
            { agentId: 'bob', capacity: 1, skills: [] },
          ],
        },
      ],
    }),
  );
  t = await startServiceDeskTestService('desk-routing', '2026-12-07T08:00:00.000Z', {
    CRM_SERVICE_DESK_ROUTING_FILE: file,
  });
});
afterAll(async () => {
  await t?.stop();
});

const open = (subject: string, tags: string[] = []) =>
  t.call('OpenTicket', {
    ctx: ctx(),
    channel: 'TICKET_CHANNEL_WEB_FORM',
    subject,
    body: 'Please help.',
    priority: 'TICKET_PRIORITY_NORMAL',
    type: 'TICKET_TYPE_QUESTION',
    tags,
  });

/** The routing outcome and the assignment of one ticket, once the router has handled it. */
async function routed(ticketId: string) {
  return eventually(async () => {
    const events = (await t.events()).filter((e) => e.data.ticketId === ticketId);
    const outcome = events.find((e) =>
      ['service-desk.TicketRouted', 'service-desk.TicketRoutingFailed'].includes(e.type),
    );
    if (!outcome) throw new Error('not routed yet');
    if (outcome.type === 'service-desk.TicketRoutingFailed')
      return { failed: outcome.data.reason, teamId: outcome.data.teamId };
    const assigned = events.find((e) => e.type === 'service-desk.TicketAssigned');
    if (!assigned) throw new Error('not assigned yet');
    return {
      agentId: assigned.data.agentId,
      teamId: assigned.data.teamId,
      actor: assigned.actor.name,
    };
  });
}

describe('routing on ticket creation', () => {
  it('routes round robin within capacity, says why nobody can take one, frees a slot on resolution', async () => {
    const first = (await open('Where is my parcel?')).createdId;
    expect(await routed(first)).toEqual({
      agentId: 'ann',
      teamId: 'desk-a',
      actor: 'service-desk.ticket-router',
    });
    const second = (await open('Change my address')).createdId;
    expect(await routed(second)).toMatchObject({ agentId: 'bob', teamId: 'desk-a' });
    const third = (await open('Cancel my order')).createdId;
    expect(await routed(third)).toEqual({ failed: 'all_at_capacity', teamId: 'desk-a' });

    await t.call('ResolveTicket', { ctx: ctx(), ticketId: first, resolution: 'Found it.' });
    await eventually(async () =>
      expect((await t.events()).map((e) => e.type)).toContain('service-desk.RoutedTicketReleased'),
    );
    const fourth = (await open('Parcel damaged')).createdId;
    expect(await routed(fourth)).toMatchObject({ agentId: 'ann', teamId: 'desk-a' });
  });

  it('routes by skills to the team whose match takes the ticket', async () => {
    const invoice = (await open('Rechnung falsch', ['invoice', 'german'])).createdId;
    expect(await routed(invoice)).toMatchObject({ agentId: 'bea', teamId: 'billing' });
  });
});
