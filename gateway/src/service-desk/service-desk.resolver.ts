// The service-desk API: the agent queue and a ticket answered from the read model within the
// caller's ticket scope (agents: own and unassigned; leads: their team; admins and auditors: the
// tenant), SLA clocks as of an instant by the service, and mutations sent to services/service-desk.
// Every operation declares the roles of the RPC it sends (SERVICE_DESK_RPC_ROLES, libs/access-policy).
import { SERVICE_DESK_RPC_ROLES, ticketScopeOf } from '@crm/access-policy';
import { TICKET_QUEUE_MAX_LIMIT, TICKET_QUEUE_PROJECTION } from '@crm/service-desk-read-models';
import type { TicketQueueView } from '@crm/service-desk-read-models';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { NotFoundError } from '../graphql/gateway-errors';
import { atLeastPositionArg, ReadConsistency } from '../read-consistency/read-consistency';
import {
  SERVICE_DESK_CLIENT,
  SERVICE_DESK_READ_MODELS,
  type ServiceDeskClient,
  type ServiceDeskReadModels,
} from './service-desk.ports';
import {
  AssignTicketInput,
  ChangeTicketPriorityInput,
  ClassifyTicketInput,
  LinkTicketCustomerInput,
  MergeTicketsInput,
  OpenTicketInput,
  RecordComplaintAnalysisInput,
  ResolveTicketInput,
  SetTicketStatusInput,
  SlaClock,
  TicketConversation,
  Ticket,
  TicketCommandResult,
  TicketMessageInput,
  TicketOnlyInput,
} from './service-desk.models';
import { sendServiceDeskCommand } from './service-desk.errors';
import { readConversation, readSlaClock } from './ticket-reads';

type ServiceDeskRpc = keyof typeof SERVICE_DESK_RPC_ROLES;

const TICKET_READERS = SERVICE_DESK_RPC_ROLES.GetSlaClock;

export function ticketOf(view: TicketQueueView): Ticket {
  return {
    ticketId: view.ticketId,
    subject: view.subject,
    channel: view.channel,
    status: view.status,
    priority: view.priority,
    type: view.type,
    tags: [...view.tags],
    openedAt: view.openedAt,
    lastActivityAt: view.lastActivityAt,
    customerId: view.customerId ?? null,
    assigneeId: view.assigneeId ?? null,
    teamId: view.teamId ?? null,
    slaPolicyId: view.slaPolicyId ?? null,
    resolvedAt: view.resolvedAt ?? null,
    lastAgentReplyAt: view.lastAgentReplyAt ?? null,
    lastCustomerMessageAt: view.lastCustomerMessageAt ?? null,
    routingFailure: view.routingFailure ?? null,
    mergedInto: view.mergedInto ?? null,
    slaMarks: Object.entries(view.sla ?? {}).map(([milestone, marks]) => ({
      milestone,
      warnedAt: marks.warnedAt ?? null,
      dueAt: marks.dueAt ?? null,
      breachedAt: marks.breachedAt ?? null,
      escalationLevel: marks.escalationLevel ?? null,
    })),
  };
}

@Resolver()
export class ServiceDeskResolver {
  constructor(
    @Inject(SERVICE_DESK_CLIENT) private readonly client: ServiceDeskClient,
    @Inject(SERVICE_DESK_READ_MODELS) private readonly readModels: ServiceDeskReadModels,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
  ) {}

  private command(
    ctx: GatewayContext,
    method: ServiceDeskRpc,
    input: { idempotencyKey?: string | null; ticketId?: string | null },
    request: Record<string, unknown>,
  ): Promise<TicketCommandResult> {
    const ticketId = input.ticketId ?? '';
    return sendServiceDeskCommand(
      this.client,
      ctx,
      method,
      { ticketId, ...request },
      input.idempotencyKey,
      ticketId,
    );
  }

