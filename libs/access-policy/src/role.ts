// The roles a user can hold within a tenant. Stored lower-case in PostgreSQL and in tokens; the
// gateway exposes them upper-case as the GraphQL enum `Role` (gateway/src/authz/role.ts).
export enum Role {
  ADMIN = 'admin',
  SALES_MANAGER = 'sales_manager',
  SALES_REP = 'sales_rep',
  SERVICE_AGENT = 'service_agent',
  /** Leads a team of service agents: sees and routes the team's tickets. */
  SERVICE_LEAD = 'service_lead',
  MARKETER = 'marketer',
  AUDITOR = 'auditor',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}
