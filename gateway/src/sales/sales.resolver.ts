// The sales API: queries answered from the sales read models, filtered by the caller's record scope
// (reps their own, managers their team's, admins and auditors the tenant's: salesScopeOf), and
// mutations sent to services/sales, which checks roles and scope again. Every mutation declares the
// roles of the RPC it sends (SALES_RPC_ROLES, libs/access-policy).
import { SALES_RPC_ROLES } from '@crm/access-policy';
import type * as P from '@crm/contracts/sales-grpc';
import { findPipeline, formatMinorUnits } from '@crm/sales-domain';
import {
  orderStatusOf,
  SALES_LEADS_PROJECTION,
  SALES_ORDERS_PROJECTION,
  SALES_PIPELINE_PROJECTION,
  type LeadDocument,
  type OpportunityDocument,
  type OrderDocument,
  BOARD_COLUMN_LIMIT,
} from '@crm/sales-read-models';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { AllowRoles } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { NotFoundError } from '../graphql/gateway-errors';
import { ReadConsistency } from '../read-consistency/read-consistency';
import { LeadCustomerLink } from './lead-customer-link';
import { boardOfColumns, pipelineBoard } from './pipeline-board';
import {
  SALES_CLIENT,
  SALES_READ_MODELS,
  type SalesClient,
  type SalesReadModels,
} from './sales.ports';
import { SALES_READERS, SalesResolverBase, atLeastPosition, orEmpty } from './sales-resolver.base';
import {
  AssignLeadInput,
  CancelOrderInput,
  CaptureLeadInput,
  CompleteOrderInput,
  PayOrderInput,
  ShipOrderInput,
  ConvertLeadInput,
  DisqualifyLeadInput,
  EraseLeadInput,
  LeadStatus,
  LoseOpportunityInput,
  MoveOpportunityStageInput,
  OpenOpportunityInput,
  PipelineBoard,
  PlaceOrderInput,
  QualifyLeadInput,
  RefundOrderInput,
  ReopenOpportunityInput,
  SalesCommandResult,
  SalesLead,
  SalesOpportunity,
  SalesOrder,
  WinOpportunityInput,
} from './sales.models';

export function leadOf(doc: LeadDocument): SalesLead {
  return {
    leadId: doc._id,
    source: doc.source,
    companyName: doc.companyName ?? null,
    status: doc.status as LeadStatus,
    ownerId: doc.ownerId,
    teamId: doc.teamId,
    capturedAt: doc.capturedAt,
    assignmentFailure: doc.assignmentFailure ?? null,
    disqualifiedReason: doc.disqualifiedReason ?? null,
    customerId: doc.customerId ?? null,
    opportunityId: doc.opportunityId ?? null,
    score:
      doc.score === undefined
        ? null
        : {
            score: doc.score,
            fitPoints: doc.fitPoints ?? 0,
            engagementPoints: doc.engagementPoints ?? 0,
            winProbability: doc.winProbability ?? 0,
            modelVersion: doc.scoreModelVersion ?? 0,
            scoredAt: doc.scoredAt ?? '',
          },
    duplicateOfLeadId: doc.duplicateOfLeadId ?? null,
    matchedCustomerId: doc.matchedCustomerId ?? null,
    matchedOn: doc.matchedOn ?? null,
    followUpAt: doc.followUpAt ?? null,
    followUpNote: doc.followUpNote ?? null,
    followUpDue: doc.followUpDue ?? false,
  };
}

function opportunityOf(doc: OpportunityDocument): SalesOpportunity {
  return {
    opportunityId: doc._id,
    name: doc.name,
    customerId: doc.customerId,
    leadId: doc.leadId ?? null,
    pipelineId: doc.pipelineId,
    stageId: doc.stageId,
    probability: doc.probability,
    probabilityOverridden: doc.probabilityOverridden ?? false,
    forecastCategory: doc.forecastCategory,
    amount: doc.amount,
    currency: doc.currency,
    expectedCloseOn: doc.expectedCloseOn,
    status: doc.status,
    lostReason: doc.lostReason ?? null,
    ownerId: doc.ownerId,
    teamId: doc.teamId,
    stageEnteredAt: doc.stageEnteredAt,
    openedAt: doc.openedAt,
    closedAt: doc.closedAt ?? null,
    lines: (doc.lines ?? []).map((line) => ({ ...line, sku: line.sku ?? null })),
    recurringAmount: doc.recurringAmount ?? null,
  };
}

