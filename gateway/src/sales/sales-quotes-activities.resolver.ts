// Quotes and activities: the quote list and approvers' queue (awaitingApproval) and the activity
// calendar, "my activities" and the whole "my day" (salesMyDay), read from the sales read models in the caller's record scope; the
// mutations go to services/sales, which checks roles (ApproveQuote: approvers only) and scope again.
import { Role, SALES_RPC_ROLES } from '@crm/access-policy';
import {
  SALES_ACTIVITIES_PROJECTION,
  SALES_CONTRACTS_PROJECTION,
  SALES_LEADS_PROJECTION,
  SALES_QUOTES_PROJECTION,
  SALES_NOTES_PROJECTION,
  type ActivityDocument,
  type QuoteDocument,
} from '@crm/sales-read-models';
import {
  Args,
  Context,
  Field,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from '@nestjs/graphql';
import type * as P from '@crm/contracts/sales-grpc';
import { AllowRoles } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError, NotFoundError } from '../graphql/gateway-errors';
import { SalesContract, contractOf } from './sales-contracts.resolver';
import { leadOf } from './sales.resolver';
import { QuoteApprovalPolicy, quoteApprovalPolicyFrom } from './quote-approval-policy.query';
import { SALES_READERS, SalesResolverBase, atLeastPosition, orEmpty } from './sales-resolver.base';
import {
  AcceptQuoteInput,
  ActivityKind,
  ActivityStatus,
  ActivitySubjectKind,
  ApproveQuoteInput,
  CancelActivityInput,
  CompleteActivityInput,
  CreateQuoteInput,
  AddSalesNoteInput,
  RemoveSalesNoteInput,
  SalesNote,
  SalesNoteSubjectKind,
  DefineQuoteApprovalPolicyInput,
  QuoteApproverRole,
  QuoteStatus,
  RejectQuoteInput,
  RescheduleActivityInput,
  ReviseQuoteInput,
  SetOpportunityLinesInput,
  OverrideOpportunityProbabilityInput,
  SalesActivity,
  SalesQuote,
  ScheduleActivityInput,
  SendQuoteInput,
  type SalesQuoteLineInput,
} from './sales-quotes-activities.models';
import { SalesCommandResult, SalesLead } from './sales.models';
import { systemClock } from '@crm/event-sourcing';

/** A quote's validity: an instant, or a day where the customer is with their zone (ADR 0381). */
function validityOf(input: {
  validUntil?: string | null;
  validUntilDate?: string | null;
  customerTimeZone?: string | null;
}) {
  return {
    validUntil: orEmpty(input.validUntil),
    validUntilDate: orEmpty(input.validUntilDate),
    customerTimeZone: orEmpty(input.customerTimeZone),
  };
}

/** Quotes projected before ADR 0382 needed one manager's approval when they had reasons. */
function legacyStepsOf(doc: QuoteDocument) {
  return doc.approvalReasons.length > 0
    ? [{ approverRole: 'sales_manager', reasons: doc.approvalReasons }]
    : [];
}

function quoteOf(doc: QuoteDocument): SalesQuote {
  return {
    quoteId: doc._id,
    opportunityId: doc.opportunityId,
    customerId: doc.customerId,
    version: doc.quoteVersion,
    lines: doc.lines.map((l) => ({ ...l, sku: l.sku ?? null })),
    amount: doc.amount,
    currency: doc.currency,
    validUntil: doc.validUntil,
    validUntilDate: doc.validUntilDate ?? null,
    customerTimeZone: doc.customerTimeZone ?? null,
    approvalReasons: [...doc.approvalReasons],
    approvalSteps: (doc.approvalSteps ?? legacyStepsOf(doc)).map((step) => ({
      approverRole: step.approverRole as QuoteApproverRole,
      reasons: [...step.reasons],
    })),
    approvedSteps: doc.approvedSteps ?? (doc.approvedVersion === doc.quoteVersion ? 1 : 0),
    nextApproverRole: doc.awaitingApproval
      ? ((doc.nextApproverRole ?? 'sales_manager') as QuoteApproverRole)
      : null,
    approvedVersion: doc.approvedVersion,
    awaitingApproval: doc.awaitingApproval,
    status: doc.status as QuoteStatus,
    rejectedReason: doc.rejectedReason ?? null,
    ownerId: doc.ownerId,
    teamId: doc.teamId,
    createdAt: doc.createdAt,
    decidedAt: doc.decidedAt ?? null,
  };
}

