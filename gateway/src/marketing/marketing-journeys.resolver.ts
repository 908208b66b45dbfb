// Journeys and attribution over GraphQL, sent to services/marketing: publish a journey or install a
// ready-made one, list journeys with their versions, record a cost, and the attribution report
// under the model asked for. Mutations declare the roles of their RPC (MARKETING_RPC_ROLES).
import { MARKETING_RPC_ROLES } from '@crm/access-policy';
import type * as P from '@crm/contracts/marketing-grpc';
import { MAX_ATTRIBUTION_WINDOW_DAYS } from '@crm/marketing-domain';
import { Inject } from '@nestjs/common';
import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError } from '../graphql/gateway-errors';
import {
  commandResultOf,
  sendToContext,
  type CommandResultMessage,
} from '../grpc/context-commands';
import { MARKETING_ERRORS } from './marketing-errors';
import {
  AttributionModel,
  MinimumEngagement,
  AttributionReport,
  InstallReadyMadeJourneyInput,
  JourneyRefInput,
  MarketingJourney,
  PublishJourneyInput,
  RecordMarketingCostInput,
} from './marketing-journeys.models';
import { MarketingCommandResult } from './marketing.models';
import { MarketingSendingPolicy, SetSendingPolicyInput } from './sending-policy.models';
import { MARKETING_CLIENT, type MarketingClient } from './marketing.ports';

const rowOf = (r: P.AttributionRow__Output) => ({
  sourceKind: r.sourceKind || null,
  sourceId: r.sourceId || null,
  channel: r.channel,
  currency: r.currency,
  revenue: r.revenue,
  orders: r.orders,
  cost: r.cost,
  roi: r.roi === '' ? null : Number(r.roi),
});

@Resolver()
export class MarketingJourneysResolver {
  constructor(@Inject(MARKETING_CLIENT) private readonly client: MarketingClient) {}

  private send<T>(
    ctx: GatewayContext,
    method: keyof typeof MARKETING_RPC_ROLES,
    request: Record<string, unknown>,
    idempotencyKey: string | null | undefined = null,
    subjectId = '',
  ): Promise<T> {
    return sendToContext<T>(
      this.client,
      MARKETING_ERRORS,
      ctx,
      method,
      request,
      idempotencyKey,
      subjectId,
    );
  }

  private async command(
    ctx: GatewayContext,
    method: keyof typeof MARKETING_RPC_ROLES,
    input: { idempotencyKey?: string | null },
    request: Record<string, unknown>,
  ): Promise<MarketingCommandResult> {
    const result = await this.send<CommandResultMessage>(
      ctx,
      method,
      request,
      input.idempotencyKey,
    );
    return commandResultOf(result, ctx.correlationId);
  }

  @Query(() => [MarketingJourney], { description: "The tenant's journeys with their versions." })
  @AllowRoles(...MARKETING_RPC_ROLES.ListJourneys)
  async marketingJourneys(@Context() ctx: GatewayContext): Promise<MarketingJourney[]> {
    const listed = await this.send<P.ListJourneysResult__Output>(ctx, 'ListJourneys', {});
    return listed.journeys.map((j) => ({
      ...j,
      pausedAt: j.pausedAt || null,
      versions: j.versions.map((v) => ({ ...v })),
    }));
  }

  @Query(() => AttributionReport, {
    description:
      'Revenue of the recorded orders credited to campaigns and journeys under the model and window ' +
      'asked for (re-attribution rewrites nothing), with cost and ROI per source and per channel.',
  })
  @AllowRoles(...MARKETING_RPC_ROLES.AttributionReport)
  async attributionReport(
    @Args('model', { type: () => AttributionModel, nullable: true }) model: AttributionModel | null,
    @Args('windowDays', { type: () => Int, nullable: true, description: '1–90, default 30' })
    windowDays: number | null,
    @Context() ctx: GatewayContext,
    @Args('minimumEngagement', {
      type: () => MinimumEngagement,
      nullable: true,
      description: 'Only touches engaged at least this far count (default SENT: every mail).',
    })
    minimumEngagement: MinimumEngagement | null,
  ): Promise<AttributionReport> {
    // The service reads 0 as "the default": anything outside 1–90 is refused here, where it is typed.
    if (windowDays !== null && (windowDays < 1 || windowDays > MAX_ATTRIBUTION_WINDOW_DAYS))
      throw new BadUserInputError('windowDays must be 1–90', [
        { field: 'windowDays', code: 'OUT_OF_RANGE', message: 'must be 1–90' },
      ]);
    const report = await this.send<P.AttributionReportResult__Output>(ctx, 'AttributionReport', {
      model: model ?? AttributionModel.LAST_TOUCH,
      windowDays: windowDays ?? 30,
      minimumEngagement: minimumEngagement ?? MinimumEngagement.SENT,
    });
    return {
      model: report.model as AttributionModel,
      windowDays: report.windowDays,
      minimumEngagement: report.minimumEngagement as MinimumEngagement,
      bySource: report.bySource.map(rowOf),
      byChannel: report.byChannel.map(rowOf),
      unattributed: report.unattributed.map((u) => ({ ...u })),
    };
  }