/** The service's replay of the pipeline (PipelineAsOf) as the board's documents. */
function openOpportunitiesOfReplay(
  replayed: P.PipelineAsOfResult__Output,
  tenantId: string,
  pipelineId: string,
): OpportunityDocument[] {
  return replayed.opportunities
    .filter((o) => o.status === 'open' && o.pipelineId === pipelineId)
    .map((o) => ({
      _id: o.opportunityId,
      tenantId,
      version: 0,
      name: o.name,
      customerId: o.customerId,
      pipelineId: o.pipelineId,
      stageId: o.stageId,
      probability: o.probability,
      forecastCategory: o.forecastCategory,
      amount: o.amount,
      currency: o.currency,
      expectedCloseOn: o.expectedCloseOn,
      status: 'open',
      ownerId: o.ownerId || null,
      teamId: o.teamId || null,
      stageEnteredAt: o.stageEnteredAt,
      openedAt: o.openedAt,
    }));
}

function orderOf(doc: OrderDocument): SalesOrder {
  return {
    orderId: doc._id,
    customerId: doc.customerId,
    opportunityId: doc.opportunityId ?? null,
    items: doc.items.map((i) => ({ ...i, sku: i.sku ?? null, name: i.name ?? null })),
    amount: doc.amount,
    currency: doc.currency,
    refunded: formatMinorUnits(doc.refundedMinor),
    channel: doc.channel,
    status: orderStatusOf(doc),
    ownerId: doc.ownerId,
    teamId: doc.teamId,
    placedAt: doc.placedAt,
    paidAt: doc.paidAt ?? null,
    shippedAt: doc.shippedAt ?? null,
    carrier: doc.carrier ?? null,
    trackingNumber: doc.trackingNumber ?? null,
    completedAt: doc.completedAt ?? null,
  };
}

@Resolver()
export class SalesResolver extends SalesResolverBase {
  constructor(
    @Inject(SALES_CLIENT) client: SalesClient,
    @Inject(SALES_READ_MODELS) readModels: SalesReadModels,
    @Inject(ReadConsistency) consistency: ReadConsistency,
    @Inject(LeadCustomerLink) private readonly customerLink: LeadCustomerLink,
  ) {
    super(client, readModels, consistency);
  }

  // --- queries -----------------------------------------------------------------------------------

