// GET/POST /survey/csat and /survey/nps: where the satisfaction survey links of the mails lead. The customer has no
// account, so the route is anonymous and the signed token of the link is the authority, verified by
// services/service-desk (ADR 0211). GET shows the clicked score to confirm (mail scanners that
// prefetch links must not answer for the customer); POST relays the answer to the service under the
// system identity `gateway.survey-page`. The tenant is read from the token only to address the call;
// the service refuses a token whose signature or tenant does not hold.
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { Role } from '@crm/access-policy';
import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { decodeJwt } from 'jose';
import { type Logger } from 'pino';
import { AllowAnonymous } from '../authz/allow.decorator';
import { GATEWAY_LOGGER } from '../logging/logger';
import { ContextCallError } from '../grpc/context-grpc.client';
import { SERVICE_DESK_CLIENT, type ServiceDeskClient } from './service-desk.ports';
import { surveyFormPage, surveyMessagePage, type SurveyPageKind } from './survey-answer.page';

const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const TENANT = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const MAX_FORM_BYTES = 16 * 1024;
const SURVEY_PAGE_ACTOR = 'system:gateway.survey-page';
const ANSWER_RPC: Record<SurveyPageKind, string> = {
  csat: 'AnswerCsatSurvey',
  nps: 'AnswerNpsSurvey',
};
const MAX_SCORE: Record<SurveyPageKind, number> = { csat: 5, nps: 10 };

function kindOf(value: string): SurveyPageKind | undefined {
  return value === 'csat' || value === 'nps' ? value : undefined;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
  res.end(html);
}

const invalidLink = (res: ServerResponse) =>
  send(
    res,
    400,
    surveyMessagePage('Link not valid', 'This survey link is not valid or has expired.'),
  );

function tenantOf(token: string): string | undefined {
  if (!TOKEN.test(token) || token.length > 4_000) return undefined;
  try {
    const { tid } = decodeJwt(token);
    return typeof tid === 'string' && TENANT.test(tid) ? tid : undefined;
  } catch {
    return undefined;
  }
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

@Controller('survey')
@AllowAnonymous()
export class SurveyAnswerController {
  constructor(
    @Inject(SERVICE_DESK_CLIENT) private readonly client: ServiceDeskClient,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
  ) {}

  @Get(':kind')
  form(
    @Param('kind') kindParam: string,
    @Query('token') token: string | undefined,
    @Query('score') score: string | undefined,
    @Res() res: ServerResponse,
  ): void {
    const kind = kindOf(kindParam);
    if (!kind || !token || !tenantOf(token)) return invalidLink(res);
    const chosen = Number(score);
    send(res, 200, surveyFormPage(kind, token, Number.isInteger(chosen) ? chosen : undefined));
  }

  @Post(':kind')
  async answer(
    @Param('kind') kindParam: string,
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const kind = kindOf(kindParam);
    const form = kind ? await readForm(req) : undefined;
    const token = form?.get('token') ?? '';
    const tenantId = tenantOf(token);
    if (!kind || !form || !tenantId) return invalidLink(res);
    const score = Number(form.get('score'));
    const correlationId = randomUUID();
    try {
      await this.client.call(
        ANSWER_RPC[kind],
        {
          // Every call token names a role: the read-only one, since the link, not the role,
          // authorises the answer (SIGNED_LINK_RPCS in libs/access-policy).
          principal: {
            userId: SURVEY_PAGE_ACTOR,
            email: '',
            tenantId,
            roles: [Role.AUDITOR],
            teamId: null,
          },
          correlationId,
        },
        { token, score: Number.isInteger(score) ? score : 0, comment: form.get('comment') ?? '' },
      );
      send(
        res,
        200,
        surveyMessagePage('Thank you', `You answered ${score} out of ${MAX_SCORE[kind]}.`),
      );
    } catch (error) {
      const code = error instanceof ContextCallError ? error.detail?.code : undefined;
      if (code === 'SURVEY_ALREADY_ANSWERED')
        return send(
          res,
          409,
          surveyMessagePage('Already answered', 'You already answered this survey.'),
        );
      if (code === 'SURVEY_INVALID' || code === 'VALIDATION_FAILED') return invalidLink(res);
      this.logger.error({ err: error, correlationId }, 'survey answer failed');
      send(
        res,
        503,
        surveyMessagePage('Please try again', 'We could not record your answer just now.'),
      );
    }
  }
}
