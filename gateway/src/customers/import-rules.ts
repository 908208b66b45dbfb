// Who may decide owners in an import: the same rules as registering one customer, and owner/team
// columns only for admins (a column could otherwise assign customers to anyone). And which existing
// customers an import may write onto: the caller's record scope, sent along with the import so the
// service confines dedupe to it (the import runs there).
import { ownerAssignmentProblem } from '../authz/customer-access.policy';
import { type Principal } from '../authz/principal';
import { Role } from '../authz/role';
import { type CustomerScope } from './read/customer-read-models.port';
import { ForbiddenError } from '../graphql/gateway-errors';

export function assertImportOwnership(
  principal: Principal,
  teamMemberIds: readonly string[],
  options: { ownerUserId?: string | null; teamId?: string | null } | null | undefined,
  mapping: readonly { target: string }[],
): void {
  const problem = ownerAssignmentProblem(principal, teamMemberIds, {
    ownerUserId: options?.ownerUserId ?? null,
    teamId: options?.teamId ?? null,
  });
  if (problem) throw new ForbiddenError(problem);
  if (
    !principal.roles.includes(Role.ADMIN) &&
    mapping.some((m) => m.target === 'ownerUserId' || m.target === 'teamId')
  ) {
    throw new ForbiddenError(
      'Only admins may import owner or team columns; use options.ownerUserId within your team instead.',
    );
  }
}

/** StartImportRequest.importer_scope: the caller's record scope as computed by the policy. */
export function importerScopeMessage(scope: CustomerScope): {
  tenantWide: boolean;
  ownerUserIds: string[];
  teamIds: string[];
} {
  return scope.kind === 'tenant'
    ? { tenantWide: true, ownerUserIds: [], teamIds: [] }
    : { tenantWide: false, ownerUserIds: [...scope.ownerUserIds], teamIds: [...scope.teamIds] };
}
