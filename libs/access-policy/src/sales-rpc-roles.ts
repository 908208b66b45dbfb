// Which roles may call each RPC of crm.sales.v1.SalesService (proto/sales.proto), and which sales
// records (leads, opportunities, orders, quotes, activities) a principal may act on. services/sales refuses any other
// caller with PERMISSION_DENIED before it reads or writes anything, and a record out of scope with
// NOT_FOUND; the gateway declares the same roles on the GraphQL operations and filters reads with
// the same scope:
//   admin, auditor   every sales record of their tenant (auditors only read)
//   sales manager    records owned by a member of their team or assigned to their team
//   sales rep        records they own
// Owner and team rules when a record is given an owner are customers' (ownerAssignmentProblem).
import { customerScopeOf, type CustomerScope } from './customer-access.policy';
import { type Principal } from './principal';
import { Role } from './role';

export const SALES_WRITERS = [Role.ADMIN, Role.SALES_MANAGER, Role.SALES_REP] as const;
const SALES_LEADS = [Role.ADMIN, Role.SALES_MANAGER] as const;

export const SALES_RPC_ROLES = {
  CaptureLead: SALES_WRITERS,
  AssignLead: SALES_LEADS,
  QualifyLead: SALES_WRITERS,
  DisqualifyLead: SALES_WRITERS,
  ConvertLead: SALES_WRITERS,
  OpenOpportunity: SALES_WRITERS,
  MoveOpportunityStage: SALES_WRITERS,
  WinOpportunity: SALES_WRITERS,
  LoseOpportunity: SALES_WRITERS,
  ReopenOpportunity: SALES_LEADS,
  PlaceOrder: SALES_WRITERS,
  CancelOrder: SALES_LEADS,
  RefundOrder: SALES_LEADS,
  CreateQuote: SALES_WRITERS,
  ReviseQuote: SALES_WRITERS,
  // The approver role of the quote approval policy: a sales manager (their team's quotes) or an admin.
  ApproveQuote: SALES_LEADS,
  SendQuote: SALES_WRITERS,
  AcceptQuote: SALES_WRITERS,
  RejectQuote: SALES_WRITERS,
  ScheduleActivity: SALES_WRITERS,
  RescheduleActivity: SALES_WRITERS,
  CompleteActivity: SALES_WRITERS,
  CancelActivity: SALES_WRITERS,
  RecordLeadEngagement: SALES_WRITERS,
  ScoreLead: SALES_WRITERS,
  DefineLeadScoringModel: SALES_LEADS,
  SubmitForecast: SALES_WRITERS,
  AdjustForecast: SALES_LEADS,
  EraseLead: SALES_LEADS,
  ImportLeads: SALES_WRITERS,
  StartContract: SALES_WRITERS,
  RenewContract: SALES_WRITERS,
  TerminateContract: SALES_LEADS,
  SetQuota: SALES_LEADS,
  // A query (replayed from the store): auditors read too; the result is filtered to the caller's scope.
  PipelineAsOf: [...SALES_WRITERS, Role.AUDITOR],
  DefineSalesTeam: SALES_LEADS,
  // Order fulfilment, on orders in the caller's scope (ERP and e-commerce integrations act as admins).
  PayOrder: SALES_WRITERS,
  ShipOrder: SALES_WRITERS,
  CompleteOrder: SALES_WRITERS,
  SetOpportunityLines: SALES_WRITERS,
  OverrideOpportunityProbability: SALES_WRITERS,
  // A query for the conversion (ADR 0380): whoever may convert the lead reads its contact to do so.
  LeadConversionSource: SALES_WRITERS,
  // The tenant's quote approval policy (ADR 0382): who approves which quotes is the admins' call.
  DefineQuoteApprovalPolicy: [Role.ADMIN],
  // Reading the policy in force (ADR 0441): its definers, and auditors of the tenant.
  QuoteApprovalPolicy: [Role.ADMIN, Role.AUDITOR],
  ScheduleLeadFollowUp: SALES_WRITERS,
  // Internal notes (ADR 0384): on records in the caller's scope.
  AddSalesNote: SALES_WRITERS,
  RemoveSalesNote: SALES_WRITERS,
  // A query (ADR 0400): the texts of notes in the caller's scope; auditors read notes too.
  SalesNoteTexts: [...SALES_WRITERS, Role.AUDITOR],
} as const satisfies Readonly<Record<string, readonly Role[]>>;

export type SalesRpcName = keyof typeof SALES_RPC_ROLES;

export function isSalesRpc(name: string): name is SalesRpcName {
  return Object.prototype.hasOwnProperty.call(SALES_RPC_ROLES, name);
}

/** Whether the principal holds a role that may call `rpc` (unknown RPCs: nobody). */
export function mayCallSalesRpc(principal: Principal, rpc: string): boolean {
  if (!isSalesRpc(rpc)) return false;
  const allowed: readonly Role[] = SALES_RPC_ROLES[rpc];
  return principal.roles.some((r) => allowed.includes(r));
}

/** Sales records a principal may see; same shape (and `scopeIncludes`) as customers'. */
export type SalesScope = CustomerScope;

const SALES_TENANT_WIDE: readonly Role[] = [Role.ADMIN, Role.AUDITOR];

/**
 * The sales scope of a principal. Unlike customers, service agents and marketers see no sales
 * records (they hold no sales role); managers and reps get the same owner/team scope.
 */
export function salesScopeOf(principal: Principal, teamMemberIds: readonly string[]): SalesScope {
  if (principal.roles.some((r) => SALES_TENANT_WIDE.includes(r))) return { kind: 'tenant' };
  if (!principal.roles.includes(Role.SALES_MANAGER) && !principal.roles.includes(Role.SALES_REP)) {
    return { kind: 'owned', ownerUserIds: [], teamIds: [] };
  }
  return customerScopeOf(
    {
      ...principal,
      roles: principal.roles.filter((r) => r !== Role.SERVICE_AGENT && r !== Role.MARKETER),
    },
    teamMemberIds,
  );
}
