// Mails the NPS survey when one is sent to a customer: eleven one-click links, 0 to 10, with the
// signed token of this survey. It reacts to service-desk.NpsSurveySent on the store's log (at
// least once; the Message-ID comes from the event id, so a resend is the same message) and reads
// the address through the decrypting store.
import type { EventStore } from '@crm/event-sourcing';
import type { ReactorDefinition } from '@crm/reactors';
import type { Transporter } from 'nodemailer';
import { surveyAnswerLinks, type SurveyLinks } from './survey-link';

export const NPS_SURVEY_MAILER = 'service-desk.nps-survey-mailer';

const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export function npsSurveyMailer(
  store: EventStore,
  links: SurveyLinks,
  transport: Transporter,
  settings: { readonly supportAddress: string; readonly answerUrl: string },
): ReactorDefinition {
  const domain = settings.supportAddress.split('@')[1] ?? 'localhost';
  return {
    name: NPS_SURVEY_MAILER,
    eventTypes: ['service-desk.NpsSurveySent'],
    async react(event) {
      const { events } = await store.readStream(event.streamId, {
        fromVersion: event.streamVersion,
        maxCount: 1,
        tenantId: event.tenantId,
      });
      const sent = events[0]?.data as { customerId: string; surveyId: string; email: unknown };
      // An erased customer's address no longer decrypts: nobody to ask.
      if (typeof sent.email !== 'string' || !sent.email.includes('@')) return;
      const token = await links.sign({
        kind: 'nps',
        tenantId: event.tenantId,
        subjectId: sent.customerId,
        surveyId: sent.surveyId,
      });
      const answers = surveyAnswerLinks(settings.answerUrl, 'nps', token, SCORES);
      await transport.sendMail({
        from: settings.supportAddress,
        to: sent.email,
        subject: 'How likely are you to recommend us?',
        text: [
          'On a scale from 0 (not at all likely) to 10 (extremely likely), how likely are you to recommend us to a friend?',
          '',
          ...answers.map((a) => `${a.score}: ${a.href}`),
        ].join('\n'),
        html: [
          '<p>How likely are you to recommend us to a friend? 0 = not at all likely, 10 = extremely likely.</p><p>',
          ...answers.map((a) => `<a href="${a.href.replace(/&/g, '&amp;')}">${a.score}</a>`),
          '</p>',
        ].join('\n'),
        messageId: `<nps-${sent.customerId}.${event.eventId}@${domain}>`,
        headers: { 'X-CRM-Survey': 'nps' },
      });
    },
  };
}
