// Who may decide owners in an import: the same rules as registering one customer, and owner/team
// columns only for admins (a column could otherwise assign customers to anyone).
import { ownerAssignmentProblem } from '@crm/access-policy';
import { type Principal } from '../authz/principal';
import { Role } from '../authz/role';
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
