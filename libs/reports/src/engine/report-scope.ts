// Record scope on every report row: the MongoDB filter of the viewer's scope for the dataset's
// records, built by the same policy functions and filters the gateway uses to read those records
// (docs/security.md): a rep's reports count only his own customers, leads and opportunities, an
// agent's only his and unassigned tickets. Null: the viewer sees no row of this dataset.
import {
  LOYALTY_FRONT_LINE,
  Role,
  SERVICE_DESK_RPC_ROLES,
  customerScopeOf,
  hasAnyRole,
  salesScopeOf,
  ticketScopeOf,
  type Principal,
} from '@crm/access-policy';
import { customerSearchFilter, type CustomerStatusValue } from '@crm/customers-read-models';
import { salesScopeFilter } from '@crm/sales-read-models';
import { csatScopeFilter, ticketScopeFilter } from '@crm/service-desk-read-models';
import type { DatasetScope } from '../datasets/dataset';

/** The person a report runs for, and their team's members (managers see their team's records). */
export interface ReportViewer {
  readonly principal: Principal;
  readonly teamMemberIds: readonly string[];
}

/** Roles that read loyalty accounts (tenant-wide: loyalty has no per-owner record scope). */
export const LOYALTY_REPORT_READERS: readonly Role[] = [
  ...LOYALTY_FRONT_LINE,
  Role.MARKETER,
  Role.AUDITOR,
];

const EVERY_CUSTOMER_STATUS: readonly CustomerStatusValue[] = [
  'prospect',
  'active',
  'inactive',
  'merged',
  'erased',
];

export function reportScopeFilter(
  scope: DatasetScope,
  viewer: ReportViewer,
): Record<string, unknown> | null {
  const { principal, teamMemberIds } = viewer;
  switch (scope) {
    case 'customers':
      // Statuses are the dataset's business (its baseMatch); here only tenant and owner/team.
      return customerSearchFilter(principal.tenantId, customerScopeOf(principal, teamMemberIds), {
        statuses: EVERY_CUSTOMER_STATUS,
      });
    case 'sales': {
      const sales = salesScopeOf(principal, teamMemberIds);
      if (sales.kind === 'owned' && sales.ownerUserIds.length === 0 && sales.teamIds.length === 0)
        return null;
      return salesScopeFilter(principal.tenantId, sales);
    }
    case 'tickets':
      return ticketScopeFilter(principal.tenantId, ticketScopeOf(principal));
    case 'loyalty':
      return hasAnyRole(principal, LOYALTY_REPORT_READERS)
        ? { tenantId: principal.tenantId }
        : null;
    case 'marketing':
      return { tenantId: principal.tenantId };
    case 'csat':
      return csatScopeFilter(principal.tenantId, ticketScopeOf(principal));
    case 'deskTenant':
      return hasAnyRole(principal, SERVICE_DESK_RPC_ROLES.GetSlaClock)
        ? { tenantId: principal.tenantId }
        : null;
    default: {
      const unhandled: never = scope;
      return unhandled;
    }
  }
}
