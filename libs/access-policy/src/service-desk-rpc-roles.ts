// Which roles may call each RPC of crm.service_desk.v1.ServiceDeskService (proto/service-desk.proto),
// and which tickets a principal may act on. services/service-desk refuses any other caller with
// PERMISSION_DENIED before it reads or writes anything, and a ticket out of scope with NOT_FOUND;
// the gateway declares the same roles on the GraphQL operations and filters reads with the same
// scope:
//   admin, auditor   every ticket of their tenant (auditors only read)
//   service lead     tickets of their team, and unassigned tickets
//   service agent    tickets assigned to them, and unassigned tickets (the shared queue)
import { type Principal } from './principal';
import { ALL_ROLES, Role } from './role';

export const SERVICE_DESK_WRITERS = [Role.ADMIN, Role.SERVICE_LEAD, Role.SERVICE_AGENT] as const;
const SERVICE_DESK_LEADS = [Role.ADMIN, Role.SERVICE_LEAD] as const;
const SERVICE_DESK_READERS = [...SERVICE_DESK_WRITERS, Role.AUDITOR] as const;

export const SERVICE_DESK_RPC_ROLES = {
  OpenTicket: SERVICE_DESK_WRITERS,
  AssignTicket: SERVICE_DESK_LEADS,
  SetTicketStatus: SERVICE_DESK_WRITERS,
  ReplyToCustomer: SERVICE_DESK_WRITERS,
  AddInternalNote: SERVICE_DESK_WRITERS,
  RecordCustomerMessage: SERVICE_DESK_WRITERS,
  ChangePriority: SERVICE_DESK_LEADS,
  ClassifyTicket: SERVICE_DESK_WRITERS,
  RecordComplaintAnalysis: SERVICE_DESK_WRITERS,
  ResolveTicket: SERVICE_DESK_WRITERS,
  CloseTicket: SERVICE_DESK_WRITERS,
  ReopenTicket: SERVICE_DESK_LEADS,
  LinkCustomer: SERVICE_DESK_WRITERS,
  GetSlaClock: SERVICE_DESK_READERS,
  WriteArticleVersion: SERVICE_DESK_WRITERS,
  PublishArticle: SERVICE_DESK_LEADS,
  RetireArticle: SERVICE_DESK_LEADS,
  RecordArticleDeflection: SERVICE_DESK_WRITERS,
  AnswerCsatSurvey: ALL_ROLES,
  SendNpsSurvey: SERVICE_DESK_LEADS,
  AnswerNpsSurvey: ALL_ROLES,
  MergeTickets: SERVICE_DESK_WRITERS,
  GetTicketConversation: SERVICE_DESK_READERS,
  CompleteCareTask: SERVICE_DESK_WRITERS,
  DismissCareTask: SERVICE_DESK_WRITERS,
} as const satisfies Readonly<Record<string, readonly Role[]>>;

export type ServiceDeskRpc = keyof typeof SERVICE_DESK_RPC_ROLES;

export function isServiceDeskRpc(name: string): name is ServiceDeskRpc {
  return Object.prototype.hasOwnProperty.call(SERVICE_DESK_RPC_ROLES, name);
}

/**
 * RPCs whose authority is a signed link the service verifies itself (a survey answer from a
 * customer's mail), not the caller's roles: any verified caller may relay them.
 */
export const SIGNED_LINK_RPCS: ReadonlySet<ServiceDeskRpc> = new Set([
  'AnswerCsatSurvey',
  'AnswerNpsSurvey',
]);

/** Whether the principal holds a role that may call `rpc` (unknown RPCs: nobody). */
export function mayCallServiceDeskRpc(principal: Principal, rpc: string): boolean {
  if (!isServiceDeskRpc(rpc)) return false;
  if (SIGNED_LINK_RPCS.has(rpc)) return true;
  const allowed: readonly Role[] = SERVICE_DESK_RPC_ROLES[rpc];
  return principal.roles.some((r) => allowed.includes(r));
}

/** The tickets a principal may see and act on. */
export type TicketScope =
  | { readonly kind: 'tenant' }
  | { readonly kind: 'team'; readonly teamId: string | null; readonly agentId: string }
  | { readonly kind: 'own'; readonly agentId: string }
  | { readonly kind: 'none' };

export function ticketScopeOf(principal: Principal): TicketScope {
  if (principal.roles.includes(Role.ADMIN) || principal.roles.includes(Role.AUDITOR)) {
    return { kind: 'tenant' };
  }
  if (principal.roles.includes(Role.SERVICE_LEAD)) {
    return { kind: 'team', teamId: principal.teamId, agentId: principal.userId };
  }
  if (principal.roles.includes(Role.SERVICE_AGENT))
    return { kind: 'own', agentId: principal.userId };
  return { kind: 'none' };
}

/** Whether a ticket with this assignee and team lies in the scope (unassigned: every desk role). */
export function ticketInScope(
  scope: TicketScope,
  ticket: { readonly assigneeId?: string; readonly teamId?: string },
): boolean {
  switch (scope.kind) {
    case 'tenant':
      return true;
    case 'none':
      return false;
    case 'team':
      return (
        ticket.assigneeId === undefined ||
        ticket.assigneeId === scope.agentId ||
        (scope.teamId !== null && ticket.teamId === scope.teamId)
      );
    case 'own':
      return ticket.assigneeId === undefined || ticket.assigneeId === scope.agentId;
    default: {
      const unhandled: never = scope;
      return unhandled;
    }
  }
}
