// Which roles may call each RPC of crm.loyalty.v1.LoyaltyService (proto/loyalty.proto). The gateway
// declares the same roles on the GraphQL operations that send these RPCs; services/loyalty refuses
// any other caller with PERMISSION_DENIED before it reads or writes anything. Loyalty accounts are
// tenant-wide (no per-owner record scope): front-line roles serve any member at checkout.
import { Role } from './role';
import { type Principal } from './principal';

/** Roles that serve members at checkout or on the phone. */
export const LOYALTY_FRONT_LINE = [
  Role.ADMIN,
  Role.SALES_MANAGER,
  Role.SALES_REP,
  Role.SERVICE_AGENT,
] as const;

export const LOYALTY_RPC_ROLES = {
  DefineProgram: [Role.ADMIN, Role.MARKETER],
  EnrolMember: [...LOYALTY_FRONT_LINE, Role.MARKETER],
  RecordPurchase: [Role.ADMIN, Role.SALES_MANAGER, Role.SALES_REP],
  ReservePoints: LOYALTY_FRONT_LINE,
  ConfirmReservation: LOYALTY_FRONT_LINE,
  ReleaseReservation: LOYALTY_FRONT_LINE,
  AdjustPoints: [Role.ADMIN, Role.SALES_MANAGER, Role.SERVICE_AGENT],
  ApproveAdjustment: [Role.ADMIN, Role.SALES_MANAGER],
  VerifyMember: [Role.ADMIN, Role.AUDITOR],
  // Disputes: the people who settle them, and auditors.
  GetMemberAsOf: [Role.ADMIN, Role.SALES_MANAGER, Role.SERVICE_AGENT, Role.AUDITOR],
  IssueReferralCode: [...LOYALTY_FRONT_LINE, Role.MARKETER],
  RecordReferral: [...LOYALTY_FRONT_LINE, Role.MARKETER],
} as const satisfies Readonly<Record<string, readonly Role[]>>;

export type LoyaltyRpc = keyof typeof LOYALTY_RPC_ROLES;

export function isLoyaltyRpc(name: string): name is LoyaltyRpc {
  return Object.prototype.hasOwnProperty.call(LOYALTY_RPC_ROLES, name);
}

/** Whether the principal holds a role that may call `rpc` (unknown RPCs: nobody). */
export function mayCallLoyaltyRpc(principal: Principal, rpc: string): boolean {
  if (!isLoyaltyRpc(rpc)) return false;
  const allowed: readonly Role[] = LOYALTY_RPC_ROLES[rpc];
  return principal.roles.some((r) => allowed.includes(r));
}
