// NPS surveys of customers: `SendNpsSurvey` (leads and admins; a campaign may ask everyone, the
// decider keeps each customer's cadence; the cadence timer asks again, nps-schedule.ts) and `AnswerNpsSurvey` (authorised by the signed link of
// the mail, decided as the system identity `service-desk.nps-survey`).
import { systemCaller } from '@crm/access-policy';
import type * as P from '@crm/contracts/service-desk-grpc';
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import {
  SERVICE_DESK_LIMITS,
  SurveyInvalidError,
  npsDecider,
  npsSurveyStreamId,
  type NpsCommand,
  type NpsEvent,
  type NpsState,
} from '@crm/service-desk-domain';
import {
  decidingOnce,
  runCommand,
  type CommandOutcome,
  type RequestMeta,
} from '../application/run-command';
import { parseRequest } from '../grpc/request-reader';
import type { SurveyLinks } from './survey-link';

export const NPS_SURVEY_ACTOR = 'service-desk.nps-survey';
const TOKEN_MAX = 4_000;

interface NpsRequest {
  readonly rpc: string;
  readonly fields: object;
}

export class NpsSurveys {
  constructor(
    private readonly store: EventStore,
    private readonly runtime: RuntimeDependencies,
    private readonly links: SurveyLinks | null,
    private readonly cadenceDays: number,
    private readonly maxRetries = 3,
  ) {}

  send(meta: RequestMeta, req: P.SendNpsSurveyRequest__Output): Promise<CommandOutcome> {
    const fields = parseRequest((r) => ({
      customerId: r.requiredId('customerId', req.customerId),
      email: r.email('email', req.email) ?? '',
    }));
    if (!fields.email) parseRequest((r) => r.add('email', 'REQUIRED', 'is required'));
    const { customerId, email } = fields;
    return this.run(meta, customerId, { rpc: 'SendNpsSurvey', fields }, (at) => ({
      type: 'SendNpsSurvey',
      data: { customerId, at, email, cadenceDays: this.cadenceDays },
    }));
  }

  /**
   * The next survey of the automatic cadence (nps-schedule.ts), mailed to the address the last one
   * went to; nothing when there is none or it no longer decrypts (the customer was erased).
   */
  async sendScheduled(meta: RequestMeta, customerId: string): Promise<CommandOutcome | undefined> {
    const { events } = await this.store.readStream(npsSurveyStreamId(customerId), {
      tenantId: meta.tenantId,
    });
    const email = events.filter((e) => e.type === 'service-desk.NpsSurveySent').at(-1)?.data as
      { email?: unknown } | undefined;
    if (typeof email?.email !== 'string' || !email.email.includes('@')) return undefined;
    const address = email.email;
    return this.run(meta, customerId, { rpc: 'SendNpsSurvey', fields: { customerId } }, (at) => ({
      type: 'SendNpsSurvey',
      data: { customerId, at, email: address, cadenceDays: this.cadenceDays },
    }));
  }

  async answer(meta: RequestMeta, req: P.AnswerNpsSurveyRequest__Output): Promise<CommandOutcome> {
    const fields = parseRequest((r) => ({
      token: r.requiredText('token', req.token, TOKEN_MAX),
      score: r.integerIn('score', req.score, 0, 10),
      comment: r.optionalText('comment', req.comment, SERVICE_DESK_LIMITS.surveyComment),
    }));
    if (!this.links) throw new SurveyInvalidError('satisfaction surveys are not configured');
    const claims = await this.links.verify(fields.token, 'nps');
    if (claims.tenantId !== meta.tenantId) throw new SurveyInvalidError('another tenant');
    const { subjectId: customerId, surveyId } = claims;
    const { score, comment } = fields;
    return this.run(
      { ...meta, caller: systemCaller(NPS_SURVEY_ACTOR, meta.tenantId, []) },
      customerId,
      { rpc: 'AnswerNpsSurvey', fields: { surveyId, score, comment } },
      (at) => ({
        type: 'AnswerNpsSurvey',
        data: { customerId, at, surveyId, score, ...(comment !== undefined && { comment }) },
      }),
    );
  }

  private run(
    meta: RequestMeta,
    customerId: string,
    request: NpsRequest,
    build: (at: string) => NpsCommand,
  ): Promise<CommandOutcome> {
    const command = build(this.runtime.now().toISOString());
    return runCommand({
      store: this.store,
      runtime: this.runtime,
      maxRetries: this.maxRetries,
      decider: decidingOnce<NpsState, NpsCommand, NpsEvent, NpsRequest>(npsDecider, command),
      meta,
      streamId: npsSurveyStreamId(customerId),
      aggregateId: customerId,
      request,
      notFound: () => new SurveyInvalidError('another tenant'),
    });
  }
}
