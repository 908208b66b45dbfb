// Applies the record-level rules (authz/customer-access.policy.ts) to concrete requests. A customer
// outside the caller's tenant or scope is answered exactly like a missing one: NOT_FOUND.
import { Inject, Injectable } from '@nestjs/common';
import { scopeIncludes, scopeNeedsTeam } from '@crm/access-policy';
import { type Principal } from '../authz/principal';
import { NotFoundError, UnauthenticatedError } from '../graphql/gateway-errors';
import { type GatewayContext } from '../graphql/gateway-context';
import { type Customer } from './models/customer.model';
import { CUSTOMER_READ_MODELS, type CustomerReadModels } from './read/customer-read-models.port';

export function principalOf(ctx: GatewayContext): Principal {
  // The guard has already refused anonymous callers; this only narrows the type.
  if (!ctx.principal) throw new UnauthenticatedError();
  return ctx.principal;
}

/** The caller's team members, for the roles whose record scope is their team's; else none. */
export async function teamMemberIdsOf(ctx: GatewayContext): Promise<string[]> {
  return scopeNeedsTeam(principalOf(ctx)) ? ctx.loaders.teamMemberIds() : [];
}

@Injectable()
export class CustomerAccess {
  constructor(@Inject(CUSTOMER_READ_MODELS) private readonly readModels: CustomerReadModels) {}

  /** The customer if it exists in the caller's tenant and scope; NOT_FOUND otherwise. */
  async visibleCustomer(ctx: GatewayContext, customerId: string): Promise<Customer> {
    const principal = principalOf(ctx);
    const [customer, scope] = await Promise.all([
      this.readModels.customer360(principal.tenantId, customerId),
      ctx.loaders.customerScope(),
    ]);
    if (!customer || !scopeIncludes(scope, customer))
      throw new NotFoundError('Customer', customerId);
    return customer;
  }

  /**
   * Refuses a command on a customer outside the caller's scope. Tenant-wide callers are not looked
   * up here (the service scopes by tenant and answers CUSTOMER_NOT_FOUND itself); owner-scoped
   * callers are checked against the read model, so a customer they registered a moment ago may
   * be NOT_FOUND until its projection has caught up (docs/adr/0052).
   */
  async assertInScope(ctx: GatewayContext, customerId: string): Promise<void> {
    const scope = await ctx.loaders.customerScope();
    if (scope.kind === 'tenant') return;
    await this.visibleCustomer(ctx, customerId);
  }
}
