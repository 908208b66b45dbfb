// The ticket 360: fields of `Ticket` that gather, in one query, what an agent needs beside the
// queue facts — the conversation with its message texts and the SLA clocks (from the service, which
// holds the personal data and the clock history), the suggested articles (knowledge-base read
// model) and the customer with their own 360 (in the caller's customer scope: null when the ticket
// has no customer or the caller may not see them). Each field is asked for only when selected.
import { SERVICE_DESK_RPC_ROLES } from '@crm/access-policy';
import { Inject } from '@nestjs/common';
import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { CustomerAccess } from '../customers/customer-access';
import { Customer } from '../customers/models/customer.model';
import { type GatewayContext } from '../graphql/gateway-context';
import { NotFoundError } from '../graphql/gateway-errors';
import { ArticleMatch } from './knowledge-base.models';
import { SlaClock, Ticket, TicketConversation } from './service-desk.models';
import {
  SERVICE_DESK_CLIENT,
  SERVICE_DESK_READ_MODELS,
  type ServiceDeskClient,
  type ServiceDeskReadModels,
} from './service-desk.ports';
import { draftArg, readConversation, readSlaClock, suggestArticles } from './ticket-reads';

const READERS = SERVICE_DESK_RPC_ROLES.GetSlaClock;

@Resolver(() => Ticket)
export class Ticket360Resolver {
  constructor(
    @Inject(SERVICE_DESK_CLIENT) private readonly client: ServiceDeskClient,
    @Inject(SERVICE_DESK_READ_MODELS) private readonly readModels: ServiceDeskReadModels,
    @Inject(CustomerAccess) private readonly customers: CustomerAccess,
  ) {}

  @ResolveField(() => TicketConversation, {
    description: 'The conversation with its message texts (and those of merged duplicates).',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.GetTicketConversation)
  conversation(@Parent() ticket: Ticket, @Context() ctx: GatewayContext) {
    return readConversation(this.client, ctx, ticket.ticketId);
  }

  @ResolveField(() => SlaClock, {
    description: 'The SLA clocks as of an instant (now when omitted), with their timelines.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.GetSlaClock)
  slaClock(
    @Parent() ticket: Ticket,
    @Args('asOf', { type: () => String, nullable: true, description: 'ISO-8601 instant.' })
    asOf: string | null | undefined,
    @Context() ctx: GatewayContext,
  ) {
    return readSlaClock(this.client, ctx, ticket.ticketId, asOf);
  }

  @ResolveField(() => [ArticleMatch], {
    description:
      "Published articles ranked on the ticket's subject and tags, the customer's latest message and, while you write a reply, your draft.",
  })
  @AllowRoles(...READERS)
  suggestedArticles(
    @Parent() ticket: Ticket,
    @Args('locale', { type: () => String, nullable: true }) locale: string | null | undefined,
    @Args('limit', { type: () => Int, nullable: true, description: '1-50, default 5.' })
    limit: number | null | undefined,
    @draftArg() draft: string | null | undefined,
    @Context() ctx: GatewayContext,
  ) {
    return suggestArticles({ client: this.client, readModels: this.readModels }, ctx, ticket, {
      locale,
      limit: limit ?? 5,
      draft,
    });
  }

  @ResolveField(() => Customer, {
    nullable: true,
    description:
      'The customer (their 360) when the ticket has one within your customer scope; null otherwise.',
  })
  @AllowRoles(...READERS)
  async customer(
    @Parent() ticket: Ticket,
    @Context() ctx: GatewayContext,
  ): Promise<Customer | null> {
    if (!ticket.customerId) return null;
    try {
      return await this.customers.visibleCustomer(ctx, ticket.customerId);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }
}
