// Mails the satisfaction (CSAT) survey when a ticket is resolved: five one-click links, 1 to 5,
// each carrying the signed token of this resolution (survey-link.ts) to the answer page. It reacts
// to service-desk.TicketResolved on the store's log, so a resolution appended just before a crash
// is still surveyed (at least once); the Message-ID comes from the event id (a resend is the same
// message) and names the ticket, so a written answer to the survey mail joins the ticket's thread.
import { Role, systemCaller } from '@crm/access-policy';
import type { ReactorDefinition } from '@crm/reactors';
import type { Transporter } from 'nodemailer';
import type { ServiceDeskApplication } from '../application/service-desk.application';
import { replyMessageId } from '../mail/mail-threading';
import { surveyAnswerLinks, type SurveyLinks } from './survey-link';

export const CSAT_SURVEY_MAILER = 'service-desk.csat-survey-mailer';

export interface CsatSurveySettings {
  readonly supportAddress: string;
  /** The answer pages' base; links go to `<base>/csat` with `token` and `score`. */
  readonly answerUrl: string;
}

const LABELS = ['very unhappy', 'unhappy', 'neutral', 'happy', 'very happy'];

export function csatSurveyMailer(
  app: ServiceDeskApplication,
  links: SurveyLinks,
  transport: Transporter,
  settings: CsatSurveySettings,
): ReactorDefinition {
  const domain = settings.supportAddress.split('@')[1] ?? 'localhost';
  return {
    name: CSAT_SURVEY_MAILER,
    eventTypes: ['service-desk.TicketResolved'],
    async react(event, reaction) {
      const { ticketId, at } = event.data as { ticketId: string; at: string };
      const caller = systemCaller(reaction.actor.name, reaction.tenantId, [Role.ADMIN]);
      const ticket = await app.ticketAsOf(
        { caller, tenantId: reaction.tenantId, correlationId: reaction.correlationId },
        ticketId,
        Number.MAX_SAFE_INTEGER,
      );
      // Phone, chat and API tickets without an address are not surveyed by mail.
      if (!ticket.requesterEmail) return;
      const token = await links.sign({
        kind: 'csat',
        tenantId: reaction.tenantId,
        subjectId: ticketId,
        surveyId: at,
      });
      const answers = surveyAnswerLinks(settings.answerUrl, 'csat', token, [1, 2, 3, 4, 5]).map(
        (link, index) => ({ ...link, label: LABELS[index] ?? '' }),
      );
      const thread = ticket.messageIds.slice(-20);
      await transport.sendMail({
        from: settings.supportAddress,
        to: ticket.requesterEmail,
        subject: `How did we do? ${ticket.subject}`,
        text: [
          'Your request was resolved. How satisfied are you with our help?',
          '',
          ...answers.map((a) => `${a.score} (${a.label}): ${a.href}`),
        ].join('\n'),
        html: [
          '<p>Your request was resolved. How satisfied are you with our help?</p><p>',
          ...answers.map(
            (a) => `<a href="${a.href.replace(/&/g, '&amp;')}">${a.score} – ${a.label}</a><br>`,
          ),
          '</p>',
        ].join('\n'),
        messageId: replyMessageId(ticketId, event.eventId, domain),
        ...(thread.length > 0 && { inReplyTo: thread[thread.length - 1], references: thread }),
        headers: { 'X-CRM-Survey': 'csat' },
      });
    },
  };
}
