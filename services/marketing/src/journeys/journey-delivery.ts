// A journey send step: the customer is checked when the step runs, exactly as a campaign recipient
// is (unsubscribed, e-mail consent now, an address, every merge field filled), and mailed over the
// same SMTP sender with a signed unsubscribe link. A withdrawn consent therefore stops a send that
// was waiting. The Message-ID names journey, version, enrolment and step, so a mail sent again
// after a crash is recognisably the same message.
import {
  MergeFieldMissingError,
  renderMessage,
  type Enrolment,
  type JourneyStep,
  type StepOutcome,
} from '@crm/marketing-domain';
import type { CustomerAudience } from '@crm/marketing-read-models';
import type { CampaignSending } from '../application/campaign-sending';
import type { MarketingApplication, RequestMeta } from '../application/marketing.application';
import type { MailSender } from '../mail/campaign-mailer';

export type SendStep = Extract<JourneyStep, { kind: 'send' }>;

/** What an unsubscribe link and a touch name as the source of a journey mail. */
export const journeySourceId = (journeyId: string): string => `journey:${journeyId}`;

export class JourneyDelivery {
  constructor(
    private readonly app: MarketingApplication,
    private readonly audience: CustomerAudience,
    private readonly mailer: MailSender,
    private readonly links: Pick<CampaignSending, 'unsubscribeUrl'>,
  ) {}

  async deliver(
    meta: RequestMeta,
    journey: { readonly journeyId: string; readonly name: string },
    customerId: string,
    enrolment: Enrolment,
    step: SendStep,
  ): Promise<StepOutcome> {
    const member = await this.audience.member(meta.tenantId, customerId);
    if (!member) return { kind: 'skipped', reason: 'NO_EMAIL', detail: 'no live customer profile' };
    if (await this.app.isUnsubscribed(meta, customerId))
      return {
        kind: 'skipped',
        reason: 'UNSUBSCRIBED',
        detail: 'unsubscribed from marketing e-mail',
      };
    if (!member.emailConsent)
      return {
        kind: 'skipped',
        reason: 'NO_CONSENT',
        detail: 'e-mail consent not granted at send time',
      };
    if (!member.email) return { kind: 'skipped', reason: 'NO_EMAIL', detail: 'no e-mail address' };
    const template = await this.app.loadTemplate(meta, step.templateId);
    const version =
      template.status === 'None'
        ? undefined
        : template.versions.find((v) => v.locale === step.locale);
    // Publishing checks template and locale; templates are never removed, so this is a broken store.
    if (template.status === 'None' || !version)
      throw new Error(
        `Template ${step.templateId} (${step.locale}) of journey ${journey.journeyId} is missing`,
      );
    const sourceId = journeySourceId(journey.journeyId);
    const unsubscribeUrl = this.links.unsubscribeUrl(meta.tenantId, sourceId, customerId);
    let message;
    try {
      message = await renderMessage({
        version,
        fallbacks: template.fallbacks,
        recipient: member.mergeData,
        campaignName: journey.name,
        unsubscribeUrl,
      });
    } catch (error) {
      if (error instanceof MergeFieldMissingError)
        return { kind: 'skipped', reason: 'MERGE_FIELD_MISSING', detail: error.message };
      throw error;
    }
    const messageId = await this.mailer.send({
      campaignId: `${sourceId}.v${enrolment.version}.${enrolment.enrolment}.${step.id}`,
      customerId,
      to: member.email,
      subject: message.subject,
      html: message.html,
      unsubscribeUrl,
    });
    return { kind: 'sent', templateId: step.templateId, messageId };
  }
}
