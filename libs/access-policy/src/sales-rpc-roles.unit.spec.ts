import { scopeIncludes } from './customer-access.policy';
import { Role } from './role';
import { mayCallSalesRpc, salesScopeOf } from './sales-rpc-roles';

const principal = (roles: Role[], teamId: string | null = 'team-a') => ({
  userId: 'me',
  tenantId: 't',
  roles,
  teamId,
});
const record = (ownerUserId: string | null, teamId: string | null = null) => ({
  ownerUserId,
  teamId,
});

describe('sales access policy', () => {
  it('lets reps see their own records, managers their team’s, admins and auditors all', () => {
    const rep = salesScopeOf(principal([Role.SALES_REP]), []);
    expect(scopeIncludes(rep, record('me'))).toBe(true);
    expect(scopeIncludes(rep, record('colleague', 'team-a'))).toBe(false);
    const manager = salesScopeOf(principal([Role.SALES_MANAGER]), ['me', 'colleague']);
    expect(scopeIncludes(manager, record('colleague'))).toBe(true);
    expect(scopeIncludes(manager, record(null, 'team-a'))).toBe(true);
    expect(scopeIncludes(manager, record('stranger', 'team-b'))).toBe(false);
    for (const role of [Role.ADMIN, Role.AUDITOR]) {
      expect(salesScopeOf(principal([role]), [])).toEqual({ kind: 'tenant' });
    }
  });

  it('gives service agents and marketers no sales records, though they see every customer', () => {
    for (const role of [Role.SERVICE_AGENT, Role.MARKETER]) {
      const scope = salesScopeOf(principal([role]), []);
      expect(scopeIncludes(scope, record('me', 'team-a'))).toBe(false);
    }
    // A rep who is also a marketer keeps the rep's scope, not the marketer's tenant-wide one.
    const both = salesScopeOf(principal([Role.SALES_REP, Role.MARKETER]), []);
    expect(scopeIncludes(both, record('me'))).toBe(true);
    expect(scopeIncludes(both, record('other'))).toBe(false);
  });

  it('allows managers, not reps, to assign leads, reopen deals and cancel or refund orders', () => {
    for (const rpc of ['AssignLead', 'ReopenOpportunity', 'CancelOrder', 'RefundOrder']) {
      expect(mayCallSalesRpc(principal([Role.SALES_MANAGER]), rpc)).toBe(true);
      expect(mayCallSalesRpc(principal([Role.SALES_REP]), rpc)).toBe(false);
    }
    expect(mayCallSalesRpc(principal([Role.SALES_REP]), 'PlaceOrder')).toBe(true);
    expect(mayCallSalesRpc(principal([Role.AUDITOR]), 'CaptureLead')).toBe(false);
    expect(mayCallSalesRpc(principal([Role.ADMIN]), 'NoSuchRpc')).toBe(false);
  });
});
