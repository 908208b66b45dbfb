// gRPC controller of crm.marketing.v1.MarketingService: parses each request once into a domain
// command, runs it through the application and maps results and errors back. Who calls comes only
// from the service call token the guard verified; every call is logged once with its correlation id.
import type * as P from '@crm/contracts/marketing-grpc';
import { toCommandResult } from '@crm/grpc-service';
import {
  InvalidTrackingTokenError,
  InvalidUnsubscribeTokenError,
  LocaleNotAvailableError,
  RecordNotFoundError,
  customerTouchesDecider,
  customerTouchesStreamId,
} from '@crm/marketing-domain';
import { principalOfCaller } from '@crm/access-policy';
import { Controller, Inject, UseGuards } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { CampaignSending } from '../application/campaign-sending';
import { MarketingApplication, type RequestMeta } from '../application/marketing.application';
import { MARKETING_CONFIG, MARKETING_LOGGER } from '../marketing.tokens';
import type { MarketingConfig } from '../config/marketing.config';
import { verifyTrackingToken } from '../tracking/message-tracking';
import { verifyUnsubscribeToken } from '../unsubscribe/unsubscribe-token';
import { CampaignVariants } from '../variants/campaign-variants';
import { MarketingCallerGuard } from './marketing-caller.guard';
import * as parse from './marketing-command.parsers';
import type { ParseContext } from './marketing-command.parsers';
import { MARKETING_SERVICE, serveMarketingRpc, type MarketingRequest } from './marketing-rpc';

const SERVICE = MARKETING_SERVICE;

@Controller()
@UseGuards(MarketingCallerGuard)
export class MarketingGrpcController {
  constructor(
    @Inject(MarketingApplication) private readonly app: MarketingApplication,
    @Inject(CampaignSending) private readonly sending: CampaignSending,
    @Inject(CampaignVariants) private readonly variants: CampaignVariants,
    @Inject(MARKETING_CONFIG) private readonly config: MarketingConfig,
    @Inject(MARKETING_LOGGER) private readonly logger: Logger,
  ) {}

  @GrpcMethod(SERVICE, 'DefineSegment')
  defineSegment(req: P.DefineSegmentRequest__Output): Promise<P.CommandResult> {
    return this.call('DefineSegment', req, async (meta, ctx) => {
      const { command, createdId } = parse.parseDefineSegment(req, ctx);
      return toCommandResult(await this.app.segment(meta, command, createdId));
    });
  }

  @GrpcMethod(SERVICE, 'CreateTemplate')
  createTemplate(req: P.CreateTemplateRequest__Output): Promise<P.CommandResult> {
    return this.call('CreateTemplate', req, async (meta, ctx) => {
      const { command, createdId } = await parse.parseCreateTemplate(req, ctx);
      return toCommandResult(await this.app.template(meta, command, createdId));
    });
  }

  @GrpcMethod(SERVICE, 'PreviewMessage')
  previewMessage(req: P.PreviewMessageRequest__Output): Promise<P.PreviewMessageResult> {
    return this.call('PreviewMessage', req, async (meta) => {
      const { templateId, customerId, locale } = parse.parsePreviewMessage(req);
      return this.sending.preview(meta, templateId, customerId, locale);
    });
  }

  @GrpcMethod(SERVICE, 'CreateCampaign')
  createCampaign(req: P.CreateCampaignRequest__Output): Promise<P.CommandResult> {
    return this.call('CreateCampaign', req, async (meta, ctx) => {
      const { command, createdId } = parse.parseCreateCampaign(req, ctx);
      const { segmentId, templateId, locale, abTest } = command.data;
      // The audience and the templates must exist, in the campaign's locale, before a draft names them.
      if ((await this.app.loadSegment(meta, segmentId)).status === 'None')
        throw new RecordNotFoundError('segment', segmentId);
      for (const id of [templateId, ...(abTest?.variants ?? []).map((v) => v.templateId)]) {
        const template = await this.app.loadTemplate(meta, id);
        if (template.status === 'None') throw new RecordNotFoundError('template', id);
        if (!template.versions.some((v) => v.locale === locale))
          throw new LocaleNotAvailableError(id, locale);
      }
      return toCommandResult(await this.app.campaign(meta, command, createdId));
    });
  }

  @GrpcMethod(SERVICE, 'ScheduleCampaign')
  scheduleCampaign(req: P.ScheduleCampaignRequest__Output): Promise<P.CommandResult> {
    return this.call('ScheduleCampaign', req, async (meta, ctx) => {
      const command = parse.parseScheduleCampaign(req, ctx);
      const data = { ...command.data, approvalRequired: this.config.campaignApproval };
      return toCommandResult(await this.app.campaign(meta, { ...command, data }));
    });
  }

