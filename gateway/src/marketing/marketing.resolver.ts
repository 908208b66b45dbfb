// The marketing API: segments, templates and campaigns answered from the read models, the count
// preview and membership explanation over the customers' profiles, and mutations sent to
// services/marketing. Every mutation declares the roles of the RPC it sends (MARKETING_RPC_ROLES);
// every role reads (marketing records are tenant-wide).
import { ALL_ROLES, MARKETING_RPC_ROLES, Role } from '@crm/access-policy';
import type * as P from '@crm/contracts/marketing-grpc';
import {
  InvalidSegmentRuleError,
  evaluateSegment,
  factsReadBy,
  parseSegmentRule,
  rfmCurrenciesReadBy,
  segmentFilter,
  type SegmentInputs,
  type SegmentRule,
} from '@crm/marketing-domain';
import {
  CUSTOMER_PROFILE_PROJECTION,
  MARKETING_CAMPAIGNS_PROJECTION,
  MARKETING_SEGMENTS_PROJECTION,
  MARKETING_TEMPLATES_PROJECTION,
  type CampaignView,
} from '@crm/marketing-read-models';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError, NotFoundError } from '../graphql/gateway-errors';
import {
  commandResultOf,
  sendToContext,
  type CommandResultMessage,
} from '../grpc/context-commands';
import {
  AT_LEAST_POSITION_ARG,
  AT_LEAST_POSITION_DESCRIPTION,
  ReadConsistency,
} from '../read-consistency/read-consistency';
import { MARKETING_ERRORS } from './marketing-errors';
import {
  MARKETING_CLIENT,
  MARKETING_READ_MODELS,
  type MarketingClient,
  type MarketingReadModels,
} from './marketing.ports';
import {
  CancelCampaignInput,
  CreateCampaignInput,
  CreateTemplateInput,
  DefineSegmentInput,
  MarketingCampaign,
  MarketingCommandResult,
  MarketingSegment,
  MarketingTemplate,
  MessagePreview,
  ScheduleCampaignInput,
  SegmentMembership,
  SegmentPreview,
  SendCampaignInput,
  SendCampaignResult,
  SendTestCampaignInput,
  SendTestCampaignResult,
  TemplateLocale,
} from './marketing.models';
import { systemClock } from '@crm/event-sourcing';

export const atLeastPosition = () =>
  Args(AT_LEAST_POSITION_ARG, {
    type: () => String,
    nullable: true,
    description: AT_LEAST_POSITION_DESCRIPTION,
  });

/** Who may try rules over the customer profiles: those who write segments, and auditors. */
export const RULE_READERS = [...MARKETING_RPC_ROLES.DefineSegment, Role.AUDITOR];

const PROTO_LOCALE: Readonly<Record<TemplateLocale, string>> = {
  [TemplateLocale.EN]: 'TEMPLATE_LOCALE_EN',
  [TemplateLocale.ZH_CN]: 'TEMPLATE_LOCALE_ZH_CN',
};

function ruleOf(argument: string, json: string): SegmentRule {
  try {
    return parseSegmentRule(JSON.parse(json));
  } catch (error) {
    if (error instanceof InvalidSegmentRuleError)
      throw new BadUserInputError(
        error.message,
        error.problems.map((p) => ({
          field: `${argument}.${p.path}`,
          code: p.code,
          message: p.message,
        })),
      );
    if (error instanceof SyntaxError)
      throw new BadUserInputError('The rule is not JSON', [
        { field: argument, code: 'INVALID_FORMAT', message: 'must be JSON' },
      ]);
    throw error;
  }
}

