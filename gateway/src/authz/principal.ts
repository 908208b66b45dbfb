// Who is calling: taken only from a verified token, never from GraphQL arguments.
import { type Role } from './role';

export interface Principal {
  readonly userId: string;
  readonly tenantId: string;
  readonly email: string;
  readonly roles: readonly Role[];
  /** The team the user belongs to (sales managers see their team's customers); null when none. */
  readonly teamId: string | null;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r));
}
