// The shared access policy (libs/access-policy) applied inside the service, so a caller that gets
// past the gateway, or around it, meets the same rules: roles per RPC (PERMISSION_DENIED) and
// ticket scope against the ticket's assignee and team as stored (NOT_FOUND: existence is not
// revealed). The scope is checked on the state the command is decided on, inside the
// optimistic-concurrency loop.
import {
  mayCallServiceDeskRpc,
  principalOfCaller,
  ticketInScope,
  ticketScopeOf,
  type ServiceCaller,
} from '@crm/access-policy';
import { CallerNotAllowedError, isExisting, type TicketState } from '@crm/service-desk-domain';

export function assertMayCall(caller: ServiceCaller, rpc: string): void {
  if (!mayCallServiceDeskRpc(principalOfCaller(caller), rpc)) {
    throw new CallerNotAllowedError(`The caller's roles do not allow ${rpc}.`);
  }
}

/** Whether the caller may see and act on the ticket (a ticket that does not exist: no). */
export function isVisibleTo(caller: ServiceCaller, state: TicketState): boolean {
  if (!isExisting(state)) return false;
  // System processes (mail intake, timers) act on every ticket of their tenant.
  if (caller.actor.kind === 'system') return true;
  return ticketInScope(ticketScopeOf(principalOfCaller(caller)), {
    ...(state.assigneeId !== undefined && { assigneeId: state.assigneeId }),
    ...(state.teamId !== undefined && { teamId: state.teamId }),
  });
}

/** The id that stands for the caller as the author of a reply or note. */
export function authorIdOf(caller: ServiceCaller): string {
  return principalOfCaller(caller).userId;
}
