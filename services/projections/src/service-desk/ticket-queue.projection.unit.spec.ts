import type { EventEnvelope } from '@crm/event-sourcing';
import { projectTicketQueue, TICKET_QUEUE_MODEL } from './ticket-queue.projection';

const envelope = (
  type: string,
  data: object,
  streamId = 'service-desk.Ticket-T-1',
): EventEnvelope =>
  ({
    type,
    data: { ticketId: 'T-1', at: '2026-12-07T08:00:00.000Z', ...data },
    streamId,
    tenantId: 'tenant-a',
  }) as unknown as EventEnvelope;

describe('ticket queue projection', () => {
  it('opens a queue entry without any personal field', () => {
    const [change] = projectTicketQueue(
      envelope('service-desk.TicketOpened', {
        channel: 'email',
        subject: 'Broken vase',
        body: { $enc: 'v1' },
        requesterEmail: { $enc: 'v1' },
        priority: 'high',
        type: 'complaint',
        tags: ['delivery'],
        dataSubjectId: 'T-1',
      }),
    );
    expect(change).toEqual({
      kind: 'upsert',
      model: TICKET_QUEUE_MODEL,
      id: 'T-1',
      set: {
        tenantId: 'tenant-a',
        ticketId: 'T-1',
        lastActivityAt: '2026-12-07T08:00:00.000Z',
        subject: 'Broken vase',
        channel: 'email',
        status: 'new',
        priority: 'high',
        type: 'complaint',
        tags: ['delivery'],
        openedAt: '2026-12-07T08:00:00.000Z',
      },
    });
  });

  it('follows status, assignment and SLA breaches; ignores other streams', () => {
    expect(
      projectTicketQueue(
        envelope('service-desk.TicketAssigned', { agentId: 'a-1', teamId: 'desk-a' }),
      )[0],
    ).toMatchObject({
      set: { assigneeId: 'a-1', teamId: 'desk-a' },
    });
    expect(projectTicketQueue(envelope('service-desk.TicketReopened', {}))[0]).toMatchObject({
      set: { status: 'in_progress' },
      unset: ['resolvedAt'],
    });
    expect(
      projectTicketQueue(
        envelope('service-desk.SlaBreached', {
          milestone: 'resolution',
          breachedAt: 'x',
          cycleStartedAt: 'y',
        }),
      )[0],
    ).toMatchObject({ set: { 'sla.resolution.breachedAt': 'x' } });
    expect(
      projectTicketQueue(envelope('service-desk.TicketClosed', {}, 'customers.Customer-1')),
    ).toEqual([]);
  });

  it('shows why routing found nobody until the ticket is assigned', () => {
    expect(
      projectTicketQueue(
        envelope(
          'service-desk.TicketRoutingFailed',
          { teamId: 'desk-a', reason: 'all_at_capacity' },
          'service-desk.Routing-tenant-a',
        ),
      ),
    ).toEqual([
      {
        kind: 'upsert',
        model: TICKET_QUEUE_MODEL,
        id: 'T-1',
        set: { tenantId: 'tenant-a', ticketId: 'T-1', routingFailure: 'all_at_capacity' },
      },
    ]);
    expect(
      projectTicketQueue(envelope('service-desk.TicketAssigned', { agentId: 'a-1' }))[0],
    ).toMatchObject({ unset: ['routingFailure'] });
  });
});
