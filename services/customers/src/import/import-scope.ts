// Record scope of an import: which existing customers the importer may write onto, and who may read
// the run. The scope is computed by the record-scope policy (gateway/src/authz/customer-access.policy
// `customerScopeOf`) and travels in StartImportRequest.importer_scope until the verified caller
// token carries the principal (issue 9, item 2). This is the one place the import consults the
// policy: when the shared policy module lands, `scopeIncludes` below is replaced by its import.
import type { ImportScopeMessage } from '../grpc/customers.proto-types';
import type { RequestMeta } from '../application/customers.application';

export type ImportScope =
  | { readonly kind: 'tenant' }
  | {
      readonly kind: 'owned';
      readonly ownerUserIds: readonly string[];
      readonly teamIds: readonly string[];
    };

export interface CustomerOwnership {
  readonly ownerUserId: string | null;
  readonly teamId: string | null;
}

/** Absent scope fails closed: only customers the actor owns. */
export function importScopeFrom(
  meta: RequestMeta,
  message: ImportScopeMessage | null | undefined,
): ImportScope {
  if (message?.tenantWide) return { kind: 'tenant' };
  const ownerUserIds = message?.ownerUserIds ?? [];
  return {
    kind: 'owned',
    ownerUserIds: ownerUserIds.length > 0 ? [...ownerUserIds] : [meta.actorUserId],
    teamIds: [...(message?.teamIds ?? [])],
  };
}

/** Same rule as the policy's `scopeIncludes`: owned by someone in scope, or assigned to a team in scope. */
export function scopeIncludes(scope: ImportScope, customer: CustomerOwnership): boolean {
  if (scope.kind === 'tenant') return true;
  return (
    (customer.ownerUserId !== null && scope.ownerUserIds.includes(customer.ownerUserId)) ||
    (customer.teamId !== null && scope.teamIds.includes(customer.teamId))
  );
}

/** An import's status and report are for the importer and admins only. */
export function mayReadImport(meta: RequestMeta, importerUserId: string): boolean {
  return meta.actorUserId === importerUserId || meta.actorRoles.includes('admin');
}
