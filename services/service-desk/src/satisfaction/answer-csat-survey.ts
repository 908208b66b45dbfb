// Answering a CSAT survey: the signed link names the tenant, ticket and resolution; the caller
// (the gateway's answer page relaying a customer's click) only carries it. The answer is decided
// under the system identity `service-desk.csat-survey`, which is what the event's actor shows, and
// a link of another tenant than the call token's is refused like a forged one.
import { systemCaller } from '@crm/access-policy';
import type * as P from '@crm/contracts/service-desk-grpc';
import { SERVICE_DESK_LIMITS, SurveyInvalidError } from '@crm/service-desk-domain';
import type { CommandOutcome, RequestMeta } from '../application/run-command';
import type { ServiceDeskApplication } from '../application/service-desk.application';
import { parseRequest } from '../grpc/request-reader';
import type { SurveyLinks } from './survey-link';

export const CSAT_SURVEY_ACTOR = 'service-desk.csat-survey';
const TOKEN_MAX = 4_000;

export async function answerCsatSurvey(
  app: ServiceDeskApplication,
  links: SurveyLinks | null,
  meta: RequestMeta,
  req: P.AnswerCsatSurveyRequest__Output,
): Promise<CommandOutcome> {
  const fields = parseRequest((r) => ({
    token: r.requiredText('token', req.token, TOKEN_MAX),
    score: r.integerIn('score', req.score, 1, 5),
    comment: r.optionalText('comment', req.comment, SERVICE_DESK_LIMITS.surveyComment),
  }));
  if (!links) throw new SurveyInvalidError('satisfaction surveys are not configured');
  const claims = await links.verify(fields.token, 'csat');
  if (claims.tenantId !== meta.tenantId) throw new SurveyInvalidError('another tenant');
  const { subjectId: ticketId, surveyId } = claims;
  const { score, comment } = fields;
  return app.execute(
    { ...meta, caller: systemCaller(CSAT_SURVEY_ACTOR, meta.tenantId, []) },
    ticketId,
    {
      rpc: 'AnswerCsatSurvey',
      fields: { surveyId, score, comment },
      build: (_state, at) => ({
        type: 'AnswerCsatSurvey',
        data: { ticketId, at, surveyId, score, ...(comment !== undefined && { comment }) },
      }),
    },
  );
}
