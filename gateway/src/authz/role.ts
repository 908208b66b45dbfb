// The roles a user can hold within a tenant. Stored lower-case in PostgreSQL and in tokens,
// exposed upper-case as the GraphQL enum `Role`.
import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  ADMIN = 'admin',
  SALES_MANAGER = 'sales_manager',
  SALES_REP = 'sales_rep',
  SERVICE_AGENT = 'service_agent',
  MARKETER = 'marketer',
  AUDITOR = 'auditor',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}

registerEnumType(Role, {
  name: 'Role',
  description:
    'A role within a tenant; a user may hold several. See docs/security.md for what each may do.',
  valuesMap: {
    ADMIN: { description: 'Everything within the tenant, including user management and erasure.' },
    SALES_MANAGER: { description: "Reads and edits the customers of their team's members." },
    SALES_REP: { description: 'Reads and edits only the customers they own.' },
    SERVICE_AGENT: {
      description: 'Reads every customer of the tenant; records contacts and interactions.',
    },
    MARKETER: { description: 'Reads every customer of the tenant; records consent.' },
    AUDITOR: { description: 'Reads everything in the tenant and changes nothing.' },
  },
});