function activityOf(doc: ActivityDocument, now: number): SalesActivity {
  return {
    activityId: doc._id,
    kind: doc.kind.toUpperCase() as ActivityKind,
    subject: doc.subject,
    about: { kind: doc.about.kind.toUpperCase() as ActivitySubjectKind, id: doc.about.id },
    dueAt: doc.dueAt,
    remindAt: doc.remindAt ?? null,
    overdue: doc.status === 'open' && Date.parse(doc.dueAt) < now,
    status: doc.status as ActivityStatus,
    outcome: doc.outcome ?? null,
    lastRemindedAt: doc.lastRemindedAt ?? null,
    ownerId: doc.ownerId,
    teamId: doc.teamId,
    scheduledAt: doc.scheduledAt,
  };
}

const linesOf = (lines: readonly SalesQuoteLineInput[]) =>
  lines.map((line) => ({
    sku: orEmpty(line.sku),
    name: line.name,
    category: line.category,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    discountPercent: line.discountPercent ?? 0,
  }));

@ObjectType({
  description:
    'A seller’s day: open activities due by the end of the day (overdue first), open leads waiting for them, quotes awaiting their approval and contracts coming up for renewal.',
})
export class SalesMyDay {
  @Field(() => [SalesActivity]) activities!: SalesActivity[];
  @Field(() => [SalesLead], {
    description: 'Open leads you own (a manager: also the team’s leads nobody could take).',
  })
  leadsWaiting!: SalesLead[];
  @Field(() => [SalesQuote], { description: 'Empty unless you approve quotes.' })
  quotesAwaitingApproval!: SalesQuote[];
  @Field(() => [SalesContract], {
    description: 'Active contracts in your scope ending within the renewal window, soonest first.',
  })
  renewalsDue!: SalesContract[];
}

const DAY_MS = 86_400_000;