function campaignOf(view: CampaignView): MarketingCampaign {
  return {
    campaignId: view.campaignId,
    name: view.name,
    segmentId: view.segmentId,
    templateId: view.templateId,
    locale: view.locale,
    status: view.status,
    sendAt: view.sendAt ?? null,
    audienceSize: view.audienceSize ?? null,
    sentCount: view.sentCount ?? 0,
    skippedCount: view.skippedCount ?? 0,
    skipped: Object.entries(view.skipped ?? {}).map(([reason, count]) => ({ reason, count })),
    openedCount: view.openedCount ?? 0,
    clickedCount: view.clickedCount ?? 0,
    bouncedCount: view.bouncedCount ?? 0,
    hardBouncedCount: view.hardBouncedCount ?? 0,
    winnerVariantId: view.winnerVariantId ?? null,
    testSendCount: view.testSendCount ?? 0,
    lastTestSentAt: view.lastTestSentAt ?? null,
    approvedAt: view.approvedAt ?? null,
    deferralCount: view.deferralCount ?? 0,
    deferredReason: view.deferredReason ?? null,
    deferredUntil: view.deferredUntil ?? null,
    createdAt: view.createdAt,
    completedAt: view.completedAt ?? null,
  };
}

@Resolver()
export class MarketingResolver {
  constructor(
    @Inject(MARKETING_CLIENT) private readonly client: MarketingClient,
    @Inject(MARKETING_READ_MODELS) private readonly readModels: MarketingReadModels,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
  ) {}

  /** What the rule reads besides the customer: joined facts and RFM models (ADR 0192, 0194). */
  private async inputs(tenantId: string, rule: SegmentRule): Promise<SegmentInputs> {
    const [facts, rfm] = await Promise.all([
      this.readModels.facts(tenantId, factsReadBy(rule)),
      this.readModels.rfmModels(tenantId, rfmCurrenciesReadBy(rule)),
    ]);
    return { facts, rfm };
  }

  private async command(
    ctx: GatewayContext,
    method: keyof typeof MARKETING_RPC_ROLES,
    input: { idempotencyKey?: string | null },
    request: Record<string, unknown>,
    subjectId = '',
  ): Promise<MarketingCommandResult> {
    const result = await sendToContext<CommandResultMessage>(
      this.client,
      MARKETING_ERRORS,
      ctx,
      method,
      request,
      input.idempotencyKey,
      subjectId,
    );
    return commandResultOf(result, ctx.correlationId);
  }

