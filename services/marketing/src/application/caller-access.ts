// The shared access policy (libs/access-policy) applied inside the service: roles per RPC, refused
// with PERMISSION_DENIED before anything is read or written. Marketing records are tenant-wide.
import { mayCallMarketingRpc, principalOfCaller, type ServiceCaller } from '@crm/access-policy';
import { MarketingDomainError } from '@crm/marketing-domain';

/** The caller's roles do not allow the operation (says nothing about any record). */
export class CallerNotAllowedError extends MarketingDomainError {
  readonly code = 'PERMISSION_DENIED';
}

export function assertMayCall(caller: ServiceCaller, rpc: string): void {
  if (!mayCallMarketingRpc(principalOfCaller(caller), rpc))
    throw new CallerNotAllowedError(`The caller's roles do not allow ${rpc}.`);
}
