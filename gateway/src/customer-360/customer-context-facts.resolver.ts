// The customer 360 composed across contexts: fields of `Customer` that read the sales and
// service-desk read models (loyalty's is `Customer.loyalty`, gateway/src/loyalty), each in that context's own record scope (a rep sees their own
// opportunities, an agent the tickets in their queue scope). A caller whose role cannot read a
// context gets null for it rather than an error, so one query serves every role's 360 screen.
import { SERVICE_DESK_RPC_ROLES, hasAnyRole, ticketScopeOf } from '@crm/access-policy';
import { TICKET_STATUSES } from '@crm/service-desk-domain';
import { TICKET_QUEUE_MAX_LIMIT } from '@crm/service-desk-read-models';
import { Inject } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowAnyRole } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { Customer } from '../customers/models/customer.model';
import { type GatewayContext } from '../graphql/gateway-context';
import { SALES_READERS, salesScopeOfCaller } from '../sales/sales-resolver.base';
import { SALES_READ_MODELS, type SalesReadModels } from '../sales/sales.ports';
import {
  SERVICE_DESK_READ_MODELS,
  type ServiceDeskReadModels,
} from '../service-desk/service-desk.ports';
import { salesFactsOf } from './customer-context-facts';
import { CustomerSalesFacts, CustomerServiceFacts } from './customer-context-facts.models';

const TICKET_READERS = SERVICE_DESK_RPC_ROLES.GetSlaClock;
const OPEN_TICKET_STATUSES = TICKET_STATUSES.filter((s) => s !== 'resolved' && s !== 'closed');
const RECENT_OPEN_TICKETS = 20;

@Resolver(() => Customer)
export class CustomerContextFactsResolver {
  constructor(
    @Inject(SALES_READ_MODELS) private readonly salesReadModels: SalesReadModels,
    @Inject(SERVICE_DESK_READ_MODELS) private readonly serviceDeskReadModels: ServiceDeskReadModels,
  ) {}

  @ResolveField(() => CustomerSalesFacts, {
    nullable: true,
    description:
      'Open opportunities of this customer in your sales scope; null when your role cannot read sales.',
  })
  @AllowAnyRole()
  async sales(
    @Parent() customer: Customer,
    @Context() ctx: GatewayContext,
  ): Promise<CustomerSalesFacts | null> {
    const principal = principalOf(ctx);
    if (!hasAnyRole(principal, SALES_READERS)) return null;
    const open = await this.salesReadModels.openOpportunitiesOfCustomer(
      principal.tenantId,
      await salesScopeOfCaller(ctx),
      customer.id,
    );
    return salesFactsOf(open);
  }

  @ResolveField(() => CustomerServiceFacts, {
    nullable: true,
    description: `Open tickets of this customer in your ticket scope (counted up to ${TICKET_QUEUE_MAX_LIMIT}) and their last CSAT and NPS answers; null when your role cannot read tickets.`,
  })
  @AllowAnyRole()
  async serviceDesk(
    @Parent() customer: Customer,
    @Context() ctx: GatewayContext,
  ): Promise<CustomerServiceFacts | null> {
    const principal = principalOf(ctx);
    if (!hasAnyRole(principal, TICKET_READERS)) return null;
    const scope = ticketScopeOf(principal);
    const [open, satisfaction] = await Promise.all([
      this.serviceDeskReadModels.queue(principal.tenantId, scope, {
        customerId: customer.id,
        statuses: OPEN_TICKET_STATUSES,
        limit: TICKET_QUEUE_MAX_LIMIT,
      }),
      this.serviceDeskReadModels.lastSatisfactionOf(principal.tenantId, scope, customer.id),
    ]);
    const answer = (last: { score: number; answeredAt: string; ticketId?: string } | null) =>
      last && { ...last, ticketId: last.ticketId ?? null };
    return {
      lastCsat: answer(satisfaction.csat),
      lastNps: answer(satisfaction.nps),
      openTickets: open.length,
      recentOpenTickets: open.slice(0, RECENT_OPEN_TICKETS).map((t) => ({
        ticketId: t.ticketId,
        subject: t.subject,
        status: t.status,
        priority: t.priority,
        lastActivityAt: t.lastActivityAt,
      })),
    };
  }
}
