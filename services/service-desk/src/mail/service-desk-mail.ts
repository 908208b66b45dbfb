// The service's mail wiring: the reply mailer reactor (outbound, SMTP) and the mail intake polling
// the inbound mailbox, both started after boot when CRM_SERVICE_DESK_MAIL=on and stopped before the
// pool closes.
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import type { Reactor } from '@crm/reactors';
import {
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import nodemailer from 'nodemailer';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { ServiceDeskApplication } from '../application/service-desk.application';
import { ownEventsReactor } from '../infrastructure/service-desk-reactor';
import type { ServiceDeskConfig } from '../config/service-desk.config';
import {
  SERVICE_DESK_EVENT_STORE,
  SERVICE_DESK_LOGGER,
  SERVICE_DESK_PG_POOL,
  SERVICE_DESK_RAW_STORE,
  SERVICE_DESK_RUNTIME,
  SURVEY_LINKS,
} from '../service-desk.tokens';
import { MailIntake } from './mail-intake';
import { MailpitMailbox } from './mailpit-mailbox';
import { replyMailer } from './reply-mailer.reactor';
import { csatSurveyMailer } from '../satisfaction/csat-survey-mailer.reactor';
import { npsSurveyMailer } from '../satisfaction/nps-survey-mailer.reactor';
import type { SurveyLinks } from '../satisfaction/survey-link';

export class ServiceDeskMail implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    readonly intake: MailIntake,
    readonly replies: Reactor,
    /** The CSAT and NPS survey mailers; none without a survey secret. */
    readonly surveys: readonly Reactor[],
    private readonly config: ServiceDeskConfig,
    private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.mail.enabled) return;
    await this.replies.start();
    for (const reactor of this.surveys) await reactor.start();
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
    await this.replies.stop();
    for (const reactor of this.surveys) await reactor.stop();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.intake
        .pollOnce()
        .then(
          () => undefined,
          (error: unknown) => this.logger.warn({ err: error }, 'mail intake failed; retrying'),
        )
        .finally(() => this.schedule());
    }, this.config.mail.pollIntervalMs);
  }
}

export function serviceDeskMailProviders(config: ServiceDeskConfig): Provider[] {
  return [
    {
      provide: ServiceDeskMail,
      inject: [
        SERVICE_DESK_RAW_STORE,
        SERVICE_DESK_EVENT_STORE,
        SERVICE_DESK_PG_POOL,
        ServiceDeskApplication,
        SERVICE_DESK_RUNTIME,
        SERVICE_DESK_LOGGER,
        SURVEY_LINKS,
      ],
      useFactory: async (
        rawStore: EventStore,
        store: EventStore,
        pool: Pool,
        app: ServiceDeskApplication,
        runtime: RuntimeDependencies,
        logger: Logger,
        links: SurveyLinks | null,
      ) => {
        const transport = nodemailer.createTransport({ url: config.mail.smtpUrl });
        const replies = await ownEventsReactor(
          replyMailer(app, store, transport, { supportAddress: config.mail.supportAddress }),
          { rawStore, pool, runtime, logger },
        );
        const surveySettings = {
          supportAddress: config.mail.supportAddress,
          answerUrl: config.survey.answerUrl,
        };
        const surveys = links
          ? [
              await ownEventsReactor(csatSurveyMailer(app, links, transport, surveySettings), {
                rawStore,
                pool,
                runtime,
                logger,
              }),
              await ownEventsReactor(npsSurveyMailer(store, links, transport, surveySettings), {
                rawStore,
                pool,
                runtime,
                logger,
              }),
            ]
          : [];
        const mailbox = new MailpitMailbox(config.mail.mailpitUrl, config.mail.supportAddress);
        return new ServiceDeskMail(
          new MailIntake(app, mailbox, config.mail.tenantId, logger),
          replies,
          surveys,
          config,
          logger,
        );
      },
    },
  ];
}
