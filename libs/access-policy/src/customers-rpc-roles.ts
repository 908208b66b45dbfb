// Which roles may call each RPC of crm.customers.v1.CustomersService (proto/customers.proto). The
// gateway declares the same roles on the GraphQL operations that send these RPCs (a unit test in
// gateway/src/authz compares them); services/customers refuses any other caller with
// PERMISSION_DENIED before it reads or writes anything. Record scope is checked separately.
import { ALL_ROLES, Role } from './role';
import { type Principal } from './principal';

/** Roles that maintain customer records (each within their record scope). */
export const CUSTOMER_WRITERS = [
  Role.ADMIN,
  Role.SALES_MANAGER,
  Role.SALES_REP,
  Role.SERVICE_AGENT,
] as const;
export const CUSTOMER_SALES = [Role.ADMIN, Role.SALES_MANAGER, Role.SALES_REP] as const;
export const CUSTOMER_IMPORTERS = [Role.ADMIN, Role.SALES_MANAGER, Role.MARKETER] as const;

export const CUSTOMERS_RPC_ROLES = {
  RegisterCustomer: CUSTOMER_WRITERS,
  UpdateProfile: CUSTOMER_WRITERS,
  ChangeLifecycleStatus: CUSTOMER_SALES,
  AssignOwner: [Role.ADMIN, Role.SALES_MANAGER],
  AddContact: CUSTOMER_WRITERS,
  SetPrimaryContact: CUSTOMER_WRITERS,
  RemoveContact: CUSTOMER_WRITERS,
  RecordChannel: CUSTOMER_WRITERS,
  SetDemographics: CUSTOMER_WRITERS,
  TagCustomer: [...CUSTOMER_WRITERS, Role.MARKETER],
  UntagCustomer: [...CUSTOMER_WRITERS, Role.MARKETER],
  DeclareCustomField: [Role.ADMIN],
  SetCustomFieldValues: CUSTOMER_WRITERS,
  RecordInteraction: CUSTOMER_WRITERS,
  RecordPurchase: CUSTOMER_SALES,
  GrantConsent: [...CUSTOMER_WRITERS, Role.MARKETER],
  WithdrawConsent: [...CUSTOMER_WRITERS, Role.MARKETER],
  CheckConsent: ALL_ROLES,
  FindDuplicateCandidates: [
    Role.ADMIN,
    Role.SALES_MANAGER,
    Role.SALES_REP,
    Role.SERVICE_AGENT,
    Role.AUDITOR,
  ],
  MergeCustomers: [Role.ADMIN, Role.SALES_MANAGER],
  StartImport: CUSTOMER_IMPORTERS,
  StreamImport: CUSTOMER_IMPORTERS,
  GetImportStatus: [...CUSTOMER_IMPORTERS, Role.AUDITOR],
  ExportPersonalData: [Role.ADMIN, Role.AUDITOR],
  ErasePersonalData: [Role.ADMIN],
} as const satisfies Readonly<Record<string, readonly Role[]>>;

export type CustomersRpc = keyof typeof CUSTOMERS_RPC_ROLES;

export function isCustomersRpc(name: string): name is CustomersRpc {
  return Object.prototype.hasOwnProperty.call(CUSTOMERS_RPC_ROLES, name);
}

/** Whether the principal holds a role that may call `rpc` (unknown RPCs: nobody). */
export function mayCallCustomersRpc(principal: Principal, rpc: string): boolean {
  if (!isCustomersRpc(rpc)) return false;
  const allowed: readonly Role[] = CUSTOMERS_RPC_ROLES[rpc];
  return principal.roles.some((r) => allowed.includes(r));
}
