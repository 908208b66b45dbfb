// The shared access policy (libs/access-policy) applied inside the service, so a caller that gets
// past the gateway, or around it, meets the same rules: roles per RPC (PERMISSION_DENIED), record
// scope against the customer's owner and team as stored (NOT_FOUND, like the gateway: existence is
// not revealed) and who may be given as owner or team, also per imported row (PERMISSION_DENIED).
import {
  customerScopeOf,
  mayCallCustomersRpc,
  ownerAssignmentProblem,
  principalOfCaller,
  scopeIncludes,
  type CustomerScope,
  type ServiceCaller,
} from '@crm/access-policy';
import {
  CustomerNotFoundError,
  CustomersDomainError,
  type CustomerCommand,
  type CustomerEvent,
  type CustomerState,
} from '@crm/customers-domain';
import type { Decider } from '@crm/event-sourcing';

/** The caller's roles do not allow the operation (says nothing about any record). */
export class CallerNotAllowedError extends CustomersDomainError {
  readonly code = 'PERMISSION_DENIED';
}

export function assertMayCall(caller: ServiceCaller, rpc: string): void {
  if (!mayCallCustomersRpc(principalOfCaller(caller), rpc))
    throw new CallerNotAllowedError(`The caller's roles do not allow ${rpc}.`);
}

export function scopeOfCaller(caller: ServiceCaller): CustomerScope {
  return customerScopeOf(principalOfCaller(caller), caller.teamMemberIds);
}

/** Whether the caller sees every customer of the tenant (no per-record check needed). */
export function seesWholeTenant(caller: ServiceCaller): boolean {
  return scopeOfCaller(caller).kind === 'tenant';
}

/** Whether the caller may see this customer: registered and in their record scope. */
export function isVisibleTo(caller: ServiceCaller, state: CustomerState): boolean {
  return state.stage === 'registered' && scopeIncludes(scopeOfCaller(caller), state);
}

/** Out of scope reads exactly like a customer that does not exist. */
export function assertVisible(caller: ServiceCaller, state: CustomerState): void {
  if (state.stage === 'registered' && !scopeIncludes(scopeOfCaller(caller), state))
    throw new CustomerNotFoundError(state.customerId);
}

/** The owner and team a command gives a customer, if it gives any. */
function ownershipGiven(
  command: CustomerCommand,
): { ownerUserId?: string | null; teamId?: string | null } | undefined {
  if (command.type === 'RegisterCustomer' || command.type === 'AssignOwner') return command.data;
  if (command.type === 'ImportCustomer') return command.data.registration;
  return undefined;
}

function assertOwnerAssignment(caller: ServiceCaller, command: CustomerCommand): void {
  const given = ownershipGiven(command);
  if (!given) return;
  const problem = ownerAssignmentProblem(principalOfCaller(caller), caller.teamMemberIds, {
    ownerUserId: given.ownerUserId ?? null,
    teamId: given.teamId ?? null,
  });
  if (problem) throw new CallerNotAllowedError(problem);
}

/**
 * The customer decider as `caller` may use it: the checks run on the state the command is decided
 * on, inside the optimistic-concurrency loop, so an owner changed concurrently is seen on retry.
 */
export function customerDeciderFor(
  caller: ServiceCaller,
  decider: Decider<CustomerState, CustomerCommand, CustomerEvent>,
): Decider<CustomerState, CustomerCommand, CustomerEvent> {
  return {
    ...decider,
    decide: (command, state) => {
      assertVisible(caller, state);
      assertOwnerAssignment(caller, command);
      return decider.decide(command, state);
    },
  };
}
