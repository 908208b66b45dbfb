// The `customerChanged(id)` subscription over graphql-ws. The caller must be able to see the
// customer when subscribing (NOT_FOUND otherwise); events come only from the caller's tenant, and
// the stream ends when an ownership change moves the customer out of an owner-scoped caller's view.
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Parent, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { scopeIncludes } from '@crm/access-policy';
import { AllowAnyRole } from '../../authz/allow.decorator';
import { type GatewayContext } from '../../graphql/gateway-context';
import { ParseUuidPipe } from '../../graphql/parse-uuid.pipe';
import { CustomerAccess, principalOf } from '../customer-access';
import { Customer } from '../models/customer.model';
import {
  CUSTOMER_READ_MODELS,
  type CustomerReadModels,
  type CustomerScope,
} from '../read/customer-read-models.port';
import { CustomerChange } from './customer-change.model';
import { CUSTOMER_CHANGE_HUB, type CustomerChangeHub } from './customer-change-hub';

/** Passes changes through while the customer stays in scope; ends the stream when it leaves. */
export function scopedChanges(
  source: AsyncIterableIterator<CustomerChange>,
  scope: CustomerScope,
  initial: { ownerUserId: string | null; teamId: string | null },
): AsyncIterableIterator<CustomerChange> {
  let ownership = initial;
  const iterator: AsyncIterableIterator<CustomerChange> = {
    next: async () => {
      const result = await source.next();
      if (result.done) return result;
      if (result.value.ownership) ownership = result.value.ownership;
      if (!scopeIncludes(scope, ownership)) {
        await source.return?.();
        return { value: undefined, done: true };
      }
      return result;
    },
    return: async () => (source.return ? source.return() : { value: undefined, done: true }),
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

@Resolver(() => CustomerChange)
export class CustomerChangesResolver {
  constructor(
    @Inject(CUSTOMER_CHANGE_HUB) private readonly hub: CustomerChangeHub,
    @Inject(CustomerAccess) private readonly access: CustomerAccess,
    @Inject(CUSTOMER_READ_MODELS) private readonly readModels: CustomerReadModels,
  ) {}

  @Subscription(() => CustomerChange, {
    description: 'Live changes of one customer (graphql-ws).',
    resolve: (change: CustomerChange) => change,
  })
  @AllowAnyRole()
  async customerChanged(
    @Args('id', { type: () => ID }, ParseUuidPipe) id: string,
    @Context() ctx: GatewayContext,
  ): Promise<AsyncIterableIterator<CustomerChange>> {
    const principal = principalOf(ctx);
    const scope = await ctx.loaders.customerScope();
    if (scope.kind === 'tenant') return this.hub.subscribe(principal.tenantId, id);
    const customer = await this.access.visibleCustomer(ctx, id);
    return scopedChanges(this.hub.subscribe(principal.tenantId, id), scope, customer);
  }

  @ResolveField(() => Customer, { nullable: true })
  @AllowAnyRole()
  async customer(
    @Parent() change: CustomerChange,
    @Context() ctx: GatewayContext,
  ): Promise<Customer | null> {
    const principal = principalOf(ctx);
    const [customer, scope] = await Promise.all([
      this.readModels.customer360(principal.tenantId, change.customerId),
      ctx.loaders.customerScope(),
    ]);
    return customer && scopeIncludes(scope, customer) ? customer : null;
  }
}