@Resolver()
export class SalesQuotesActivitiesResolver extends SalesResolverBase {
  @Query(() => SalesMyDay, {
    description:
      '“My day” in one call: endOfDay is the end of your day (your time zone), renewalWindowDays how far ahead renewals show (default 90).',
  })
  @AllowRoles(...SALES_READERS)
  async salesMyDay(
    @Args('endOfDay', { type: () => String }) endOfDay: string,
    @Args('renewalWindowDays', { type: () => Int, defaultValue: 90 }) renewalWindowDays: number,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SalesMyDay> {
    if (!Number.isInteger(renewalWindowDays) || renewalWindowDays < 0 || renewalWindowDays > 366) {
      throw new BadUserInputError('renewalWindowDays must be 0..366', [
        { field: 'renewalWindowDays', code: 'OUT_OF_RANGE', message: 'must be 0..366' },
      ]);
    }
    const principal = principalOf(ctx);
    const me = principal.userId;
    const now = systemClock.now().getTime(); // the platform clock (ADR 0271)
    const [activities, leads, quotes, contracts] = await Promise.all([
      this.read(ctx, position, SALES_ACTIVITIES_PROJECTION, (tenant, scope) =>
        this.readModels.activities(tenant, scope, { ownerId: me, dueBefore: endOfDay }),
      ),
      this.read(ctx, position, SALES_LEADS_PROJECTION, (tenant, scope) =>
        this.readModels.leads(tenant, scope, ['open']),
      ),
      principal.roles.some((role) => SALES_RPC_ROLES.ApproveQuote.includes(role as never))
        ? this.read(ctx, position, SALES_QUOTES_PROJECTION, (tenant, scope) =>
            this.readModels.quotes(tenant, scope, {
              awaitingApproval: true,
              // Awaiting *my* approval: the next step is my role's (an admin may give any).
              ...(principal.roles.includes(Role.ADMIN)
                ? {}
                : { nextApproverRole: 'sales_manager' }),
            }),
          )
        : Promise.resolve([]),
      this.read(ctx, position, SALES_CONTRACTS_PROJECTION, (tenant, scope) =>
        this.readModels.contracts(tenant, scope, { statuses: ['active'] }),
      ),
    ]);
    const manages = principal.roles.includes(Role.SALES_MANAGER);
    const horizon = now + renewalWindowDays * DAY_MS;
    return {
      activities: activities.map((doc) => activityOf(doc, now)),
      leadsWaiting: leads
        .filter((lead) => lead.ownerId === me || (manages && lead.ownerId === null))
        .map(leadOf),
      quotesAwaitingApproval: quotes.map(quoteOf),
      renewalsDue: contracts
        .filter(
          (c) =>
            (c.ownerId === me || manages || c.ownerId === null) && Date.parse(c.endsAt) <= horizon,
        )
        .map(contractOf),
    };
  }

  @Mutation(() => SalesCommandResult, {
    description:
      'Declares the next version of the tenant’s quote approval policy (admins): levels in approval order, each an approver role with the discount and amount above which it must approve. Quotes created or revised from then on follow it.',
  })
  @AllowRoles(...SALES_RPC_ROLES.DefineQuoteApprovalPolicy)
  defineQuoteApprovalPolicy(
    @Args('input') input: DefineQuoteApprovalPolicyInput,
    @Context() ctx: GatewayContext,
  ) {
    const levels = input.levels.map((level) => ({
      approverRole:
        level.approverRole === QuoteApproverRole.ADMIN
          ? 'QUOTE_APPROVER_ROLE_ADMIN'
          : 'QUOTE_APPROVER_ROLE_SALES_MANAGER',
      maxDiscountPercent: level.maxDiscountPercent,
      maxAmount: level.maxAmount,
    }));
    return this.command(ctx, 'DefineQuoteApprovalPolicy', input, { levels });
  }

  @Query(() => QuoteApprovalPolicy, {
    description:
      'The tenant’s quote approval policy in force: its version (0: the default) and levels in approval order (admins, auditors).',
  })
  @AllowRoles(...SALES_RPC_ROLES.QuoteApprovalPolicy)
  async quoteApprovalPolicy(@Context() ctx: GatewayContext): Promise<QuoteApprovalPolicy> {
    return quoteApprovalPolicyFrom(
      await this.send<P.QuoteApprovalPolicyResult__Output>(ctx, 'QuoteApprovalPolicy', {}, {}),
    );
  }

  @Mutation(() => SalesCommandResult, {
    description:
      'Adds an internal note (createdId) about a lead, opportunity, quote, activity, order or contract in your scope; the sales team that sees the record sees it.',
  })
  @AllowRoles(...SALES_RPC_ROLES.AddSalesNote)
  addSalesNote(@Args('input') input: AddSalesNoteInput, @Context() ctx: GatewayContext) {
    const request = {
      noteId: orEmpty(input.noteId),
      aboutKind: `SALES_NOTE_SUBJECT_KIND_${input.aboutKind.toUpperCase()}`,
      aboutId: input.aboutId,
      text: input.text,
    };
    return this.command(ctx, 'AddSalesNote', input, request, input.aboutId);
  }

  @Mutation(() => SalesCommandResult, {
    description: 'Removes an internal note: its author, or a manager or admin who sees it.',
  })
  @AllowRoles(...SALES_RPC_ROLES.RemoveSalesNote)
  removeSalesNote(@Args('input') input: RemoveSalesNoteInput, @Context() ctx: GatewayContext) {
    const { noteId } = input;
    return this.command(ctx, 'RemoveSalesNote', input, { noteId }, noteId);
  }

  @Query(() => [SalesNote], {
    description: 'The internal notes about one sales record in your scope, oldest first.',
  })
  @AllowRoles(...SALES_READERS)
  async salesNotes(
    @Args('aboutKind', { type: () => SalesNoteSubjectKind }) aboutKind: SalesNoteSubjectKind,
    @Args('aboutId', { type: () => ID }) aboutId: string,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SalesNote[]> {
    const docs = await this.read(ctx, position, SALES_NOTES_PROJECTION, (tenant, scope) =>
      this.readModels.notes(tenant, scope, { kind: aboutKind, id: aboutId }),
    );
    if (docs.length === 0) return [];
    // The read model keeps no text (ADR 0400): the service decrypts it under the record's data
    // subject's key, or answers "[erased]"; a note it no longer shows is left out.
    const { texts } = await this.send<P.SalesNoteTextsResult__Output>(
      ctx,
      'SalesNoteTexts',
      {},
      { noteIds: docs.map((doc) => doc._id) },
      aboutId,
    );
    const textOf = new Map(texts.map((t) => [t.noteId, t.text]));
    return docs.flatMap((doc) => {
      const text = textOf.get(doc._id);
      if (text === undefined) return [];
      return [
        {
          noteId: doc._id,
          aboutKind: doc.aboutKind as SalesNoteSubjectKind,
          aboutId: doc.aboutId,
          text,
          authorId: doc.authorId,
          addedAt: doc.addedAt,
        },
      ];
    });
  }

  // --- queries -----------------------------------------------------------------------------------

  @Query(() => [SalesQuote], {
    description:
      'Quotes in your scope, newest first. awaitingApproval: true is the approvers’ queue.',
  })
  @AllowRoles(...SALES_READERS)
  async quotes(
    @Args('statuses', { type: () => [QuoteStatus], nullable: true })
    statuses: QuoteStatus[] | null | undefined,
    @Args('awaitingApproval', { type: () => Boolean, nullable: true })
    awaitingApproval: boolean | null | undefined,
    @Args('opportunityId', { type: () => ID, nullable: true })
    opportunityId: string | null | undefined,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SalesQuote[]> {
    const docs = await this.read(ctx, position, SALES_QUOTES_PROJECTION, (tenant, scope) =>
      this.readModels.quotes(tenant, scope, {
        ...(statuses ? { statuses } : {}),
        ...(awaitingApproval === null || awaitingApproval === undefined
          ? {}
          : { awaitingApproval }),
        ...(opportunityId ? { opportunityId } : {}),
      }),
    );
    return docs.map(quoteOf);
  }

  @Query(() => SalesQuote, { description: 'One quote in your scope. NOT_FOUND otherwise.' })
  @AllowRoles(...SALES_READERS)
  async quote(
    @Args('quoteId', { type: () => ID }) quoteId: string,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SalesQuote> {
    const doc = await this.read(ctx, position, SALES_QUOTES_PROJECTION, (tenant, scope) =>
      this.readModels.quote(tenant, scope, quoteId),
    );
    if (!doc) throw new NotFoundError('Quote', quoteId);
    return quoteOf(doc);
  }

  @Query(() => [SalesActivity], {
    description:
      'Your open activities, soonest due first (overdue ones first of all); dueBefore cuts the list (e.g. the end of today: "my day").',
  })
  @AllowRoles(...SALES_READERS)
  async myActivities(
    @Args('dueBefore', { type: () => String, nullable: true }) dueBefore: string | null | undefined,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SalesActivity[]> {
    const ownerId = principalOf(ctx).userId;
    const docs = await this.read(ctx, position, SALES_ACTIVITIES_PROJECTION, (tenant, scope) =>
      this.readModels.activities(tenant, scope, { ownerId, ...(dueBefore ? { dueBefore } : {}) }),
    );
    const now = systemClock.now().getTime();
    return docs.map((doc) => activityOf(doc, now));
  }

  @Query(() => [SalesActivity], {
    description:
      'The activity calendar in your scope (a team’s for a manager): by owner, due window [dueFrom, dueBefore) and status (default open).',
  })
  @AllowRoles(...SALES_READERS)
  async activities(
    @Args('ownerId', { type: () => String, nullable: true }) ownerId: string | null | undefined,
    @Args('dueFrom', { type: () => String, nullable: true }) dueFrom: string | null | undefined,
    @Args('dueBefore', { type: () => String, nullable: true }) dueBefore: string | null | undefined,
    @Args('statuses', { type: () => [ActivityStatus], nullable: true })
    statuses: ActivityStatus[] | null | undefined,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SalesActivity[]> {
    const docs = await this.read(ctx, position, SALES_ACTIVITIES_PROJECTION, (tenant, scope) =>
      this.readModels.activities(tenant, scope, {
        ...(ownerId ? { ownerId } : {}),
        ...(dueFrom ? { dueFrom } : {}),
        ...(dueBefore ? { dueBefore } : {}),
        ...(statuses ? { statuses } : {}),
      }),
    );
    const now = systemClock.now().getTime();
    return docs.map((doc) => activityOf(doc, now));
  }

  // --- quotes ------------------------------------------------------------------------------------

  @Mutation(() => SalesCommandResult, {
    description:
      'Builds a quote (createdId) from an open opportunity, with the given lines or, without any, the opportunity’s current lines. A version above the tenant’s approval policy needs approveQuote before sendQuote.',
  })
  @AllowRoles(...SALES_RPC_ROLES.CreateQuote)
  createQuote(@Args('input') input: CreateQuoteInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'CreateQuote', input, {
      quoteId: orEmpty(input.quoteId),
      opportunityId: input.opportunityId,
      // None given: the service takes the deal's current lines (ADR 0442).
      lines: linesOf(input.lines ?? []),
      ...validityOf(input),
    });
  }

  @Mutation(() => SalesCommandResult, {
    description:
      'Sets an open opportunity’s win probability by hand (flagged as overridden); null clears it.',
  })
  @AllowRoles(...SALES_RPC_ROLES.OverrideOpportunityProbability)
  overrideOpportunityProbability(
    @Args('input') input: OverrideOpportunityProbabilityInput,
    @Context() ctx: GatewayContext,
  ) {
    const { opportunityId, probability } = input;
    const request = {
      opportunityId,
      probability: probability ?? 0,
      clear: probability === null || probability === undefined,
    };
    return this.command(ctx, 'OverrideOpportunityProbability', input, request, opportunityId);
  }

  @Mutation(() => SalesCommandResult, {
    description: 'Replaces an open opportunity’s lines; its amount becomes their net sum.',
  })
  @AllowRoles(...SALES_RPC_ROLES.SetOpportunityLines)
  setOpportunityLines(
    @Args('input') input: SetOpportunityLinesInput,
    @Context() ctx: GatewayContext,
  ) {
    const { opportunityId } = input;
    const lines = linesOf(input.lines).map((line, i) => ({
      line,
      recurring: input.lines[i]?.recurring ?? false,
    }));
    return this.command(ctx, 'SetOpportunityLines', input, { opportunityId, lines }, opportunityId);
  }

  @Mutation(() => SalesCommandResult, {
    description: 'A new version of the quote; an earlier approval no longer counts.',
  })
  @AllowRoles(...SALES_RPC_ROLES.ReviseQuote)
  reviseQuote(@Args('input') input: ReviseQuoteInput, @Context() ctx: GatewayContext) {
    const { quoteId } = input;
    return this.command(
      ctx,
      'ReviseQuote',
      input,
      { quoteId, lines: linesOf(input.lines), ...validityOf(input) },
      quoteId,
    );
  }

  @Mutation(() => SalesCommandResult, {
    description:
      'Approves the version you reviewed (sales managers, admins). A newer version: FAILED_PRECONDITION QUOTE_SUPERSEDED.',
  })
  @AllowRoles(...SALES_RPC_ROLES.ApproveQuote)
  approveQuote(@Args('input') input: ApproveQuoteInput, @Context() ctx: GatewayContext) {
    const { quoteId, version } = input;
    return this.command(ctx, 'ApproveQuote', input, { quoteId, version }, quoteId);
  }

  @Mutation(() => SalesCommandResult, {
    description: 'Sends the quote. Unapproved when it needs approval: QUOTE_NEEDS_APPROVAL.',
  })
  @AllowRoles(...SALES_RPC_ROLES.SendQuote)
  sendQuote(@Args('input') input: SendQuoteInput, @Context() ctx: GatewayContext) {
    const { quoteId } = input;
    return this.command(ctx, 'SendQuote', input, { quoteId }, quoteId);
  }

  @Mutation(() => SalesCommandResult, {
    description:
      'The customer accepted: wins the opportunity and places the order (createdId). Expired or superseded: QUOTE_EXPIRED, QUOTE_SUPERSEDED.',
  })
  @AllowRoles(...SALES_RPC_ROLES.AcceptQuote)
  acceptQuote(@Args('input') input: AcceptQuoteInput, @Context() ctx: GatewayContext) {
    const { quoteId, version, channel } = input;
    return this.command(
      ctx,
      'AcceptQuote',
      input,
      { quoteId, version, channel: channel ? `ORDER_CHANNEL_${channel}` : '' },
      quoteId,
    );
  }

  @Mutation(() => SalesCommandResult, { description: 'The customer declined, with a reason.' })
  @AllowRoles(...SALES_RPC_ROLES.RejectQuote)
  rejectQuote(@Args('input') input: RejectQuoteInput, @Context() ctx: GatewayContext) {
    const { quoteId, reason } = input;
    return this.command(ctx, 'RejectQuote', input, { quoteId, reason }, quoteId);
  }

  // --- activities --------------------------------------------------------------------------------

  @Mutation(() => SalesCommandResult, {
    description: 'Schedules a call, meeting or task (createdId); owner defaults to you.',
  })
  @AllowRoles(...SALES_RPC_ROLES.ScheduleActivity)
  scheduleActivity(@Args('input') input: ScheduleActivityInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'ScheduleActivity', input, {
      activityId: orEmpty(input.activityId),
      kind: `ACTIVITY_KIND_${input.kind}`,
      subject: input.subject,
      aboutKind: `ACTIVITY_SUBJECT_KIND_${input.aboutKind}`,
      aboutId: input.aboutId,
      dueAt: input.dueAt,
      remindAt: orEmpty(input.remindAt),
      ownerId: orEmpty(input.ownerId),
      teamId: orEmpty(input.teamId),
    });
  }

  @Mutation(() => SalesCommandResult)
  @AllowRoles(...SALES_RPC_ROLES.RescheduleActivity)
  rescheduleActivity(
    @Args('input') input: RescheduleActivityInput,
    @Context() ctx: GatewayContext,
  ) {
    const { activityId, dueAt, remindAt } = input;
    return this.command(
      ctx,
      'RescheduleActivity',
      input,
      { activityId, dueAt, remindAt: orEmpty(remindAt) },
      activityId,
    );
  }

  @Mutation(() => SalesCommandResult)
  @AllowRoles(...SALES_RPC_ROLES.CompleteActivity)
  completeActivity(@Args('input') input: CompleteActivityInput, @Context() ctx: GatewayContext) {
    const { activityId, outcome } = input;
    return this.command(
      ctx,
      'CompleteActivity',
      input,
      { activityId, outcome: orEmpty(outcome) },
      activityId,
    );
  }

  @Mutation(() => SalesCommandResult)
  @AllowRoles(...SALES_RPC_ROLES.CancelActivity)
  cancelActivity(@Args('input') input: CancelActivityInput, @Context() ctx: GatewayContext) {
    const { activityId, reason } = input;
    return this.command(
      ctx,
      'CancelActivity',
      input,
      { activityId, reason: orEmpty(reason) },
      activityId,
    );
  }
}