  @Query(() => [MarketingSegment], { description: "The tenant's segments, newest first." })
  @AllowRoles(...ALL_ROLES)
  async marketingSegments(
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<MarketingSegment[]> {
    await this.consistency.atLeast(position, [MARKETING_SEGMENTS_PROJECTION]);
    return this.readModels.segments(principalOf(ctx).tenantId);
  }

  @Query(() => [MarketingTemplate], { description: "The tenant's e-mail templates." })
  @AllowRoles(...ALL_ROLES)
  async marketingTemplates(
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<MarketingTemplate[]> {
    await this.consistency.atLeast(position, [MARKETING_TEMPLATES_PROJECTION]);
    return (await this.readModels.templates(principalOf(ctx).tenantId)).map((t) => ({
      ...t,
      locales: [...t.locales],
    }));
  }

  @Query(() => [MarketingCampaign], { description: "The tenant's campaigns with delivery counts." })
  @AllowRoles(...ALL_ROLES)
  async marketingCampaigns(
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<MarketingCampaign[]> {
    await this.consistency.atLeast(position, [MARKETING_CAMPAIGNS_PROJECTION]);
    return (await this.readModels.campaigns(principalOf(ctx).tenantId)).map(campaignOf);
  }

  @Query(() => MarketingCampaign, { description: 'One campaign. NOT_FOUND when there is none.' })
  @AllowRoles(...ALL_ROLES)
  async marketingCampaign(
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<MarketingCampaign> {
    await this.consistency.atLeast(position, [MARKETING_CAMPAIGNS_PROJECTION]);
    const view = await this.readModels.campaign(principalOf(ctx).tenantId, campaignId);
    if (!view) throw new NotFoundError('Campaign', campaignId);
    return campaignOf(view);
  }

  @Query(() => SegmentPreview, {
    description: 'How many customers a rule selects now, before the segment is saved.',
  })
  @AllowRoles(...RULE_READERS)
  async previewSegment(
    @Args('ruleJson', { type: () => String }) ruleJson: string,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SegmentPreview> {
    await this.consistency.atLeast(position, [CUSTOMER_PROFILE_PROJECTION]);
    const tenantId = principalOf(ctx).tenantId;
    const rule = ruleOf('ruleJson', ruleJson);
    const filter = segmentFilter(rule, systemClock.now(), await this.inputs(tenantId, rule));
    return { count: await this.readModels.previewCount(tenantId, filter) };
  }

  @Query(() => SegmentMembership, {
    description: 'Whether a customer is in a segment now, and why (the rule terms that matched).',
  })
  @AllowRoles(...RULE_READERS)
  async segmentMembership(
    @Args('segmentId', { type: () => ID }) segmentId: string,
    @Args('customerId', { type: () => ID }) customerId: string,
    @Context() ctx: GatewayContext,
  ): Promise<SegmentMembership> {
    const tenantId = principalOf(ctx).tenantId;
    const segment = await this.readModels.segment(tenantId, segmentId);
    if (!segment) throw new NotFoundError('Segment', segmentId);
    const profile = await this.readModels.customerProfile(tenantId, customerId);
    if (!profile) throw new NotFoundError('Customer', customerId);
    const rule = ruleOf('segment.ruleJson', segment.ruleJson);
    const inputs = await this.inputs(tenantId, rule);
    const facts = inputs.facts.get(customerId);
    const result = evaluateSegment(
      rule,
      { ...profile, ...(facts ? { facts } : {}) },
      systemClock.now(),
      inputs.rfm,
    );
    return { matches: result.matches, matchedTerms: [...result.matchedTerms] };
  }

  @Query(() => MessagePreview, {
    description:
      'A template rendered for one customer. FAILED_PRECONDITION (MERGE_FIELD_MISSING) names a merge ' +
      'field the customer cannot fill and that has no fallback.',
  })
  @AllowRoles(...MARKETING_RPC_ROLES.PreviewMessage)
  previewMessage(
    @Args('templateId', { type: () => ID }) templateId: string,
    @Args('customerId', { type: () => ID }) customerId: string,
    @Args('locale', { type: () => TemplateLocale }) locale: TemplateLocale,
    @Context() ctx: GatewayContext,
  ): Promise<MessagePreview> {
    return sendToContext<MessagePreview>(
      this.client,
      MARKETING_ERRORS,
      ctx,
      'PreviewMessage',
      { templateId, customerId, locale: PROTO_LOCALE[locale] },
      null,
      customerId,
    );
  }

  @Mutation(() => MarketingCommandResult, {
    description: 'Defines a segment: a named rule over the customer profile.',
  })
  @AllowRoles(...MARKETING_RPC_ROLES.DefineSegment)
  defineSegment(@Args('input') input: DefineSegmentInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'DefineSegment', input, {
      segmentId: input.segmentId ?? '',
      name: input.name,
      ruleJson: input.ruleJson,
    });
  }

  @Mutation(() => MarketingCommandResult, {
    description: 'Creates an e-mail template (Liquid + MJML) in one or more locales.',
  })
  @AllowRoles(...MARKETING_RPC_ROLES.CreateTemplate)
  createTemplate(@Args('input') input: CreateTemplateInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'CreateTemplate', input, {
      templateId: input.templateId ?? '',
      name: input.name,
      versions: input.versions.map((v) => ({ ...v, locale: PROTO_LOCALE[v.locale] })),
      fallbacks: input.fallbacks,
    });
  }

  @Mutation(() => MarketingCommandResult, { description: 'Drafts a campaign to a segment.' })
  @AllowRoles(...MARKETING_RPC_ROLES.CreateCampaign)
  createCampaign(@Args('input') input: CreateCampaignInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'CreateCampaign', input, {
      campaignId: input.campaignId ?? '',
      name: input.name,
      segmentId: input.segmentId,
      templateId: input.templateId,
      locale: PROTO_LOCALE[input.locale],
      variants: input.variants ?? [],
      winnerMetric: input.winnerMetric ? `WINNER_METRIC_${input.winnerMetric}` : '',
      confidence: input.confidence ?? 0,
      testPercent: input.testPercent ?? 0,
      minimumRecipients: input.minimumRecipients ?? 0,
      channel: input.channel ? `MARKETING_CHANNEL_${input.channel}` : '',
    });
  }

  @Mutation(() => MarketingCommandResult, { description: 'Schedules a draft campaign.' })
  @AllowRoles(...MARKETING_RPC_ROLES.ScheduleCampaign)
  scheduleCampaign(@Args('input') input: ScheduleCampaignInput, @Context() ctx: GatewayContext) {
    const { idempotencyKey: _key, ...request } = input;
    return this.command(ctx, 'ScheduleCampaign', input, request, input.campaignId);
  }

  @Mutation(() => MarketingCommandResult, { description: 'Cancels a campaign before it sends.' })
  @AllowRoles(...MARKETING_RPC_ROLES.CancelCampaign)
  cancelCampaign(@Args('input') input: CancelCampaignInput, @Context() ctx: GatewayContext) {
    return this.command(
      ctx,
      'CancelCampaign',
      input,
      { campaignId: input.campaignId, reason: input.reason ?? '' },
      input.campaignId,
    );
  }

  @Mutation(() => MarketingCommandResult, {
    description:
      "Approves a campaign's launch (admins), after a test send (TEST_SEND_REQUIRED otherwise). Where " +
      'approvals are required, an unapproved campaign is not scheduled or sent (APPROVAL_REQUIRED).',
  })
  @AllowRoles(...MARKETING_RPC_ROLES.ApproveCampaign)
  approveCampaign(@Args('input') input: SendCampaignInput, @Context() ctx: GatewayContext) {
    return this.command(
      ctx,
      'ApproveCampaign',
      input,
      { campaignId: input.campaignId },
      input.campaignId,
    );
  }

  @Mutation(() => SendCampaignResult, {
    description:
      'Sends the campaign now: one e-mail to each segment member with e-mail consent at this moment ' +
      'and not unsubscribed; everyone else is recorded as skipped with the reason. Sending again mails ' +
      'nobody twice.',
  })
  @AllowRoles(...MARKETING_RPC_ROLES.SendCampaign)
  async sendCampaign(
    @Args('input') input: SendCampaignInput,
    @Context() ctx: GatewayContext,
  ): Promise<SendCampaignResult> {
    const sent = await sendToContext<P.SendCampaignResult__Output>(
      this.client,
      MARKETING_ERRORS,
      ctx,
      'SendCampaign',
      { campaignId: input.campaignId },
      input.idempotencyKey,
      input.campaignId,
    );
    return {
      result: commandResultOf(sent.result as CommandResultMessage, ctx.correlationId),
      audienceSize: sent.audienceSize,
      sentCount: sent.sentCount,
      skippedCount: sent.skippedCount,
    };
  }

  @Mutation(() => SendTestCampaignResult, {
    description:
      "Mails a draft or scheduled campaign's message to a seed list before launch, marked [Test], " +
      "with a chosen customer's data or sample data; no customer is mailed. An A/B campaign mails " +
      "each variant's message (or the one named), marked [Test <variant>].",
  })
  @AllowRoles(...MARKETING_RPC_ROLES.SendTestMessage)
  async sendTestCampaign(
    @Args('input') input: SendTestCampaignInput,
    @Context() ctx: GatewayContext,
  ): Promise<SendTestCampaignResult> {
    const sent = await sendToContext<P.SendTestMessageResult__Output>(
      this.client,
      MARKETING_ERRORS,
      ctx,
      'SendTestMessage',
      {
        campaignId: input.campaignId,
        addresses: input.addresses,
        sampleCustomerId: input.sampleCustomerId ?? '',
        variantId: input.variantId ?? '',
      },
      input.idempotencyKey,
      input.campaignId,
    );
    return {
      result: commandResultOf(sent.result as CommandResultMessage, ctx.correlationId),
      sentCount: sent.sentCount,
    };
  }
}