  @GrpcMethod(SERVICE, 'ApproveCampaign')
  approveCampaign(req: P.ApproveCampaignRequest__Output): Promise<P.CommandResult> {
    return this.call('ApproveCampaign', req, async (meta, ctx) => {
      const campaignId = parse.parseCampaignId(req);
      const approvedBy = principalOfCaller(meta.caller).userId;
      return toCommandResult(
        await this.app.campaign(meta, {
          type: 'ApproveCampaign',
          data: { campaignId, approvedBy, now: ctx.now() },
        }),
      );
    });
  }

  @GrpcMethod(SERVICE, 'CancelCampaign')
  cancelCampaign(req: P.CancelCampaignRequest__Output): Promise<P.CommandResult> {
    return this.call('CancelCampaign', req, async (meta, ctx) =>
      toCommandResult(await this.app.campaign(meta, parse.parseCancelCampaign(req, ctx))),
    );
  }

  @GrpcMethod(SERVICE, 'SendCampaign')
  sendCampaign(req: P.SendCampaignRequest__Output): Promise<P.SendCampaignResult> {
    return this.call('SendCampaign', req, async (meta) => {
      const outcome = await this.sending.send(meta, parse.parseCampaignId(req));
      return {
        result: toCommandResult(outcome.result),
        audienceSize: outcome.audienceSize,
        sentCount: outcome.sentCount,
        skippedCount: outcome.skippedCount,
      };
    });
  }

  @GrpcMethod(SERVICE, 'SendTestMessage')
  sendTestMessage(req: P.SendTestMessageRequest__Output): Promise<P.SendTestMessageResult> {
    return this.call('SendTestMessage', req, async (meta) => {
      const { campaignId, addresses, sampleCustomerId, variantId } =
        parse.parseSendTestMessage(req);
      const outcome = await this.sending.sendTest(
        meta,
        campaignId,
        addresses,
        sampleCustomerId,
        variantId,
      );
      return { result: toCommandResult(outcome.result), sentCount: outcome.sentCount };
    });
  }

  @GrpcMethod(SERVICE, 'Unsubscribe')
  unsubscribe(req: P.UnsubscribeRequest__Output): Promise<P.CommandResult> {
    return this.call('Unsubscribe', req, async (meta, ctx) => {
      const claims = verifyUnsubscribeToken(
        this.config.mail.unsubscribeKey,
        parse.parseUnsubscribeToken(req),
      );
      // A genuine link of another tenant is not this caller's to use.
      if (claims.tenantId !== meta.tenantId) throw new InvalidUnsubscribeTokenError();
      return toCommandResult(
        await this.app.unsubscribe(meta, {
          type: 'Unsubscribe',
          data: { customerId: claims.customerId, campaignId: claims.campaignId, now: ctx.now() },
        }),
      );
    });
  }

  @GrpcMethod(SERVICE, 'TrackEngagement')
  trackEngagement(req: P.TrackEngagementRequest__Output): Promise<P.TrackEngagementResult> {
    return this.call('TrackEngagement', req, async (meta, ctx) => {
      const { engagement, token } = parse.parseTrackEngagement(req);
      const { tenantId, url, ...claims } = verifyTrackingToken(
        this.config.mail.unsubscribeKey,
        engagement,
        token,
      );
      // A genuine link of another tenant is not this caller's to use.
      if (tenantId !== meta.tenantId) throw new InvalidTrackingTokenError();
      const outcome = await this.app.run(
        meta,
        customerTouchesDecider,
        customerTouchesStreamId(claims.customerId),
        {
          type: 'RecordEngagement',
          data: { ...claims, engagement, ...(url ? { url } : {}), now: ctx.now() },
        },
        claims.customerId,
      );
      return { url: url ?? '', recorded: outcome.eventTypes.length > 0 && !outcome.replayed };
    });
  }

  @GrpcMethod(SERVICE, 'EvaluateCampaignVariants')
  evaluateCampaignVariants(
    req: P.EvaluateCampaignVariantsRequest__Output,
  ): Promise<P.CampaignVariantsResult> {
    return this.call('EvaluateCampaignVariants', req, async (meta) => {
      const evaluation = await this.variants.evaluate(meta, parse.parseCampaignId(req));
      return {
        variants: evaluation.variants.map((v) => ({
          variantId: v.variantId,
          templateId: v.templateId,
          recipients: v.recipients,
          total: v.sum,
          rate: v.recipients === 0 ? 0 : v.sum / v.recipients,
        })),
        metric: evaluation.metric,
        confidence: evaluation.confidence,
        winnerVariantId: evaluation.winnerId ?? '',
        pValue: evaluation.pValue ?? -1,
        undecidedReason: evaluation.undecidedReason,
        result: evaluation.result ? toCommandResult(evaluation.result) : null,
      };
    });
  }

  /** Runs one RPC: the verified caller and its roles, the request context, logging, error mapping. */
  private call<T>(
    rpc: string,
    req: MarketingRequest,
    action: (meta: RequestMeta, ctx: ParseContext) => Promise<T>,
  ): Promise<T> {
    return serveMarketingRpc(this.app, this.logger, rpc, req, action);
  }
}
