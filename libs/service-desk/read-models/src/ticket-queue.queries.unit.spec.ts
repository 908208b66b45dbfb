// The queue's MongoDB filter follows the ticket scope of libs/access-policy: an agent sees their own
// and unassigned tickets, a lead adds their team's, admins the tenant, anyone else nothing.
import { ticketScopeOf, Role, type Principal } from '@crm/access-policy';
import { autoReplyDeflectionOf, ticketScopeFilter } from './ticket-queue.queries';

const principal = (roles: Role[], teamId: string | null = null): Principal => ({
  tenantId: 't1',
  userId: 'u1',
  roles,
  teamId,
});
const unassigned = { assigneeId: { $exists: false } };

describe('ticketScopeFilter', () => {
  it('gives admins and auditors the whole tenant', () => {
    expect(ticketScopeFilter('t1', ticketScopeOf(principal([Role.ADMIN])))).toEqual({
      tenantId: 't1',
    });
    expect(ticketScopeFilter('t1', ticketScopeOf(principal([Role.AUDITOR])))).toEqual({
      tenantId: 't1',
    });
  });

  it('gives an agent their own and unassigned tickets', () => {
    expect(ticketScopeFilter('t1', ticketScopeOf(principal([Role.SERVICE_AGENT])))).toEqual({
      tenantId: 't1',
      $or: [unassigned, { assigneeId: 'u1' }],
    });
  });

  it("adds the team's tickets for a lead with a team, not for one without", () => {
    expect(ticketScopeFilter('t1', ticketScopeOf(principal([Role.SERVICE_LEAD], 'care')))).toEqual({
      tenantId: 't1',
      $or: [unassigned, { assigneeId: 'u1' }, { teamId: 'care' }],
    });
    expect(ticketScopeFilter('t1', ticketScopeOf(principal([Role.SERVICE_LEAD])))).toEqual({
      tenantId: 't1',
      $or: [unassigned, { assigneeId: 'u1' }],
    });
  });

  it('gives roles outside the desk nothing', () => {
    expect(ticketScopeFilter('t1', ticketScopeOf(principal([Role.SALES_REP])))).toBeNull();
  });
});

describe('autoReplyDeflectionOf', () => {
  it('counts the automatically answered tickets solved without an agent reply', () => {
    expect(
      autoReplyDeflectionOf([
        { status: 'resolved' },
        { status: 'closed' },
        { status: 'resolved', lastAgentReplyAt: '2026-12-07T10:00:00.000Z' },
        { status: 'closed', mergedInto: 't-9' },
        { status: 'new' },
      ]),
    ).toEqual({ autoReplied: 5, deflected: 2, rate: 0.4 });
    expect(autoReplyDeflectionOf([])).toEqual({ autoReplied: 0, deflected: 0, rate: null });
  });
});
