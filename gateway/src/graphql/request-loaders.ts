// Per-request look-ups, batched and cached for the request's lifetime (DataLoader), so that a page
// of 100 customers costs one user query for their owners, not 100. Every look-up is scoped by the
// caller's tenant.
import DataLoader from 'dataloader';
import { customerScopeOf, scopeNeedsTeam } from '@crm/access-policy';
import { type Principal } from '../authz/principal';
import { type CustomerScope } from '../customers/read/customer-read-models.port';
import { type UserRecord } from '../users/user.repository';
import { type UserStore } from '../users/user-store';

export class RequestLoaders {
  readonly users: DataLoader<string, UserRecord | null>;
  private teamMembers: Promise<string[]> | undefined;
  private scope: Promise<CustomerScope> | undefined;

  constructor(
    private readonly store: UserStore,
    private readonly principal: Principal | null,
  ) {
    this.users = new DataLoader<string, UserRecord | null>(
      async (ids) => {
        if (!principal) return ids.map(() => null);
        const rows = await store.findByIds(principal.tenantId, ids);
        const byId = new Map(rows.map((r) => [r.userId, r]));
        return ids.map((id) => byId.get(id) ?? null);
      },
      { maxBatchSize: 500 },
    );
  }

  /** User ids of the caller's team (empty without a team). */
  teamMemberIds(): Promise<string[]> {
    const p = this.principal;
    this.teamMembers ??= p?.teamId
      ? this.store.teamMemberIds(p.tenantId, p.teamId)
      : Promise.resolve([]);
    return this.teamMembers;
  }

  /** The caller's record-level scope over customers. */
  customerScope(): Promise<CustomerScope> {
    const p = this.principal;
    if (!p) return Promise.reject(new Error('customerScope needs a principal'));
    this.scope ??= (scopeNeedsTeam(p) ? this.teamMemberIds() : Promise.resolve([])).then(
      (members) => customerScopeOf(p, members),
    );
    return this.scope;
  }
}
