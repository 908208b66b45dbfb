// gRPC controller of crm.service_desk.v1.ServiceDeskService: parses each request once, runs it
// through the application (load → decide → append, scoped to the caller) and maps results and
// errors back. Who calls comes only from the service call token the guard verified; every call is
// logged once with its correlation id, which also travels into the event envelopes.
import type { ServiceCaller } from '@crm/access-policy';
import type * as P from '@crm/contracts/service-desk-grpc';
import { requestMetaOf, serveRpc, toCommandResult } from '@crm/grpc-service';
import { CARE_TASK_DISMISS_REASONS, type MilestoneClock } from '@crm/service-desk-domain';
import { Controller, Inject, UseGuards } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { assertMayCall } from '../application/caller-access';
import {
  KnowledgeBaseApplication,
  type ArticleRequest,
} from '../application/knowledge-base.application';
import { ServiceDeskApplication, type RequestMeta } from '../application/service-desk.application';
import { CareTasks } from '../care/care-reminders';
import { answerCsatSurvey } from '../satisfaction/answer-csat-survey';
import { NpsSurveys } from '../satisfaction/nps-surveys';
import type { SurveyLinks } from '../satisfaction/survey-link';
import { SERVICE_DESK_LOGGER, SURVEY_LINKS } from '../service-desk.tokens';
import { mapServiceDeskError } from './grpc-errors';
import { parseRequest } from './request-reader';
import { ServiceDeskCallerGuard } from './service-desk-caller.guard';
import { ServiceDeskCustomerContacts } from '../customers/service-desk-customer-contacts';
import * as kb from './knowledge-base.parsers';
import * as parse from './service-desk-command.parsers';
import type { ParseContext, ParsedTicketRequest } from './service-desk-command.parsers';

const SERVICE = 'ServiceDeskService';

type Request = { ctx: P.RequestContext__Output | null };

@Controller()
@UseGuards(ServiceDeskCallerGuard)
export class ServiceDeskGrpcController {
  constructor(
    @Inject(ServiceDeskApplication) private readonly app: ServiceDeskApplication,
    @Inject(KnowledgeBaseApplication) private readonly knowledgeBase: KnowledgeBaseApplication,
    @Inject(SURVEY_LINKS) private readonly surveyLinks: SurveyLinks | null,
    @Inject(NpsSurveys) private readonly nps: NpsSurveys,
    @Inject(CareTasks) private readonly care: CareTasks,
    @Inject(ServiceDeskCustomerContacts) private readonly contacts: ServiceDeskCustomerContacts,
    @Inject(SERVICE_DESK_LOGGER) private readonly logger: Logger,
  ) {}

  @GrpcMethod(SERVICE, 'OpenTicket')
  openTicket(req: P.OpenTicketRequest__Output): Promise<P.CommandResult> {
    return this.command('OpenTicket', req, (c, meta) =>
      parse.parseOpenTicket(req, c, (phone) =>
        this.contacts.index.soleCustomerFor(meta.tenantId, { phone }),
      ),
    );
  }

  @GrpcMethod(SERVICE, 'AssignTicket')
  assignTicket(req: P.AssignTicketRequest__Output): Promise<P.CommandResult> {
    return this.command('AssignTicket', req, () => parse.parseAssignTicket(req));
  }

  @GrpcMethod(SERVICE, 'SetTicketStatus')
  setTicketStatus(req: P.SetTicketStatusRequest__Output): Promise<P.CommandResult> {
    return this.command('SetTicketStatus', req, () => parse.parseSetTicketStatus(req));
  }

  @GrpcMethod(SERVICE, 'ReplyToCustomer')
  replyToCustomer(req: P.ReplyToCustomerRequest__Output): Promise<P.CommandResult> {
    return this.command('ReplyToCustomer', req, (c) => parse.parseReplyToCustomer(req, c));
  }

  @GrpcMethod(SERVICE, 'AddInternalNote')
  addInternalNote(req: P.AddInternalNoteRequest__Output): Promise<P.CommandResult> {
    return this.command('AddInternalNote', req, (c) => parse.parseAddInternalNote(req, c));
  }

  @GrpcMethod(SERVICE, 'RecordCustomerMessage')
  recordCustomerMessage(req: P.RecordCustomerMessageRequest__Output): Promise<P.CommandResult> {
    return this.command('RecordCustomerMessage', req, (c) =>
      parse.parseRecordCustomerMessage(req, c),
    );
  }

  @GrpcMethod(SERVICE, 'ChangePriority')
  changePriority(req: P.ChangePriorityRequest__Output): Promise<P.CommandResult> {
    return this.command('ChangePriority', req, (c) => parse.parseChangePriority(req, c));
  }

