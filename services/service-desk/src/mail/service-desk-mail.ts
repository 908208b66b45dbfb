// The service's mail wiring: the reply mailer reactor (outbound, SMTP), the survey mailers, the
// escalation mailer, the automatic reply with suggested articles and the mail intake polling the
// inbound mailbox, run when CRM_SERVICE_DESK_MAIL=on.
import type { Reactor } from '@crm/reactors';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { ServiceDeskConfig } from '../config/service-desk.config';
import { BackgroundWork, backgroundWorkProvider } from '../infrastructure/background-work';
import { csatSurveyMailer } from '../satisfaction/csat-survey-mailer.reactor';
import { npsSurveyMailer } from '../satisfaction/nps-survey-mailer.reactor';
import { serviceDeskCustomerContactIndex } from '../customers/service-desk-customer-contacts';
import { ArticleIndexFollower } from '../knowledge-base/article-index-follower';
import { autoReplyMailer } from './auto-reply-mailer.reactor';
import { escalationMailer } from './escalation-mailer.reactor';
import { MailIntake } from './mail-intake';
import { MailpitMailbox } from './mailpit-mailbox';
import { replyMailer } from './reply-mailer.reactor';

export class ServiceDeskMail
  extends BackgroundWork
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    readonly intake: MailIntake,
    readonly replies: Reactor,
    /** The CSAT and NPS survey mailers; none without a survey secret. */
    readonly surveys: readonly Reactor[],
    /** The escalation mailer and the automatic reply (with the article index it ranks from). */
    readonly notices: {
      readonly escalations: Reactor;
      readonly autoReply: Reactor | null;
    },
    readonly articles: ArticleIndexFollower,
    private readonly config: ServiceDeskConfig,
    private readonly logger: Logger,
  ) {
    super(
      [replies, ...surveys, notices.escalations, ...(notices.autoReply ? [notices.autoReply] : [])],
      [],
      config.mail.enabled,
    );
  }

  override async onApplicationBootstrap(): Promise<void> {
    if (!this.config.mail.enabled) return;
    if (this.notices.autoReply) this.articles.start();
    await super.onApplicationBootstrap();
    this.schedule();
  }

  override async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
    await super.beforeApplicationShutdown();
    await this.articles.stop();
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
    backgroundWorkProvider(ServiceDeskMail, async (deps) => {
      const transport = nodemailer.createTransport({ url: config.mail.smtpUrl });
      const replies = await deps.reactor(
        replyMailer(deps.tickets, deps.store, transport, {
          supportAddress: config.mail.supportAddress,
        }),
      );
      const surveySettings = {
        supportAddress: config.mail.supportAddress,
        answerUrl: config.survey.answerUrl,
      };
      const surveys = deps.links
        ? [
            await deps.reactor(
              csatSurveyMailer(deps.tickets, deps.links, transport, surveySettings),
            ),
            await deps.reactor(npsSurveyMailer(deps.store, deps.links, transport, surveySettings)),
          ]
        : [];
      const articles = new ArticleIndexFollower(deps.rawStore);
      // Kept (and migrated) by ServiceDeskCustomerContacts, which runs with or without mail.
      const customerContacts = serviceDeskCustomerContactIndex(deps.pool, config);
      const notices = {
        escalations: await deps.reactor(
          escalationMailer(deps.tickets, transport, {
            supportAddress: config.mail.supportAddress,
            staff: config.mail.staff,
          }),
        ),
        autoReply: config.mail.autoReply.enabled
          ? await deps.reactor(
              autoReplyMailer(deps.store, deps.tickets, articles, transport, {
                supportAddress: config.mail.supportAddress,
                ...config.mail.autoReply,
              }),
            )
          : null,
      };
      const mailbox = new MailpitMailbox(config.mail.mailpitUrl, config.mail.supportAddress);
      return new ServiceDeskMail(
        new MailIntake(deps.tickets, mailbox, config.mail.tenantId, deps.logger, customerContacts),
        replies,
        surveys,
        notices,
        articles,
        config,
        deps.logger,
      );
    }),
  ];
}