  @Query(() => [SalesLead], {
    description: 'The lead queue in your scope, newest first (default: open and qualified).',
  })
  @AllowRoles(...SALES_READERS)
  async leads(
    @Args('statuses', { type: () => [LeadStatus], nullable: true })
    statuses: LeadStatus[] | null | undefined,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SalesLead[]> {
    const docs = await this.read(ctx, position, SALES_LEADS_PROJECTION, (tenant, scope) =>
      this.readModels.leads(tenant, scope, statuses ?? undefined),
    );
    return docs.map(leadOf);
  }

  @Query(() => SalesLead, { description: 'One lead in your scope. NOT_FOUND otherwise.' })
  @AllowRoles(...SALES_READERS)
  async lead(
    @Args('leadId', { type: () => ID }) leadId: string,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SalesLead> {
    const doc = await this.read(ctx, position, SALES_LEADS_PROJECTION, (tenant, scope) =>
      this.readModels.lead(tenant, scope, leadId),
    );
    if (!doc) throw new NotFoundError('Lead', leadId);
    return leadOf(doc);
  }

  @Query(() => PipelineBoard, {
    description: "A pipeline's open opportunities in your scope, in stage columns with totals.",
  })
  @AllowRoles(...SALES_READERS)
  async pipelineBoard(
    @Args('pipelineId', { type: () => String, nullable: true, defaultValue: 'default' })
    pipelineId: string,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
    @Args('asOf', {
      type: () => String,
      nullable: true,
      description:
        'An ISO-8601 instant in the past: the board as it stood then, replayed from events.',
    })
    asOf?: string | null,
    @Args('perStage', {
      type: () => Int,
      nullable: true,
      defaultValue: 100,
      description: `Cards shown per column, 0..${BOARD_COLUMN_LIMIT}, soonest expected close first.`,
    })
    perStage = 100,
  ): Promise<PipelineBoard> {
    const pipeline = findPipeline(pipelineId);
    if (!pipeline) throw new NotFoundError('Pipeline', pipelineId, 'UNKNOWN_PIPELINE');
    const columns = asOf
      ? pipelineBoard(
          pipeline,
          openOpportunitiesOfReplay(
            await this.send<P.PipelineAsOfResult__Output>(ctx, 'PipelineAsOf', {}, { asOf }),
            principalOf(ctx).tenantId,
            pipelineId,
          ),
          perStage,
        )
      : boardOfColumns(
          pipeline,
          await this.read(ctx, position, SALES_PIPELINE_PROJECTION, (tenant, scope) =>
            this.readModels.pipelineColumns(
              tenant,
              scope,
              pipelineId,
              pipeline.stages.map((s) => s.stageId),
              perStage,
            ),
          ),
        );
    return {
      pipelineId: pipeline.pipelineId,
      name: pipeline.name,
      columns: columns.map((column) => ({
        ...column.stage,
        count: column.count,
        opportunities: column.opportunities.map(opportunityOf),
        totals: [...column.totals],
      })),
    };
  }

  @Query(() => SalesOpportunity, {
    description: 'One opportunity (open, won or lost) in your scope. NOT_FOUND otherwise.',
  })
  @AllowRoles(...SALES_READERS)
  async opportunity(
    @Args('opportunityId', { type: () => ID }) opportunityId: string,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SalesOpportunity> {
    const doc = await this.read(ctx, position, SALES_PIPELINE_PROJECTION, (tenant, scope) =>
      this.readModels.opportunity(tenant, scope, opportunityId),
    );
    if (!doc) throw new NotFoundError('Opportunity', opportunityId);
    return opportunityOf(doc);
  }

  @Query(() => [SalesOrder], {
    description: "Orders in your scope, newest first; one customer's when customerId is given.",
  })
  @AllowRoles(...SALES_READERS)
  async orders(
    @Args('customerId', { type: () => ID, nullable: true }) customerId: string | null | undefined,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SalesOrder[]> {
    const docs = await this.read(ctx, position, SALES_ORDERS_PROJECTION, (tenant, scope) =>
      this.readModels.orders(tenant, scope, customerId ?? undefined),
    );
    return docs.map(orderOf);
  }

  // --- leads -------------------------------------------------------------------------------------

  @Mutation(() => SalesCommandResult, {
    description: 'Captures a lead (createdId: the lead); owner and team default to the caller.',
  })
  @AllowRoles(...SALES_RPC_ROLES.CaptureLead)
  captureLead(@Args('input') input: CaptureLeadInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'CaptureLead', input, {
      leadId: orEmpty(input.leadId),
      source: `LEAD_SOURCE_${input.source}`,
      contact: {
        name: input.contact.name,
        email: orEmpty(input.contact.email),
        phone: orEmpty(input.contact.phone),
      },
      companyName: orEmpty(input.companyName),
      ownerId: orEmpty(input.ownerId),
      teamId: orEmpty(input.teamId),
      route: input.route,
      fields: Object.fromEntries(input.fields.map((f) => [f.name, f.value])),
    });
  }

  @Mutation(() => SalesCommandResult, { description: 'Gives a lead to another owner (and team).' })
  @AllowRoles(...SALES_RPC_ROLES.AssignLead)
  assignLead(@Args('input') input: AssignLeadInput, @Context() ctx: GatewayContext) {
    const { leadId, ownerId, teamId } = input;
    return this.command(
      ctx,
      'AssignLead',
      input,
      { leadId, ownerId, teamId: orEmpty(teamId) },
      leadId,
    );
  }

  @Mutation(() => SalesCommandResult)
  @AllowRoles(...SALES_RPC_ROLES.QualifyLead)
  qualifyLead(@Args('input') input: QualifyLeadInput, @Context() ctx: GatewayContext) {
    const { leadId, note } = input;
    return this.command(ctx, 'QualifyLead', input, { leadId, note: orEmpty(note) }, leadId);
  }

  @Mutation(() => SalesCommandResult, { description: 'Disqualifies a lead with a reason.' })
  @AllowRoles(...SALES_RPC_ROLES.DisqualifyLead)
  disqualifyLead(@Args('input') input: DisqualifyLeadInput, @Context() ctx: GatewayContext) {
    const { leadId, reason } = input;
    return this.command(ctx, 'DisqualifyLead', input, { leadId, reason }, leadId);
  }

  @Mutation(() => SalesCommandResult, {
    description:
      'Converts a lead into a customer and an opportunity (createdId): the customer given, else the one the lead matched on capture, else one registered in the customers context from the lead (idempotent on the lead). Converting twice: FAILED_PRECONDITION LEAD_ALREADY_CONVERTED.',
  })
  @AllowRoles(...SALES_RPC_ROLES.ConvertLead)
  async convertLead(@Args('input') input: ConvertLeadInput, @Context() ctx: GatewayContext) {
    const conversion = {
      leadId: input.leadId,
      customerId: orEmpty(input.customerId),
      opportunityId: orEmpty(input.opportunityId),
      opportunityName: input.opportunityName,
      amount: input.amount,
      currency: input.currency,
      expectedCloseOn: input.expectedCloseOn,
      pipelineId: orEmpty(input.pipelineId),
    };
    // No customer named: sales checks the conversion and names the lead's contact, the customers
    // context registers (or the lead already links) its customer (ADR 0380).
    const customerId =
      input.customerId ??
      (await this.customerLink.customerFor(
        ctx,
        await this.send<P.LeadConversionSourceResult__Output>(
          ctx,
          'LeadConversionSource',
          {},
          conversion,
          input.leadId,
        ),
      ));
    return this.command(ctx, 'ConvertLead', input, { ...conversion, customerId }, input.leadId);
  }

  @Mutation(() => SalesCommandResult, {
    description:
      'Erases a lead’s personal data (crypto-shredding its key): its contact reads "[erased]" everywhere. Managers, admins.',
  })
  @AllowRoles(...SALES_RPC_ROLES.EraseLead)
  eraseLead(@Args('input') input: EraseLeadInput, @Context() ctx: GatewayContext) {
    const { leadId, reason } = input;
    return this.command(ctx, 'EraseLead', input, { leadId, reason: orEmpty(reason) }, leadId);
  }

  // --- opportunities -----------------------------------------------------------------------------

  @Mutation(() => SalesCommandResult, { description: 'Opens an opportunity (createdId).' })
  @AllowRoles(...SALES_RPC_ROLES.OpenOpportunity)
  openOpportunity(@Args('input') input: OpenOpportunityInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'OpenOpportunity', input, {
      opportunityId: orEmpty(input.opportunityId),
      name: input.name,
      customerId: input.customerId,
      pipelineId: orEmpty(input.pipelineId),
      stageId: orEmpty(input.stageId),
      amount: input.amount,
      currency: input.currency,
      expectedCloseOn: input.expectedCloseOn,
      ownerId: orEmpty(input.ownerId),
      teamId: orEmpty(input.teamId),
    });
  }

  @Mutation(() => SalesCommandResult)
  @AllowRoles(...SALES_RPC_ROLES.MoveOpportunityStage)
  moveOpportunityStage(
    @Args('input') input: MoveOpportunityStageInput,
    @Context() ctx: GatewayContext,
  ) {
    const { opportunityId, stageId } = input;
    return this.command(
      ctx,
      'MoveOpportunityStage',
      input,
      { opportunityId, stageId },
      opportunityId,
    );
  }

  @Mutation(() => SalesCommandResult)
  @AllowRoles(...SALES_RPC_ROLES.WinOpportunity)
  winOpportunity(@Args('input') input: WinOpportunityInput, @Context() ctx: GatewayContext) {
    const { opportunityId } = input;
    return this.command(ctx, 'WinOpportunity', input, { opportunityId }, opportunityId);
  }

  @Mutation(() => SalesCommandResult, {
    description: 'Loses an opportunity; the reason is mandatory.',
  })
  @AllowRoles(...SALES_RPC_ROLES.LoseOpportunity)
  loseOpportunity(@Args('input') input: LoseOpportunityInput, @Context() ctx: GatewayContext) {
    const { opportunityId, reason } = input;
    return this.command(ctx, 'LoseOpportunity', input, { opportunityId, reason }, opportunityId);
  }

  @Mutation(() => SalesCommandResult, { description: 'Reopens at the stage it was closed from.' })
  @AllowRoles(...SALES_RPC_ROLES.ReopenOpportunity)
  reopenOpportunity(@Args('input') input: ReopenOpportunityInput, @Context() ctx: GatewayContext) {
    const { opportunityId } = input;
    return this.command(ctx, 'ReopenOpportunity', input, { opportunityId }, opportunityId);
  }

  // --- orders ------------------------------------------------------------------------------------

  @Mutation(() => SalesCommandResult, {
    description:
      'Places an order (createdId), from a won opportunity or directly; publishes sales.OrderPlaced.',
  })
  @AllowRoles(...SALES_RPC_ROLES.PlaceOrder)
  placeOrder(@Args('input') input: PlaceOrderInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'PlaceOrder', input, {
      orderId: orEmpty(input.orderId),
      customerId: input.customerId,
      opportunityId: orEmpty(input.opportunityId),
      lines: input.lines.map((line) => ({
        sku: orEmpty(line.sku),
        name: orEmpty(line.name),
        category: line.category,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
      })),
      currency: input.currency,
      channel: `ORDER_CHANNEL_${input.channel}`,
      ownerId: orEmpty(input.ownerId),
      teamId: orEmpty(input.teamId),
    });
  }

  @Mutation(() => SalesCommandResult)
  @AllowRoles(...SALES_RPC_ROLES.CancelOrder)
  cancelOrder(@Args('input') input: CancelOrderInput, @Context() ctx: GatewayContext) {
    const { orderId, reason } = input;
    return this.command(ctx, 'CancelOrder', input, { orderId, reason: orEmpty(reason) }, orderId);
  }

  @Mutation(() => SalesCommandResult, {
    description: 'Refunds part or all of an order (never more than its amount in total).',
  })
  @AllowRoles(...SALES_RPC_ROLES.RefundOrder)
  refundOrder(@Args('input') input: RefundOrderInput, @Context() ctx: GatewayContext) {
    const { orderId, amount, reason } = input;
    return this.command(
      ctx,
      'RefundOrder',
      input,
      { orderId, amount, reason: orEmpty(reason) },
      orderId,
    );
  }

  @Mutation(() => SalesCommandResult, { description: 'Records an order’s payment: placed → paid.' })
  @AllowRoles(...SALES_RPC_ROLES.PayOrder)
  payOrder(@Args('input') input: PayOrderInput, @Context() ctx: GatewayContext) {
    const { orderId, paymentReference } = input;
    const request = { orderId, paymentReference: orEmpty(paymentReference) };
    return this.command(ctx, 'PayOrder', input, request, orderId);
  }

  @Mutation(() => SalesCommandResult, { description: 'Hands a paid order to its carrier.' })
  @AllowRoles(...SALES_RPC_ROLES.ShipOrder)
  shipOrder(@Args('input') input: ShipOrderInput, @Context() ctx: GatewayContext) {
    const { orderId, carrier, trackingNumber } = input;
    const request = { orderId, carrier: orEmpty(carrier), trackingNumber: orEmpty(trackingNumber) };
    return this.command(ctx, 'ShipOrder', input, request, orderId);
  }

  @Mutation(() => SalesCommandResult, { description: 'A shipped order was delivered: completed.' })
  @AllowRoles(...SALES_RPC_ROLES.CompleteOrder)
  completeOrder(@Args('input') input: CompleteOrderInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'CompleteOrder', input, { orderId: input.orderId }, input.orderId);
  }
}