  @GrpcMethod(SERVICE, 'ClassifyTicket')
  classifyTicket(req: P.ClassifyTicketRequest__Output): Promise<P.CommandResult> {
    return this.command('ClassifyTicket', req, (c) => parse.parseClassifyTicket(req, c));
  }

  @GrpcMethod(SERVICE, 'RecordComplaintAnalysis')
  recordComplaintAnalysis(req: P.RecordComplaintAnalysisRequest__Output): Promise<P.CommandResult> {
    return this.command('RecordComplaintAnalysis', req, () =>
      parse.parseRecordComplaintAnalysis(req),
    );
  }

  @GrpcMethod(SERVICE, 'ResolveTicket')
  resolveTicket(req: P.ResolveTicketRequest__Output): Promise<P.CommandResult> {
    return this.command('ResolveTicket', req, () => parse.parseResolveTicket(req));
  }

  @GrpcMethod(SERVICE, 'CloseTicket')
  closeTicket(req: P.CloseTicketRequest__Output): Promise<P.CommandResult> {
    return this.command('CloseTicket', req, () => parse.parseCloseTicket(req));
  }

  @GrpcMethod(SERVICE, 'ReopenTicket')
  reopenTicket(req: P.ReopenTicketRequest__Output): Promise<P.CommandResult> {
    return this.command('ReopenTicket', req, (c) => parse.parseReopenTicket(req, c));
  }

  @GrpcMethod(SERVICE, 'LinkCustomer')
  linkCustomer(req: P.LinkCustomerRequest__Output): Promise<P.CommandResult> {
    return this.command('LinkCustomer', req, () => parse.parseLinkCustomer(req));
  }

  @GrpcMethod(SERVICE, 'MergeTickets')
  mergeTickets(req: P.MergeTicketsRequest__Output): Promise<P.CommandResult> {
    return this.call('MergeTickets', req, async (meta) => {
      const { ticketId, intoTicketId } = parseRequest((r) => ({
        ticketId: r.requiredId('ticketId', req.ticketId),
        intoTicketId: r.requiredId('intoTicketId', req.intoTicketId),
      }));
      return toCommandResult(await this.app.mergeTickets(meta, ticketId, intoTicketId));
    });
  }

  @GrpcMethod(SERVICE, 'GetTicketConversation')
  getTicketConversation(
    req: P.GetTicketConversationRequest__Output,
  ): Promise<P.GetTicketConversationResponse> {
    return this.call('GetTicketConversation', req, async (meta) => {
      const { ticketId } = parseRequest((r) => ({
        ticketId: r.requiredId('ticketId', req.ticketId),
      }));
      const { ticket, entries } = await this.app.conversation(meta, ticketId);
      return { ticketId, status: ticket.status, entries };
    });
  }

  @GrpcMethod(SERVICE, 'CompleteCareTask')
  completeCareTask(req: P.CompleteCareTaskRequest__Output): Promise<P.CommandResult> {
    return this.call('CompleteCareTask', req, async (meta) => {
      const { taskId } = parseRequest((r) => ({ taskId: r.requiredId('taskId', req.taskId) }));
      return toCommandResult(await this.care.close(meta, taskId, {}));
    });
  }

  @GrpcMethod(SERVICE, 'DismissCareTask')
  dismissCareTask(req: P.DismissCareTaskRequest__Output): Promise<P.CommandResult> {
    return this.call('DismissCareTask', req, async (meta) => {
      const { taskId, reason } = parseRequest((r) => ({
        taskId: r.requiredId('taskId', req.taskId),
        reason: r.oneOf('reason', req.reason, CARE_TASK_DISMISS_REASONS),
      }));
      return toCommandResult(await this.care.close(meta, taskId, { reason }));
    });
  }

  @GrpcMethod(SERVICE, 'GetSlaClock')
  getSlaClock(req: P.GetSlaClockRequest__Output): Promise<P.GetSlaClockResponse> {
    return this.call('GetSlaClock', req, async (meta) => {
      const { ticketId, asOf } = parseRequest((r) => ({
        ticketId: r.requiredId('ticketId', req.ticketId),
        asOf: r.instant('asOf', req.asOf, this.app.now()),
      }));
      const view = await this.app.slaClock(meta, ticketId, asOf);
      return {
        ticketId,
        asOf: view.asOf,
        status: view.ticket.status,
        milestones: view.clocks.map(toMilestoneClock),
      };
    });
  }