  @Query(() => [Ticket], {
    description:
      'The agent queue within your scope (agents: own and unassigned; leads: their team; admins: all), most recent activity first.',
  })
  @AllowRoles(...TICKET_READERS)
  async ticketQueue(
    @Args('statuses', { type: () => [String], nullable: true, description: 'e.g. ["new"].' })
    statuses: string[] | null | undefined,
    @Args('limit', {
      type: () => Int,
      nullable: true,
      description: `1-${TICKET_QUEUE_MAX_LIMIT}, default 50.`,
    })
    limit: number | null | undefined,
    @atLeastPositionArg() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<Ticket[]> {
    await this.consistency.atLeast(position, [TICKET_QUEUE_PROJECTION]);
    const principal = principalOf(ctx);
    const views = await this.readModels.queue(principal.tenantId, ticketScopeOf(principal), {
      statuses: statuses ?? [],
      limit: limit ?? undefined,
    });
    return views.map(ticketOf);
  }

  @Query(() => Ticket, { description: 'One ticket; NOT_FOUND when absent or out of your scope.' })
  @AllowRoles(...TICKET_READERS)
  async ticket(
    @Args('ticketId', { type: () => ID }) ticketId: string,
    @atLeastPositionArg() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<Ticket> {
    await this.consistency.atLeast(position, [TICKET_QUEUE_PROJECTION]);
    const principal = principalOf(ctx);
    const view = await this.readModels.ticket(
      principal.tenantId,
      ticketScopeOf(principal),
      ticketId,
    );
    if (!view) throw new NotFoundError('Ticket', ticketId);
    return ticketOf(view);
  }

  @Query(() => SlaClock, {
    description:
      "A ticket's SLA clocks as of an instant (now when omitted), with the running and paused intervals, rebuilt from its events.",
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.GetSlaClock)
  async slaClock(
    @Args('ticketId', { type: () => ID }) ticketId: string,
    @Args('asOf', { type: () => String, nullable: true, description: 'ISO-8601 instant.' })
    asOf: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SlaClock> {
    return readSlaClock(this.client, ctx, ticketId, asOf);
  }

  @Query(() => TicketConversation, {
    description:
      "A ticket's conversation (opening message, customer messages, public replies, internal notes) with its merged duplicates', read from the service.",
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.GetTicketConversation)
  async ticketConversation(
    @Args('ticketId', { type: () => ID }) ticketId: string,
    @Context() ctx: GatewayContext,
  ): Promise<TicketConversation> {
    return readConversation(this.client, ctx, ticketId);
  }

  @Mutation(() => TicketCommandResult, {
    description: 'Opens a ticket (web form, chat, phone, API); createdId is the ticket id.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.OpenTicket)
  openTicket(@Args('input') input: OpenTicketInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'OpenTicket', input, {
      channel: `TICKET_CHANNEL_${input.channel}`,
      subject: input.subject,
      body: input.body,
      requesterEmail: input.requesterEmail ?? '',
      customerId: input.customerId ?? '',
      priority: `TICKET_PRIORITY_${input.priority}`,
      type: `TICKET_TYPE_${input.type}`,
      tags: input.tags,
      requesterPhone: input.requesterPhone ?? '',
    });
  }

  @Mutation(() => TicketCommandResult, { description: 'Assigns a ticket to an agent (and team).' })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.AssignTicket)
  assignTicket(@Args('input') input: AssignTicketInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'AssignTicket', input, {
      agentId: input.agentId,
      teamId: input.teamId ?? '',
    });
  }

  @Mutation(() => TicketCommandResult, {
    description: 'in progress ⇄ waiting on customer | waiting on third party.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.SetTicketStatus)
  setTicketStatus(@Args('input') input: SetTicketStatusInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'SetTicketStatus', input, {
      status: `SETTABLE_STATUS_${input.status}`,
    });
  }

  @Mutation(() => TicketCommandResult, {
    description:
      'A public reply, mailed to the requester (threaded) when the ticket has an address.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.ReplyToCustomer)
  replyToTicket(@Args('input') input: TicketMessageInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'ReplyToCustomer', input, { body: input.body });
  }

  @Mutation(() => TicketCommandResult, { description: 'Seen by agents only; never sent.' })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.AddInternalNote)
  addTicketInternalNote(@Args('input') input: TicketMessageInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'AddInternalNote', input, { body: input.body });
  }

  @Mutation(() => TicketCommandResult, {
    description: 'A customer message taken by phone or chat and logged by an agent.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.RecordCustomerMessage)
  recordTicketCustomerMessage(
    @Args('input') input: TicketMessageInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'RecordCustomerMessage', input, { body: input.body });
  }

  @Mutation(() => TicketCommandResult, {
    description: 'Re-matches the SLA policy; business time already used carries over.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.ChangePriority)
  changeTicketPriority(
    @Args('input') input: ChangeTicketPriorityInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'ChangePriority', input, {
      priority: `TICKET_PRIORITY_${input.priority}`,
    });
  }

  @Mutation(() => TicketCommandResult, { description: 'Sets the type and tags of a ticket.' })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.ClassifyTicket)
  classifyTicket(@Args('input') input: ClassifyTicketInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'ClassifyTicket', input, {
      type: `TICKET_TYPE_${input.type}`,
      tags: input.tags,
    });
  }

  @Mutation(() => TicketCommandResult, {
    description:
      'Complaints only: the root cause and remedy, needed before the complaint can be resolved.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.RecordComplaintAnalysis)
  recordComplaintAnalysis(
    @Args('input') input: RecordComplaintAnalysisInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'RecordComplaintAnalysis', input, {
      rootCause: input.rootCause,
      remedy: input.remedy,
    });
  }

  @Mutation(() => TicketCommandResult, {
    description:
      'Resolves a ticket; a complaint without root cause and remedy fails with COMPLAINT_ANALYSIS_MISSING.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.ResolveTicket)
  resolveTicket(@Args('input') input: ResolveTicketInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'ResolveTicket', input, { resolution: input.resolution });
  }

  @Mutation(() => TicketCommandResult)
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.CloseTicket)
  closeTicket(@Args('input') input: TicketOnlyInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'CloseTicket', input, {});
  }

  @Mutation(() => TicketCommandResult, {
    description: 'Within the configured number of days after resolution.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.ReopenTicket)
  reopenTicket(@Args('input') input: TicketOnlyInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'ReopenTicket', input, {});
  }

  @Mutation(() => TicketCommandResult, {
    description: 'Links a ticket whose requester was unknown to a customer.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.LinkCustomer)
  linkTicketCustomer(
    @Args('input') input: LinkTicketCustomerInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'LinkCustomer', input, { customerId: input.customerId });
  }

  @Mutation(() => TicketCommandResult, {
    description:
      'Merges a duplicate (ticketId) into the ticket that carries on (intoTicketId): its mail thread, customer and tags move there, and the duplicate is closed pointing at it.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.MergeTickets)
  mergeTickets(@Args('input') input: MergeTicketsInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'MergeTickets', input, { intoTicketId: input.intoTicketId });
  }
}
