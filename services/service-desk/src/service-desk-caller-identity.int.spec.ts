// The service verifies its caller itself (docs/security.md "Trust boundary"): called directly over
// gRPC, every request without a valid service call token (audience crm.service-desk), or outside
// the caller's roles, tenant or ticket scope, is refused with a clear status and writes nothing.
// Agents act on their own and unassigned tickets, leads on their team's.
import * as grpc from '@grpc/grpc-js';
import { Role } from '@crm/access-policy';
import { refusalCheck, untrustedCallers } from '@crm/grpc-service/testing';
import {
  agent,
  ctx,
  lead,
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../test/service-desk-test-service';

jest.setTimeout(60_000);

let t: ServiceDeskTestService;
let ticketId: string;
beforeAll(async () => {
  t = await startServiceDeskTestService('desk-caller');
  const opened = await t.call('OpenTicket', {
    ctx: ctx(),
    channel: 'TICKET_CHANNEL_PHONE',
    subject: 'Invoice question',
    body: 'Why twice?',
    priority: 'TICKET_PRIORITY_NORMAL',
    type: 'TICKET_TYPE_QUESTION',
  });
  ticketId = opened.createdId as string;
  await t.call('AssignTicket', { ctx: ctx(), ticketId, agentId: 'agent-1', teamId: 'desk-a' });
});
afterAll(async () => {
  await t?.stop();
});

const expectRefused = refusalCheck(
  () => t,
  () => t.eventCount(),
);

const note = () => ({ ctx: ctx(), ticketId, body: 'Checked the invoice.' });

describe('the service-desk service’s caller', () => {
  it('is refused without a valid service call token', async () => {
    for (const metadata of untrustedCallers(t, 'crm.customers', t.clock.now)) {
      await expectRefused(
        'AddInternalNote',
        note(),
        { metadata: await metadata() },
        grpc.status.UNAUTHENTICATED,
        'UNAUTHENTICATED',
      );
    }
  });

  it('acts in its own tenant only: another tenant’s ticket does not exist', async () => {
    await expectRefused(
      'AddInternalNote',
      note(),
      { tenantId: 'tenant-b' },
      grpc.status.NOT_FOUND,
      'TICKET_NOT_FOUND',
    );
  });

  it('may call only the RPCs of its roles', async () => {
    await expectRefused(
      'AssignTicket',
      { ctx: ctx(), ticketId, agentId: 'agent-2' },
      agent('agent-1'),
      grpc.status.PERMISSION_DENIED,
      'PERMISSION_DENIED',
    );
    await expectRefused(
      'AddInternalNote',
      note(),
      { roles: [Role.SALES_REP] },
      grpc.status.PERMISSION_DENIED,
      'PERMISSION_DENIED',
    );
    await expectRefused(
      'AddInternalNote',
      note(),
      { roles: [Role.AUDITOR] },
      grpc.status.PERMISSION_DENIED,
      'PERMISSION_DENIED',
    );
  });

  it('sees an agent’s own tickets, a lead their team’s, and nobody else’s', async () => {
    await expectRefused(
      'AddInternalNote',
      note(),
      agent('agent-2'),
      grpc.status.NOT_FOUND,
      'TICKET_NOT_FOUND',
    );
    await expectRefused(
      'AddInternalNote',
      note(),
      lead('lead-b', 'desk-b'),
      grpc.status.NOT_FOUND,
      'TICKET_NOT_FOUND',
    );
    await t.call('AddInternalNote', note(), agent('agent-1'));
    await t.call(
      'ChangePriority',
      { ctx: ctx(), ticketId, priority: 'TICKET_PRIORITY_HIGH' },
      lead('lead-a', 'desk-a'),
    );
    const events = (await t.events()).filter(
      (e) => e.stream_id === `service-desk.Ticket-${ticketId}`,
    );
    expect(events.map((e) => e.type).slice(-3)).toEqual([
      'service-desk.InternalNoteAdded',
      'service-desk.TicketPriorityChanged',
      'service-desk.SlaPolicyApplied',
    ]);
    // The events name who caused them, from the token; the note's author too.
    expect(events.at(-1)?.actor).toMatchObject({ kind: 'user', userId: 'lead-a' });
    expect(events.at(-3)?.data.agentId).toBe('agent-1');
  });

  it('auditors read the clock, nobody outside the scope does', async () => {
    const clock = await t.call('GetSlaClock', { ctx: ctx(), ticketId }, { roles: [Role.AUDITOR] });
    expect(clock.status).toBe('assigned');
    await expectRefused(
      'GetSlaClock',
      { ctx: ctx(), ticketId },
      agent('agent-2'),
      grpc.status.NOT_FOUND,
      'TICKET_NOT_FOUND',
    );
  });
});