  @Mutation(() => MarketingCommandResult, {
    description: "Publishes a journey's next version (1 when new); enrolments keep their version.",
  })
  @AllowRoles(...MARKETING_RPC_ROLES.PublishJourney)
  publishJourney(@Args('input') input: PublishJourneyInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'PublishJourney', input, {
      journeyId: input.journeyId ?? '',
      name: input.name,
      definitionJson: input.definitionJson,
    });
  }

  @Mutation(() => MarketingCommandResult, {
    description: 'Installs a ready-made journey with its template (again: changes nothing).',
  })
  @AllowRoles(...MARKETING_RPC_ROLES.InstallReadyMadeJourney)
  installReadyMadeJourney(
    @Args('input') input: InstallReadyMadeJourneyInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'InstallReadyMadeJourney', input, {
      kind: input.kind,
      timeZone: input.timeZone ?? '',
    });
  }

  @Mutation(() => MarketingCommandResult, {
    description:
      "Pauses a journey: its enrolments' sends hold (a wait, JOURNEY_PAUSED) until it resumes; " +
      'triggers still enrol. Pausing a paused journey changes nothing.',
  })
  @AllowRoles(...MARKETING_RPC_ROLES.PauseJourney)
  pauseJourney(@Args('input') input: JourneyRefInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'PauseJourney', input, { journeyId: input.journeyId });
  }

  @Mutation(() => MarketingCommandResult, {
    description: 'Resumes a paused journey: the held sends go within five minutes.',
  })
  @AllowRoles(...MARKETING_RPC_ROLES.ResumeJourney)
  resumeJourney(@Args('input') input: JourneyRefInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'ResumeJourney', input, { journeyId: input.journeyId });
  }

  @Mutation(() => MarketingCommandResult, {
    description: 'Records a cost of a campaign or journey on a channel, for ROI.',
  })
  @AllowRoles(...MARKETING_RPC_ROLES.RecordMarketingCost)
  recordMarketingCost(
    @Args('input') input: RecordMarketingCostInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'RecordMarketingCost', input, {
      sourceKind: input.sourceKind,
      sourceId: input.sourceId,
      channel: input.channel ?? 'email',
      amount: input.amount,
      currency: input.currency,
      note: input.note ?? '',
    });
  }

  @Mutation(() => MarketingCommandResult, {
    description:
      "Sets the tenant's sending policy (admins): time zone, quiet hours, caps per channel and hour or day. " +
      'Sends inside the quiet hours or beyond a cap are deferred on their timers, never dropped.',
  })
  @AllowRoles(...MARKETING_RPC_ROLES.SetSendingPolicy)
  setMarketingSendingPolicy(
    @Args('input') input: SetSendingPolicyInput,
    @Context() ctx: GatewayContext,
  ) {
    const caps = input.caps ?? [];
    // proto carries unsigned counts: a negative one is refused here, where it is typed.
    const negative = caps.flatMap((cap, i) =>
      (['perHour', 'perDay'] as const)
        .filter((key) => (cap[key] ?? 0) < 0)
        .map((key) => ({
          field: `caps[${i}].${key}`,
          code: 'OUT_OF_RANGE',
          message: 'must not be negative',
        })),
    );
    if (negative.length > 0) throw new BadUserInputError('A cap is negative', negative);
    return this.command(ctx, 'SetSendingPolicy', input, {
      policy: {
        timeZone: input.timeZone,
        quietFrom: input.quietFrom ?? '',
        quietTo: input.quietTo ?? '',
        caps: caps.map((cap) => ({
          channel: cap.channel,
          perHour: cap.perHour ?? 0,
          perDay: cap.perDay ?? 0,
        })),
      },
    });
  }

  @Query(() => MarketingSendingPolicy, { description: "The tenant's sending policy." })
  @AllowRoles(...MARKETING_RPC_ROLES.GetSendingPolicy)
  async marketingSendingPolicy(@Context() ctx: GatewayContext): Promise<MarketingSendingPolicy> {
    const policy = await this.send<P.SendingPolicy__Output>(ctx, 'GetSendingPolicy', {});
    return {
      configured: policy.configured,
      timeZone: policy.timeZone || null,
      quietFrom: policy.quietFrom || null,
      quietTo: policy.quietTo || null,
      caps: policy.caps.map((c) => ({
        channel: c.channel,
        perHour: c.perHour || null,
        perDay: c.perDay || null,
      })),
    };
  }
}
