// gRPC controller of the journey and attribution RPCs of crm.marketing.v1.MarketingService: parse
// once, run through the application, map back. Publishing checks that every send step's template
// exists in its locale, so a running journey never meets a missing template.
import type * as P from '@crm/contracts/marketing-grpc';
import { toCommandResult } from '@crm/grpc-service';
import {
  LocaleNotAvailableError,
  RecordNotFoundError,
  fromMinor,
  journeyCatalogueDecider,
  journeyCatalogueStreamId,
  journeyDefinitionToJson,
  marketingCostsDecider,
  marketingCostsStreamId,
  readyMadeJourney,
  RecordAlreadyExistsError,
  type ChannelRow,
  type JourneyDefinition,
  type PublishJourney,
} from '@crm/marketing-domain';
import { Controller, Inject, UseGuards } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { MarketingApplication, type RequestMeta } from '../application/marketing.application';
import { AttributionReporting } from '../attribution/attribution-report';
import { MarketingCallerGuard } from '../grpc/marketing-caller.guard';
import type { ParseContext } from '../grpc/marketing-command.parsers';
import { MARKETING_SERVICE, serveMarketingRpc, type MarketingRequest } from '../grpc/marketing-rpc';
import { MARKETING_LOGGER } from '../marketing.tokens';
import * as parse from './journey-request.parsers';

const SERVICE = MARKETING_SERVICE;

function row(r: ChannelRow & { sourceKind?: string; sourceId?: string }): P.AttributionRow {
  return {
    sourceKind: r.sourceKind ?? '',
    sourceId: r.sourceId ?? '',
    channel: r.channel,
    currency: r.currency,
    revenue: fromMinor(r.revenueMinor),
    orders: r.orders,
    cost: fromMinor(r.costMinor),
    roi: r.roi === null ? '' : r.roi.toFixed(4),
  };
}

@Controller()
@UseGuards(MarketingCallerGuard)
export class JourneysGrpcController {
  constructor(
    @Inject(MarketingApplication) private readonly app: MarketingApplication,
    @Inject(AttributionReporting) private readonly attribution: AttributionReporting,
    @Inject(MARKETING_LOGGER) private readonly logger: Logger,
  ) {}

  @GrpcMethod(SERVICE, 'PublishJourney')
  publishJourney(req: P.PublishJourneyRequest__Output): Promise<P.CommandResult> {
    return this.call('PublishJourney', req, async (meta, ctx) => {
      const data = parse.parsePublishJourney(req, ctx);
      return toCommandResult(await this.publish(meta, data));
    });
  }

  @GrpcMethod(SERVICE, 'InstallReadyMadeJourney')
  installReadyMadeJourney(req: P.InstallReadyMadeJourneyRequest__Output): Promise<P.CommandResult> {
    return this.call('InstallReadyMadeJourney', req, async (meta, ctx) => {
      const { kind, timeZone } = parse.parseInstallReadyMadeJourney(req);
      const ready = readyMadeJourney(kind, timeZone);
      const { templateId, ...template } = ready.template;
      try {
        await this.app.template(meta, {
          type: 'CreateTemplate',
          data: { templateId, ...template, now: ctx.now() },
        });
      } catch (error) {
        // Installed before: the template stays as it is.
        if (!(error instanceof RecordAlreadyExistsError)) throw error;
      }
      return toCommandResult(
        await this.publish(meta, {
          journeyId: ready.journeyId,
          name: ready.name,
          definition: ready.definition,
          now: ctx.now(),
        }),
      );
    });
  }

  @GrpcMethod(SERVICE, 'PauseJourney')
  pauseJourney(req: P.JourneyRef__Output): Promise<P.CommandResult> {
    return this.pauseOrResume('PauseJourney', req);
  }

  @GrpcMethod(SERVICE, 'ResumeJourney')
  resumeJourney(req: P.JourneyRef__Output): Promise<P.CommandResult> {
    return this.pauseOrResume('ResumeJourney', req);
  }

