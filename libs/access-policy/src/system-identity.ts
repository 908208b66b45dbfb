// Named system identities: processes that act without a person (importers, reactors, timers, CLIs)
// call services under `system:<name>`, and that name becomes the `actor` ({ kind: 'system', name })
// of every event they cause. A process inside a service passes `systemCaller(...)` to its own
// application directly; a process outside (a CLI) mints a token with `mintSystemToken` and calls the
// service over gRPC like the gateway does. The roles given decide what the process may do.
import { type Role } from './role';
import {
  SYSTEM_NAME,
  type ServiceAudience,
  type ServiceCaller,
  type ServiceTokenSigner,
} from './service-token';

export function systemCaller(
  name: string,
  tenantId: string,
  roles: readonly Role[],
): ServiceCaller {
  if (!SYSTEM_NAME.test(name))
    throw new RangeError(
      `system identity "${name}" must be a name or <context>.<name>, each starting with a letter and using only a-z, 0-9 and - (max 63)`,
    );
  return { tenantId, actor: { kind: 'system', name }, roles, teamId: null, teamMemberIds: [] };
}

/** A service call token for system process `name` in `tenantId` (valid for the signer's lifetime). */
export function mintSystemToken(
  signer: ServiceTokenSigner,
  audience: ServiceAudience,
  identity: { name: string; tenantId: string; roles: readonly Role[] },
): Promise<string> {
  return signer.sign(systemCaller(identity.name, identity.tenantId, identity.roles), audience);
}