  @GrpcMethod(SERVICE, 'WriteArticleVersion')
  writeArticleVersion(req: P.WriteArticleVersionRequest__Output): Promise<P.CommandResult> {
    return this.articleCommand('WriteArticleVersion', req, (meta) =>
      kb.parseWriteArticleVersion(req, () => this.app.newId(meta, 'article')),
    );
  }

  @GrpcMethod(SERVICE, 'PublishArticle')
  publishArticle(req: P.ArticleLocaleRequest__Output): Promise<P.CommandResult> {
    return this.articleCommand('PublishArticle', req, () => kb.parsePublishArticle(req));
  }

  @GrpcMethod(SERVICE, 'RetireArticle')
  retireArticle(req: P.RetireArticleRequest__Output): Promise<P.CommandResult> {
    return this.articleCommand('RetireArticle', req, () => kb.parseRetireArticle(req));
  }

  @GrpcMethod(SERVICE, 'RecordArticleDeflection')
  recordArticleDeflection(req: P.RecordArticleDeflectionRequest__Output): Promise<P.CommandResult> {
    return this.articleCommand('RecordArticleDeflection', req, () =>
      kb.parseRecordArticleDeflection(req),
    );
  }

  @GrpcMethod(SERVICE, 'AnswerCsatSurvey')
  answerCsatSurvey(req: P.AnswerCsatSurveyRequest__Output): Promise<P.CommandResult> {
    return this.call('AnswerCsatSurvey', req, async (meta) =>
      toCommandResult(await answerCsatSurvey(this.app, this.surveyLinks, meta, req)),
    );
  }

  @GrpcMethod(SERVICE, 'SendNpsSurvey')
  sendNpsSurvey(req: P.SendNpsSurveyRequest__Output): Promise<P.CommandResult> {
    return this.call('SendNpsSurvey', req, async (meta) =>
      toCommandResult(await this.nps.send(meta, req)),
    );
  }

  @GrpcMethod(SERVICE, 'AnswerNpsSurvey')
  answerNpsSurvey(req: P.AnswerNpsSurveyRequest__Output): Promise<P.CommandResult> {
    return this.call('AnswerNpsSurvey', req, async (meta) =>
      toCommandResult(await this.nps.answer(meta, req)),
    );
  }

  private articleCommand(
    rpc: string,
    req: Request,
    parseIt: (meta: RequestMeta) => ArticleRequest,
  ): Promise<P.CommandResult> {
    return this.call(rpc, req, async (meta) =>
      toCommandResult(await this.knowledgeBase.execute(meta, parseIt(meta))),
    );
  }

  private command(
    rpc: string,
    req: Request,
    parseIt: (
      context: ParseContext,
      meta: RequestMeta,
    ) => ParsedTicketRequest | Promise<ParsedTicketRequest>,
  ): Promise<P.CommandResult> {
    return this.call(rpc, req, async (meta, caller) => {
      const parsed = await parseIt(
        {
          caller,
          reopenWindowDays: this.app.reopenWindowDays,
          policyFor: (ticket) => this.app.policyFor(ticket),
          newTicketId: () => this.app.newId(meta, 'ticket'),
        },
        meta,
      );
      return toCommandResult(
        await this.app.execute(meta, parsed.ticketId, parsed.request, parsed.createdId),
      );
    });
  }

  /** Runs one RPC: the verified caller and its roles for `rpc`, logging with the correlation id, error mapping. */
  private call<T>(
    rpc: string,
    req: Request,
    action: (meta: RequestMeta, caller: ServiceCaller) => Promise<T>,
  ): Promise<T> {
    return serveRpc(
      {
        service: SERVICE,
        logger: this.logger,
        requestMeta: (caller) => {
          assertMayCall(caller, rpc);
          return requestMetaOf(caller, req.ctx, () => this.app.randomId());
        },
        mapError: mapServiceDeskError,
      },
      rpc,
      req,
      action,
    );
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function toMilestoneClock(clock: MilestoneClock): P.MilestoneClock {
  return {
    milestone: clock.milestone,
    state: clock.state,
    policyId: clock.policyId,
    targetMs: String(clock.targetMs),
    usedMs: String(clock.usedMs),
    dueAt: clock.state === 'running' ? iso(clock.dueAt) : '',
    breachedAt: clock.state === 'breached' || clock.state === 'missed' ? iso(clock.breachedAt) : '',
    metAt: clock.state === 'met' || clock.state === 'missed' ? iso(clock.metAt) : '',
    timeline: clock.timeline.map((i) => ({
      from: iso(i.from),
      to: iso(i.to),
      running: i.running,
      status: i.status,
      policyId: i.policyId,
      businessMs: String(i.businessMs),
    })),
  };
}
