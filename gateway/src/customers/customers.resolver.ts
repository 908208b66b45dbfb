// Customer queries, answered from the read models: the customer 360, search with cursor
// pagination, and the timeline. Every answer is limited to the caller's tenant and record scope.
import { CUSTOMER_360_PROJECTION, CUSTOMER_TIMELINE_PROJECTION } from '@crm/customers-read-models';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowAnyRole } from '../authz/allow.decorator';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError } from '../graphql/gateway-errors';
import { ParseUuidPipe } from '../graphql/parse-uuid.pipe';
import { connectionComplexity } from '../graphql/query-limits';
import {
  AT_LEAST_POSITION_ARG,
  AT_LEAST_POSITION_DESCRIPTION,
  ReadConsistency,
} from '../read-consistency/read-consistency';
import { User, toUser } from '../users/user.model';
import { CustomerAccess, principalOf } from './customer-access';
import { CustomersArgs, DEFAULT_PAGE_SIZE, TimelineArgs } from './inputs/customer-search.inputs';
import { CustomerConnection, TimelineConnection } from './models/connections.model';
import { Customer } from './models/customer.model';
import {
  CUSTOMER_READ_MODELS,
  type CustomerReadModels,
  type CustomerSearchFilter,
  InvalidCursorError,
  type Page,
} from './read/customer-read-models.port';

function toConnection<T>(page: Page<T>): {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
} {
  const edges = page.items.map((i) => ({ cursor: i.cursor, node: i.node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

async function withCursorErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new BadUserInputError('Invalid input: after is not a cursor of this list.', [
        {
          field: 'after',
          code: 'INVALID_FORMAT',
          message: 'after must be the endCursor of a previous page of the same query',
        },
      ]);
    }
    throw error;
  }
}

@Resolver(() => Customer)
export class CustomersResolver {
  constructor(
    @Inject(CUSTOMER_READ_MODELS) private readonly readModels: CustomerReadModels,
    @Inject(CustomerAccess) private readonly access: CustomerAccess,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
  ) {}

  @Query(() => Customer, {
    description: 'The customer 360. NOT_FOUND for ids outside your tenant or record scope.',
  })
  @AllowAnyRole()
  async customer(
    @Args('id', { type: () => ID }, ParseUuidPipe) id: string,
    @Args(AT_LEAST_POSITION_ARG, {
      type: () => String,
      nullable: true,
      description: AT_LEAST_POSITION_DESCRIPTION,
    })
    atLeastPosition: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<Customer> {
    await this.consistency.atLeast(atLeastPosition, [CUSTOMER_360_PROJECTION]);
    return this.access.visibleCustomer(ctx, id);
  }

  @Query(() => CustomerConnection, {
    description: 'Search within your record scope, newest first.',
    complexity: connectionComplexity(DEFAULT_PAGE_SIZE),
  })
  @AllowAnyRole()
  async customers(
    @Args() args: CustomersArgs,
    @Context() ctx: GatewayContext,
  ): Promise<CustomerConnection> {
    await this.consistency.atLeast(args.atLeastPosition, [CUSTOMER_360_PROJECTION]);
    const principal = principalOf(ctx);
    const f = args.filter;
    const filter: CustomerSearchFilter = {
      ...(f?.text ? { text: f.text.trim() } : {}),
      ...(f?.kinds?.length ? { kinds: f.kinds } : {}),
      ...(f?.statuses?.length ? { statuses: f.statuses } : {}),
      ...(f?.tags?.length ? { tags: f.tags } : {}),
      ...(f?.ownerUserId ? { ownerUserId: f.ownerUserId } : {}),
      ...(f?.teamId ? { teamId: f.teamId } : {}),
      ...(f?.customField
        ? { customField: { name: f.customField.name, value: f.customField.value } }
        : {}),
    };
    const scope = await ctx.loaders.customerScope();
    const page = await withCursorErrors(() =>
      this.readModels.search(principal.tenantId, scope, filter, {
        first: args.first ?? DEFAULT_PAGE_SIZE,
        ...(args.after ? { after: args.after } : {}),
      }),
    );
    return toConnection(page);
  }

  @Query(() => TimelineConnection, {
    description: 'What happened to or with the customer, newest first.',
    complexity: connectionComplexity(DEFAULT_PAGE_SIZE),
  })
  @AllowAnyRole()
  async customerTimeline(
    @Args() page: TimelineArgs,
    @Context() ctx: GatewayContext,
  ): Promise<TimelineConnection> {
    const id = page.id;
    await this.consistency.atLeast(page.atLeastPosition, [
      CUSTOMER_360_PROJECTION,
      CUSTOMER_TIMELINE_PROJECTION,
    ]);
    await this.access.visibleCustomer(ctx, id);
    const principal = principalOf(ctx);
    const result = await withCursorErrors(() =>
      this.readModels.timeline(principal.tenantId, id, {
        first: page.first ?? DEFAULT_PAGE_SIZE,
        ...(page.after ? { after: page.after } : {}),
      }),
    );
    return toConnection(result);
  }

  @ResolveField(() => User, {
    nullable: true,
    description: 'The owning user (batched per request).',
  })
  @AllowAnyRole()
  async owner(@Parent() customer: Customer, @Context() ctx: GatewayContext): Promise<User | null> {
    if (!customer.ownerUserId) return null;
    const user = await ctx.loaders.users.load(customer.ownerUserId);
    return user ? toUser(user) : null;
  }
}
