// Record scope of an import: which existing customers the importer may write onto, and who may read
// the run. The rules are the shared access policy's (libs/access-policy), applied to the caller the
// service verified from the call's token; the scope is the same one every other command of the
// caller is checked against (application/caller-access.ts).
import { Role, principalOfCaller, type ServiceCaller } from '@crm/access-policy';

export { scopeIncludes, type CustomerScope as ImportScope } from '@crm/access-policy';
export { scopeOfCaller as importScopeOf } from '../application/caller-access';

/** An import's status and report are for the importer and admins only. */
export function mayReadImport(caller: ServiceCaller, importerUserId: string): boolean {
  const principal = principalOfCaller(caller);
  return principal.userId === importerUserId || principal.roles.includes(Role.ADMIN);
}
