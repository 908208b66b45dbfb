// The roles live in the shared access policy (libs/access-policy); this file registers them as the
// GraphQL enum `Role` (upper-case names) and re-exports them for the gateway.
import { registerEnumType } from '@nestjs/graphql';
import { Role } from '@crm/access-policy';

export { ALL_ROLES, Role, isRole } from '@crm/access-policy';

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
    SERVICE_LEAD: {
      description: "Leads a team of service agents: sees, routes and escalates the team's tickets.",
    },
    MARKETER: { description: 'Reads every customer of the tenant; records consent.' },
    AUDITOR: { description: 'Reads everything in the tenant and changes nothing.' },
  },
});
