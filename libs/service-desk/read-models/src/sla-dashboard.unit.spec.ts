import { slaDashboardOf, type DashboardTicket } from './sla-dashboard';

const ticket = (id: string, extra: Partial<DashboardTicket> = {}): DashboardTicket => ({
  tenantId: 't1',
  ticketId: id,
  subject: id,
  channel: 'email',
  status: 'assigned',
  priority: 'normal',
  type: 'question',
  tags: [],
  openedAt: '2026-12-01T08:00:00.000Z',
  lastActivityAt: '2026-12-01T08:00:00.000Z',
  ...extra,
});

const period = {
  from: Date.parse('2026-12-01T00:00:00Z'),
  to: Date.parse('2026-12-08T00:00:00Z'),
  atRiskLimit: 10,
};

describe('SLA dashboard', () => {
  const tickets = [
    ticket('breached', {
      teamId: 'a',
      sla: {
        firstResponse: {
          warnedAt: 'x',
          dueAt: '2026-12-01T09:00:00Z',
          breachedAt: 'y',
          escalationLevel: 1,
        },
      },
    }),
    ticket('warned-late', {
      teamId: 'a',
      sla: { resolution: { warnedAt: 'x', dueAt: '2026-12-03T09:00:00Z' } },
    }),
    ticket('warned-soon', {
      teamId: 'b',
      sla: { resolution: { warnedAt: 'x', dueAt: '2026-12-02T09:00:00Z' } },
    }),
    ticket('calm', { teamId: 'b' }),
    ticket('met', { teamId: 'a', status: 'resolved', resolvedAt: '2026-12-02T00:00:00Z' }),
    ticket('missed', {
      teamId: 'a',
      status: 'closed',
      resolvedAt: '2026-12-03T00:00:00Z',
      sla: { resolution: { breachedAt: 'z' } },
    }),
    ticket('long-ago', { teamId: 'a', status: 'closed', resolvedAt: '2026-11-01T00:00:00Z' }),
    ticket('merged', { teamId: 'b', status: 'closed' }),
    ticket('nobody'),
  ];

  it('counts open, breached, warned and escalated tickets and the SLA met % per team', () => {
    const dashboard = slaDashboardOf(tickets, { groupBy: 'team', ...period });
    expect(dashboard.rows).toEqual([
      {
        key: 'a',
        open: 2,
        breached: 1,
        warned: 1,
        escalated: 1,
        resolved: 2,
        resolvedWithinSla: 1,
        slaMetPercent: 50,
      },
      {
        key: 'b',
        open: 2,
        breached: 0,
        warned: 1,
        escalated: 0,
        resolved: 0,
        resolvedWithinSla: 0,
        slaMetPercent: null,
      },
      {
        key: null,
        open: 1,
        breached: 0,
        warned: 0,
        escalated: 0,
        resolved: 0,
        resolvedWithinSla: 0,
        slaMetPercent: null,
      },
    ]);
    expect(dashboard.total).toMatchObject({
      open: 5,
      breached: 1,
      warned: 2,
      resolved: 2,
      slaMetPercent: 50,
    });
  });

  it('lists the open tickets at risk, breached first, then by nearest due', () => {
    const dashboard = slaDashboardOf(tickets, { groupBy: 'agent', ...period });
    expect(dashboard.atRisk.map((t) => t.ticketId)).toEqual([
      'breached',
      'warned-soon',
      'warned-late',
    ]);
    expect(
      slaDashboardOf(tickets, { groupBy: 'agent', ...period, atRiskLimit: 1 }).atRisk,
    ).toHaveLength(1);
  });
});
