// Who is calling, as the access rules see it: taken only from a verified token (the gateway's user
// token, or a service call token in a service), never from request fields.
import { type Role } from './role';

export interface Principal {
  /** A user id, or `system:<name>` for a named system process. */
  readonly userId: string;
  readonly tenantId: string;
  readonly roles: readonly Role[];
  /** The team the user belongs to (sales managers see their team's customers); null when none. */
  readonly teamId: string | null;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r));
}
