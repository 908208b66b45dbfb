// gRPC controller of crm.sales.v1.SalesService: parses each request once into a domain command,
// runs it through the application (load → decide → append, scoped to the caller) and maps results
// and errors back. Who calls comes only from the service call token the guard verified; every call
// is logged once with its correlation id, which also travels into the event envelopes.
import type { ServiceCaller } from '@crm/access-policy';
import { principalOfCaller } from '@crm/access-policy';
import type * as P from '@crm/contracts/sales-grpc';
import { serveRpc, toCommandResult } from '@crm/grpc-service';
import { Controller, Inject, UseGuards } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { actingUserIdOf, approverRolesOf, assertMayCall } from '../application/caller-access';
import {
  SalesApplication,
  type CommandOutcome,
  type RequestMeta,
} from '../application/sales.application';
import { formatMinorUnits } from '@crm/sales-domain';
import { SALES_LOGGER } from '../sales.tokens';
import { mapSalesError } from './grpc-errors';
import { parseRequest } from './request-parsing';
import { SalesCallerGuard } from './sales-caller.guard';
import { parseImportLeads } from './lead-import.parser';
import * as parseQA from './quote-activity.parsers';
import * as parse from './sales-command.parsers';
import * as parseScoring from './scoring.parsers';
import * as parseForecast from './forecast.parsers';
import * as parseCQ from './contract-quota.parsers';
import type { ParseContext } from './sales-command.parsers';

const SERVICE = 'SalesService';

type Request = { ctx: P.RequestContext__Output | null };

@Controller()
@UseGuards(SalesCallerGuard)
export class SalesGrpcController {
  constructor(
    @Inject(SalesApplication) private readonly app: SalesApplication,
    @Inject(SALES_LOGGER) private readonly logger: Logger,
  ) {}

  @GrpcMethod(SERVICE, 'CaptureLead')
  captureLead(req: P.CaptureLeadRequest__Output): Promise<P.CommandResult> {
    return this.call('CaptureLead', req, (meta, ctx) => {
      const { command, createdId, routing } = parse.parseCaptureLead(req, ctx);
      return this.app.captureLead(meta, command, createdId, routing);
    });
  }

