// Record-level rules for customers, as pure functions shared by the gateway (to filter reads and
// check commands) and services/customers (to refuse writes) (docs/security.md, docs/adr/0052, 0065):
//   admin, auditor, service agent, marketer  every customer of their tenant
//   sales manager                             customers owned by a member of their team or assigned to their team
//   sales rep                                 customers they own
// A user with several roles gets the widest scope. Which operations a role may call at all is
// declared on each resolver; this file only decides which records.
import { type Principal } from './principal';
import { Role } from './role';

/** Which customers a principal may see and change. */
export type CustomerScope =
  | { readonly kind: 'tenant' }
  /** Visible when owned by one of `ownerUserIds` or assigned to one of `teamIds`. */
  | {
      readonly kind: 'owned';
      readonly ownerUserIds: readonly string[];
      readonly teamIds: readonly string[];
    };

const TENANT_WIDE: readonly Role[] = [Role.ADMIN, Role.AUDITOR, Role.SERVICE_AGENT, Role.MARKETER];

export interface CustomerOwnership {
  readonly ownerUserId: string | null;
  readonly teamId: string | null;
}

/** The scope of a principal; `teamMemberIds` are the user ids of the principal's team (incl. themselves). */
export function customerScopeOf(
  principal: Principal,
  teamMemberIds: readonly string[],
): CustomerScope {
  if (principal.roles.some((r) => TENANT_WIDE.includes(r))) return { kind: 'tenant' };
  if (principal.roles.includes(Role.SALES_MANAGER) && principal.teamId !== null) {
    return {
      kind: 'owned',
      ownerUserIds: [...new Set([principal.userId, ...teamMemberIds])],
      teamIds: [principal.teamId],
    };
  }
  // Sales reps, and managers without a team, see what they own.
  return { kind: 'owned', ownerUserIds: [principal.userId], teamIds: [] };
}

export function scopeIncludes(scope: CustomerScope, customer: CustomerOwnership): boolean {
  if (scope.kind === 'tenant') return true;
  return (
    (customer.ownerUserId !== null && scope.ownerUserIds.includes(customer.ownerUserId)) ||
    (customer.teamId !== null && scope.teamIds.includes(customer.teamId))
  );
}

/** Whether the principal needs their team's members to compute the scope (saves a query otherwise). */
export function scopeNeedsTeam(principal: Principal): boolean {
  return (
    principal.teamId !== null &&
    principal.roles.includes(Role.SALES_MANAGER) &&
    !principal.roles.some((r) => TENANT_WIDE.includes(r))
  );
}

/**
 * Owner and team a principal may give a customer (register, assign owner). Reps may only own
 * customers themselves; managers may assign within their team; tenant-wide writers anywhere.
 * Returns an error message, or null when allowed.
 */
export function ownerAssignmentProblem(
  principal: Principal,
  teamMemberIds: readonly string[],
  target: CustomerOwnership,
): string | null {
  if (principal.roles.includes(Role.ADMIN)) return null;
  if (principal.roles.includes(Role.SALES_MANAGER) && principal.teamId !== null) {
    const ownerOk =
      target.ownerUserId === null ||
      target.ownerUserId === principal.userId ||
      teamMemberIds.includes(target.ownerUserId);
    const teamOk = target.teamId === null || target.teamId === principal.teamId;
    return ownerOk && teamOk
      ? null
      : 'A sales manager may assign customers only to members of their own team.';
  }
  if (principal.roles.includes(Role.SALES_REP)) {
    const ok =
      (target.ownerUserId === null || target.ownerUserId === principal.userId) &&
      (target.teamId === null || target.teamId === principal.teamId);
    return ok ? null : 'A sales rep may only own customers themselves.';
  }
  // Service agents register walk-in customers without choosing an owner.
  return target.ownerUserId === null && target.teamId === null
    ? null
    : 'Only admins and sales managers may choose an owner or team.';
}