  private pauseOrResume(
    rpc: 'PauseJourney' | 'ResumeJourney',
    req: P.JourneyRef__Output,
  ): Promise<P.CommandResult> {
    return this.call(rpc, req, async (meta, ctx) => {
      const journeyId = parse.parseJourneyRef(req);
      return toCommandResult(
        await this.app.run(
          meta,
          journeyCatalogueDecider,
          journeyCatalogueStreamId(meta.tenantId),
          { type: rpc, data: { journeyId, now: ctx.now() } },
          journeyId,
        ),
      );
    });
  }

  @GrpcMethod(SERVICE, 'ListJourneys')
  listJourneys(req: P.ListJourneysRequest__Output): Promise<P.ListJourneysResult> {
    return this.call('ListJourneys', req, async (meta) => {
      const catalogue = await this.app.load(
        meta,
        journeyCatalogueDecider,
        journeyCatalogueStreamId(meta.tenantId),
      );
      return {
        journeys: [...catalogue.journeys.values()].map((j) => ({
          journeyId: j.journeyId,
          name: j.name,
          pausedAt: j.pausedAt ?? '',
          versions: j.versions.map((v) => ({
            version: v.version,
            definitionJson: JSON.stringify(journeyDefinitionToJson(v.definition)),
            publishedAt: v.publishedAt,
          })),
        })),
      };
    });
  }

  @GrpcMethod(SERVICE, 'RecordMarketingCost')
  recordMarketingCost(req: P.RecordMarketingCostRequest__Output): Promise<P.CommandResult> {
    return this.call('RecordMarketingCost', req, async (meta, ctx) => {
      const command = parse.parseRecordMarketingCost(req, ctx);
      const { sourceKind, sourceId, costId } = command.data;
      return toCommandResult(
        await this.app.run(
          meta,
          marketingCostsDecider,
          marketingCostsStreamId(sourceKind, sourceId),
          command,
          `${sourceKind}:${sourceId}`,
          costId,
        ),
      );
    });
  }

  @GrpcMethod(SERVICE, 'AttributionReport')
  attributionReport(req: P.AttributionReportRequest__Output): Promise<P.AttributionReportResult> {
    return this.call('AttributionReport', req, async (meta) => {
      const { model, windowDays, minimumEngagement } = parse.parseAttributionReport(req);
      const report = await this.attribution.report(
        meta.tenantId,
        model,
        windowDays,
        minimumEngagement,
      );
      return {
        model,
        windowDays,
        minimumEngagement,
        bySource: report.bySource.map(row),
        byChannel: report.byChannel.map(row),
        unattributed: Object.entries(report.unattributedRevenueMinor).map(([currency, minor]) => ({
          currency,
          amount: fromMinor(minor),
        })),
      };
    });
  }

  private async publish(meta: RequestMeta, data: PublishJourney['data']) {
    await this.assertReferences(meta, data.definition);
    return this.app.run(
      meta,
      journeyCatalogueDecider,
      journeyCatalogueStreamId(meta.tenantId),
      { type: 'PublishJourney', data },
      data.journeyId,
      data.journeyId,
    );
  }

  /** The segment a trigger names and the template (and locale) of every send step exist. */
  private async assertReferences(meta: RequestMeta, definition: JourneyDefinition): Promise<void> {
    const { trigger } = definition;
    if (
      trigger.kind === 'segmentEntered' &&
      (await this.app.loadSegment(meta, trigger.segmentId)).status === 'None'
    )
      throw new RecordNotFoundError('segment', trigger.segmentId);
    for (const step of definition.steps) {
      if (step.kind !== 'send') continue;
      const template = await this.app.loadTemplate(meta, step.templateId);
      if (template.status === 'None') throw new RecordNotFoundError('template', step.templateId);
      if (!template.versions.some((v) => v.locale === step.locale))
        throw new LocaleNotAvailableError(step.templateId, step.locale);
    }
  }

  private call<T>(
    rpc: string,
    req: MarketingRequest,
    action: (meta: RequestMeta, ctx: ParseContext) => Promise<T>,
  ): Promise<T> {
    return serveMarketingRpc(this.app, this.logger, rpc, req, action);
  }
}
