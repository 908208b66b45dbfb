// The shared access policy (libs/access-policy) applied inside the service, so a caller that gets
// past the gateway, or around it, meets the same rules: roles per RPC (PERMISSION_DENIED), record
// scope against the record's owner and team as stored (NOT_FOUND: existence is not revealed), who
// may be given as owner or team (PERMISSION_DENIED), and the owner a record gets by default.
import {
  Role,
  mayCallSalesRpc,
  ownerAssignmentProblem,
  principalOfCaller,
  salesScopeOf,
  scopeIncludes,
  type ServiceCaller,
} from '@crm/access-policy';
import {
  RecordNotFoundError,
  SalesDomainError,
  type SalesAggregate,
  type QuoteApproverRole,
  type SalesOwnership,
} from '@crm/sales-domain';
import type { Decider } from '@crm/event-sourcing';

/** The caller's roles do not allow the operation (says nothing about any record). */
export class CallerNotAllowedError extends SalesDomainError {
  readonly code = 'PERMISSION_DENIED';
}

export function assertMayCall(caller: ServiceCaller, rpc: string): void {
  if (!mayCallSalesRpc(principalOfCaller(caller), rpc))
    throw new CallerNotAllowedError(`The caller's roles do not allow ${rpc}.`);
}

/** Any aggregate state of the sales domain: absent, or with its owner and team. */
type OwnedState = { readonly status: 'None' } | (SalesOwnership & { readonly status: string });

export function isVisibleTo(caller: ServiceCaller, state: OwnedState): boolean {
  if (!('ownerId' in state)) return false;
  const scope = salesScopeOf(principalOfCaller(caller), caller.teamMemberIds);
  return scopeIncludes(scope, { ownerUserId: state.ownerId, teamId: state.teamId });
}

export function assertOwnerAssignment(caller: ServiceCaller, given: SalesOwnership): void {
  const problem = ownerAssignmentProblem(principalOfCaller(caller), caller.teamMemberIds, {
    ownerUserId: given.ownerId,
    teamId: given.teamId,
  });
  if (problem) throw new CallerNotAllowedError(problem);
}

/**
 * Owner and team of a new record when the request names none: the caller's own for a rep or a
 * manager (so they keep seeing what they create), `inherited` (a deal's, a lead's) when there is
 * one, none for an admin (the tenant sees it).
 */
export function ownershipFor(
  caller: ServiceCaller,
  given: { readonly ownerId?: string; readonly teamId?: string },
  inherited?: SalesOwnership,
): SalesOwnership {
  const principal = principalOfCaller(caller);
  const sells =
    principal.roles.includes(Role.SALES_REP) || principal.roles.includes(Role.SALES_MANAGER);
  const fallback: SalesOwnership = inherited ?? {
    ownerId: sells && caller.actor.kind === 'user' ? principal.userId : null,
    teamId: sells ? principal.teamId : null,
  };
  return {
    ownerId: given.ownerId ?? fallback.ownerId,
    teamId: given.teamId ?? (given.ownerId === undefined ? fallback.teamId : principal.teamId),
  };
}

/**
 * A decider as `caller` may use it: a record out of the caller's scope reads as one that does not
 * exist, and owners given by a command must be the caller's to give. The checks run on the state
 * the command is decided on, inside the optimistic-concurrency loop.
 */
export function scopedDecider<S extends OwnedState, C, E>(
  caller: ServiceCaller,
  decider: Decider<S, C, E>,
  aggregate: SalesAggregate,
  id: string,
  ownershipGiven: (command: C) => SalesOwnership | undefined,
): Decider<S, C, E> {
  return {
    ...decider,
    decide: (command, state) => {
      if ('ownerId' in state && !isVisibleTo(caller, state)) {
        throw new RecordNotFoundError(aggregate, id);
      }
      const given = ownershipGiven(command);
      if (given) assertOwnerAssignment(caller, given);
      return decider.decide(command, state);
    },
  };
}

/** The user acting (or the system process, named as such): approver, forecast owner, adjuster. */
export function actingUserIdOf(caller: ServiceCaller): string {
  return caller.actor.kind === 'user' ? caller.actor.userId : `system:${caller.actor.name}`;
}

/** The quote approver roles (ADR 0382) the caller holds: a sales manager's, an admin's. */
export function approverRolesOf(caller: ServiceCaller): QuoteApproverRole[] {
  return [
    ...(caller.roles.includes(Role.SALES_MANAGER) ? (['sales_manager'] as const) : []),
    ...(caller.roles.includes(Role.ADMIN) ? (['admin'] as const) : []),
  ];
}