  @GrpcMethod(SERVICE, 'AssignLead')
  assignLead(req: P.AssignLeadRequest__Output): Promise<P.CommandResult> {
    return this.call('AssignLead', req, (meta, ctx) =>
      this.app.lead(meta, parse.parseAssignLead(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'QualifyLead')
  qualifyLead(req: P.QualifyLeadRequest__Output): Promise<P.CommandResult> {
    return this.call('QualifyLead', req, (meta, ctx) =>
      this.app.lead(meta, parse.parseQualifyLead(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'DisqualifyLead')
  disqualifyLead(req: P.DisqualifyLeadRequest__Output): Promise<P.CommandResult> {
    return this.call('DisqualifyLead', req, (meta, ctx) =>
      this.app.lead(meta, parse.parseDisqualifyLead(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'ConvertLead')
  convertLead(req: P.ConvertLeadRequest__Output): Promise<P.CommandResult> {
    return this.call('ConvertLead', req, (meta, ctx) => {
      const { convert, open } = parse.parseConvertLead(req, ctx);
      return this.app.convertLead(meta, convert, open);
    });
  }

  @GrpcMethod(SERVICE, 'OpenOpportunity')
  openOpportunity(req: P.OpenOpportunityRequest__Output): Promise<P.CommandResult> {
    return this.call('OpenOpportunity', req, (meta, ctx) => {
      const { command, createdId } = parse.parseOpenOpportunity(req, ctx);
      return this.app.opportunity(meta, command, createdId);
    });
  }

  @GrpcMethod(SERVICE, 'MoveOpportunityStage')
  moveOpportunityStage(req: P.MoveOpportunityStageRequest__Output): Promise<P.CommandResult> {
    return this.call('MoveOpportunityStage', req, (meta, ctx) =>
      this.app.opportunity(meta, parse.parseMoveOpportunityStage(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'WinOpportunity')
  winOpportunity(req: P.WinOpportunityRequest__Output): Promise<P.CommandResult> {
    return this.call('WinOpportunity', req, (meta, ctx) =>
      this.app.opportunity(meta, parse.parseWinOpportunity(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'LoseOpportunity')
  loseOpportunity(req: P.LoseOpportunityRequest__Output): Promise<P.CommandResult> {
    return this.call('LoseOpportunity', req, (meta, ctx) =>
      this.app.opportunity(meta, parse.parseLoseOpportunity(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'ReopenOpportunity')
  reopenOpportunity(req: P.ReopenOpportunityRequest__Output): Promise<P.CommandResult> {
    return this.call('ReopenOpportunity', req, (meta, ctx) =>
      this.app.opportunity(meta, parse.parseReopenOpportunity(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'PlaceOrder')
  placeOrder(req: P.PlaceOrderRequest__Output): Promise<P.CommandResult> {
    return this.call('PlaceOrder', req, async (meta, ctx) => {
      // An order from a deal belongs to the deal's owner and team unless the request names others.
      const opportunityId = parseRequest((r) => r.id('opportunityId', req.opportunityId));
      const inherited =
        opportunityId === undefined
          ? undefined
          : await this.app.opportunityOwnership(meta, opportunityId);
      const { command, createdId } = parse.parsePlaceOrder(req, ctx, inherited);
      return this.app.order(meta, command, createdId);
    });
  }

  @GrpcMethod(SERVICE, 'CancelOrder')
  cancelOrder(req: P.CancelOrderRequest__Output): Promise<P.CommandResult> {
    return this.call('CancelOrder', req, (meta, ctx) =>
      this.app.order(meta, parse.parseCancelOrder(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'RefundOrder')
  refundOrder(req: P.RefundOrderRequest__Output): Promise<P.CommandResult> {
    return this.call('RefundOrder', req, (meta, ctx) =>
      this.app.order(meta, parse.parseRefundOrder(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'CreateQuote')
  createQuote(req: P.CreateQuoteRequest__Output): Promise<P.CommandResult> {
    return this.call('CreateQuote', req, (meta, ctx) =>
      this.app.createQuote(meta, parseQA.parseCreateQuote(req, ctx).draft),
    );
  }

  @GrpcMethod(SERVICE, 'ReviseQuote')
  reviseQuote(req: P.ReviseQuoteRequest__Output): Promise<P.CommandResult> {
    return this.call('ReviseQuote', req, (meta, ctx) =>
      this.app.reviseQuote(meta, parseQA.parseReviseQuote(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'ApproveQuote')
  approveQuote(req: P.ApproveQuoteRequest__Output): Promise<P.CommandResult> {
    return this.call('ApproveQuote', req, (meta, ctx) =>
      this.app.quote(
        meta,
        parseQA.parseApproveQuote(
          req,
          ctx,
          actingUserIdOf(meta.caller),
          approverRolesOf(meta.caller),
        ).command,
      ),
    );
  }

  @GrpcMethod(SERVICE, 'SendQuote')
  sendQuote(req: P.SendQuoteRequest__Output): Promise<P.CommandResult> {
    return this.call('SendQuote', req, (meta, ctx) =>
      this.app.quote(meta, parseQA.parseSendQuote(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'AcceptQuote')
  acceptQuote(req: P.AcceptQuoteRequest__Output): Promise<P.CommandResult> {
    return this.call('AcceptQuote', req, (meta, ctx) => {
      const { command, channel } = parseQA.parseAcceptQuote(req, ctx);
      return this.app.acceptQuote(meta, command, channel);
    });
  }

  @GrpcMethod(SERVICE, 'RejectQuote')
  rejectQuote(req: P.RejectQuoteRequest__Output): Promise<P.CommandResult> {
    return this.call('RejectQuote', req, (meta, ctx) =>
      this.app.quote(meta, parseQA.parseRejectQuote(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'ScheduleActivity')
  scheduleActivity(req: P.ScheduleActivityRequest__Output): Promise<P.CommandResult> {
    return this.call('ScheduleActivity', req, (meta, ctx) => {
      const { command, createdId } = parseQA.parseScheduleActivity(req, ctx);
      return this.app.activity(meta, command, createdId);
    });
  }

  @GrpcMethod(SERVICE, 'RescheduleActivity')
  rescheduleActivity(req: P.RescheduleActivityRequest__Output): Promise<P.CommandResult> {
    return this.call('RescheduleActivity', req, (meta, ctx) =>
      this.app.activity(meta, parseQA.parseRescheduleActivity(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'CompleteActivity')
  completeActivity(req: P.CompleteActivityRequest__Output): Promise<P.CommandResult> {
    return this.call('CompleteActivity', req, (meta, ctx) =>
      this.app.activity(meta, parseQA.parseCompleteActivity(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'CancelActivity')
  cancelActivity(req: P.CancelActivityRequest__Output): Promise<P.CommandResult> {
    return this.call('CancelActivity', req, (meta, ctx) =>
      this.app.activity(meta, parseQA.parseCancelActivity(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'RecordLeadEngagement')
  recordLeadEngagement(req: P.RecordLeadEngagementRequest__Output): Promise<P.CommandResult> {
    return this.call('RecordLeadEngagement', req, (meta, ctx) =>
      this.app.recordLeadEngagement(meta, parseScoring.parseRecordLeadEngagement(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'ScoreLead')
  scoreLead(req: P.ScoreLeadRequest__Output): Promise<P.CommandResult> {
    return this.call('ScoreLead', req, (meta) => {
      const { leadId, pipelineId } = parseScoring.parseScoreLead(req);
      return this.app.scoreLead(meta, leadId, pipelineId);
    });
  }

  @GrpcMethod(SERVICE, 'DefineLeadScoringModel')
  defineLeadScoringModel(req: P.DefineLeadScoringModelRequest__Output): Promise<P.CommandResult> {
    return this.call('DefineLeadScoringModel', req, (meta, ctx) =>
      this.app.defineLeadScoringModel(
        meta,
        parseScoring.parseDefineLeadScoringModel(req, ctx).command,
      ),
    );
  }

  @GrpcMethod(SERVICE, 'SubmitForecast')
  submitForecast(req: P.SubmitForecastRequest__Output): Promise<P.CommandResult> {
    return this.call('SubmitForecast', req, (meta, ctx) =>
      this.app.forecast(meta, parseForecast.parseSubmitForecast(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'AdjustForecast')
  adjustForecast(req: P.AdjustForecastRequest__Output): Promise<P.CommandResult> {
    return this.call('AdjustForecast', req, (meta, ctx) =>
      this.app.forecast(meta, parseForecast.parseAdjustForecast(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'ImportLeads')
  importLeads(req: P.ImportLeadsRequest__Output): Promise<P.ImportLeadsResult> {
    return this.serve('ImportLeads', req, async (meta, ctx) => {
      const imported = await this.app.importLeads(meta, parseImportLeads(req, ctx));
      return { ...imported, globalPosition: String(imported.globalPosition) };
    });
  }

  @GrpcMethod(SERVICE, 'EraseLead')
  eraseLead(req: P.EraseLeadRequest__Output): Promise<P.CommandResult> {
    return this.call('EraseLead', req, (meta, ctx) =>
      this.app.eraseLead(meta, parse.parseEraseLead(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'StartContract')
  startContract(req: P.StartContractRequest__Output): Promise<P.CommandResult> {
    return this.call('StartContract', req, (meta, ctx) =>
      this.app.startContract(meta, parseCQ.parseStartContract(req, ctx)),
    );
  }

  @GrpcMethod(SERVICE, 'RenewContract')
  renewContract(req: P.RenewContractRequest__Output): Promise<P.CommandResult> {
    return this.call('RenewContract', req, (meta, ctx) =>
      this.app.contract(meta, parseCQ.parseRenewContract(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'TerminateContract')
  terminateContract(req: P.TerminateContractRequest__Output): Promise<P.CommandResult> {
    return this.call('TerminateContract', req, (meta, ctx) =>
      this.app.contract(meta, parseCQ.parseTerminateContract(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'SetQuota')
  setQuota(req: P.SetQuotaRequest__Output): Promise<P.CommandResult> {
    return this.call('SetQuota', req, (meta, ctx) =>
      this.app.setQuota(meta, parseCQ.parseSetQuota(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'DefineSalesTeam')
  defineSalesTeam(req: P.DefineSalesTeamRequest__Output): Promise<P.CommandResult> {
    return this.call('DefineSalesTeam', req, (meta, ctx) =>
      this.app.defineSalesTeam(meta, parseCQ.parseDefineSalesTeam(req, ctx).command),
    );
  }
  @GrpcMethod(SERVICE, 'PayOrder')
  payOrder(req: P.PayOrderRequest__Output): Promise<P.CommandResult> {
    return this.call('PayOrder', req, (meta, ctx) =>
      this.app.order(meta, parse.parsePayOrder(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'ShipOrder')
  shipOrder(req: P.ShipOrderRequest__Output): Promise<P.CommandResult> {
    return this.call('ShipOrder', req, (meta, ctx) =>
      this.app.order(meta, parse.parseShipOrder(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'SetOpportunityLines')
  setOpportunityLines(req: P.SetOpportunityLinesRequest__Output): Promise<P.CommandResult> {
    return this.call('SetOpportunityLines', req, (meta, ctx) =>
      this.app.opportunity(meta, parseQA.parseSetOpportunityLines(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'OverrideOpportunityProbability')
  overrideOpportunityProbability(
    req: P.OverrideOpportunityProbabilityRequest__Output,
  ): Promise<P.CommandResult> {
    return this.call('OverrideOpportunityProbability', req, (meta, ctx) =>
      this.app.opportunity(meta, parseQA.parseOverrideOpportunityProbability(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'CompleteOrder')
  completeOrder(req: P.CompleteOrderRequest__Output): Promise<P.CommandResult> {
    return this.call('CompleteOrder', req, (meta, ctx) =>
      this.app.order(meta, parse.parseCompleteOrder(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'LeadConversionSource')
  leadConversionSource(req: P.ConvertLeadRequest__Output): Promise<P.LeadConversionSourceResult> {
    return this.serve('LeadConversionSource', req, async (meta) => {
      const leadId = parse.parseConversionCheck(req);
      const source = await this.app.leadConversionSource(meta, leadId);
      return {
        leadId: source.leadId,
        contactName: source.contact.name,
        contactEmail: source.contact.email ?? '',
        contactPhone: source.contact.phone ?? '',
        companyName: source.companyName ?? '',
        ownerId: source.ownerId ?? '',
        teamId: source.teamId ?? '',
        convertedCustomerId: source.convertedCustomerId ?? '',
        matchedCustomerId: source.matchedCustomerId ?? '',
        source: source.source,
      };
    });
  }

  @GrpcMethod(SERVICE, 'DefineQuoteApprovalPolicy')
  defineQuoteApprovalPolicy(
    req: P.DefineQuoteApprovalPolicyRequest__Output,
  ): Promise<P.CommandResult> {
    return this.call('DefineQuoteApprovalPolicy', req, (meta, ctx) =>
      this.app.defineQuoteApprovalPolicy(meta, parseQA.parseDefineQuoteApprovalPolicy(req, ctx)),
    );
  }

  @GrpcMethod(SERVICE, 'QuoteApprovalPolicy')
  quoteApprovalPolicy(
    req: P.QuoteApprovalPolicyRequest__Output,
  ): Promise<P.QuoteApprovalPolicyResult> {
    return this.serve('QuoteApprovalPolicy', req, async (meta) => {
      const { policy, definedAt } = await this.app.quoteApprovalPolicy(meta);
      return {
        version: policy.version,
        definedAt: definedAt ?? '',
        levels: policy.levels.map((level) => ({
          approverRole: parseQA.approverRoleName(level.approverRole),
          maxDiscountPercent: level.maxDiscountPercent,
          maxAmount: formatMinorUnits(level.maxAmountMinor),
        })),
      };
    });
  }

  @GrpcMethod(SERVICE, 'ScheduleLeadFollowUp')
  scheduleLeadFollowUp(req: P.ScheduleLeadFollowUpRequest__Output): Promise<P.CommandResult> {
    return this.call('ScheduleLeadFollowUp', req, (meta, ctx) =>
      this.app.lead(meta, parse.parseScheduleLeadFollowUp(req, ctx).command),
    );
  }

  @GrpcMethod(SERVICE, 'AddSalesNote')
  addSalesNote(req: P.AddSalesNoteRequest__Output): Promise<P.CommandResult> {
    return this.call('AddSalesNote', req, (meta, ctx) =>
      this.app.addSalesNote(meta, parseQA.parseAddSalesNote(req, ctx)),
    );
  }

  @GrpcMethod(SERVICE, 'RemoveSalesNote')
  removeSalesNote(req: P.RemoveSalesNoteRequest__Output): Promise<P.CommandResult> {
    return this.call('RemoveSalesNote', req, (meta, ctx) =>
      this.app.removeSalesNote(meta, parseQA.parseRemoveSalesNote(req, ctx)),
    );
  }

  @GrpcMethod(SERVICE, 'SalesNoteTexts')
  salesNoteTexts(req: P.SalesNoteTextsRequest__Output): Promise<P.SalesNoteTextsResult> {
    return this.serve('SalesNoteTexts', req, async (meta) => ({
      texts: await this.app.salesNoteTexts(meta, parseQA.parseSalesNoteTexts(req)),
    }));
  }

  @GrpcMethod(SERVICE, 'PipelineAsOf')
  pipelineAsOf(req: P.PipelineAsOfRequest__Output): Promise<P.PipelineAsOfResult> {
    return this.serve('PipelineAsOf', req, async (meta, ctx) => {
      const { asOf, period } = parseCQ.parsePipelineAsOf(req, ctx);
      const replayed = await this.app.pipelineAsOf(meta, asOf, period);
      const orEmpty = (value: string | null | undefined): string => value ?? '';
      return {
        asOf,
        globalPosition: String(replayed.globalPosition),
        opportunities: replayed.opportunities.map((o) => ({
          ...o,
          ownerId: orEmpty(o.ownerId),
          teamId: orEmpty(o.teamId),
          closedAt: orEmpty(o.closedAt),
        })),
        quotas: replayed.quotas.map((q) => ({ ...q, teamId: orEmpty(q.teamId) })),
        submissions: replayed.submissions.map((f) => ({
          period: f.period,
          ownerId: f.ownerId,
          currency: f.currency,
          submitted: orEmpty(f.submitted),
          adjusted: orEmpty(f.adjusted),
          adjustmentNote: orEmpty(f.adjustmentNote),
        })),
      };
    });
  }

  /**
   * Runs one RPC: the verified caller and its roles for `rpc`, the request context, logging with
   * the correlation id, error mapping.
   */
  private call(
    rpc: string,
    req: Request,
    action: (meta: RequestMeta, ctx: ParseContext) => Promise<CommandOutcome>,
  ): Promise<P.CommandResult> {
    return this.serve(rpc, req, async (meta, ctx) => toCommandResult(await action(meta, ctx)));
  }

  private serve<R>(
    rpc: string,
    req: Request,
    action: (meta: RequestMeta, ctx: ParseContext) => Promise<R>,
  ): Promise<R> {
    return serveRpc(
      {
        service: SERVICE,
        logger: this.logger,
        requestMeta: (caller) => {
          assertMayCall(caller, rpc);
          return this.requestMeta(caller, req.ctx);
        },
        mapError: mapSalesError,
      },
      rpc,
      req,
      (meta, caller) =>
        action(meta, {
          newId: (purpose) => this.app.newId(meta, purpose),
          now: () => this.app.now(),
          caller,
        }),
    );
  }

  private requestMeta(caller: ServiceCaller, ctx: P.RequestContext__Output | null): RequestMeta {
    return parseRequest((r) => {
      const correlationId =
        r.text('ctx.correlationId', ctx?.correlationId, 200) ?? this.app.randomId();
      const idempotencyKey = r.text('ctx.idempotencyKey', ctx?.idempotencyKey, 200);
      return {
        caller,
        tenantId: principalOfCaller(caller).tenantId,
        correlationId,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      };
    });
  }
}
