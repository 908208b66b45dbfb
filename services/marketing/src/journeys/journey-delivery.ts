// A journey send step goes through the campaigns' delivery (CampaignSending.deliver): the customer
// is checked when the step runs (unsubscribed, e-mail consent now, an address, every merge field
// filled), rendered and mailed over the same SMTP sender with a signed unsubscribe link. A consent
// withdrawn during a wait therefore stops the send. The source id names journey, version,
// enrolment and step, so the Message-ID of a mail sent again after a crash is the same. Quiet hours
// hold a send until they end in the customer's time zone (the profile's custom field `timeZone`,
// else UTC).
import {
  isTimeZone,
  quietHoursEnd,
  type Enrolment,
  type JourneyStep,
  type QuietHours,
  type StepOutcome,
} from '@crm/marketing-domain';
import type { CustomerAudience, JourneyProfiles } from '@crm/marketing-read-models';
import type { CampaignSending } from '../application/campaign-sending';
import type { Deferral } from '../delivery/tenant-sending-gate';
import type { MarketingApplication, RequestMeta } from '../application/marketing.application';

export type SendStep = Extract<JourneyStep, { kind: 'send' }>;

export class JourneyDelivery {
  constructor(
    private readonly app: MarketingApplication,
    private readonly audience: CustomerAudience,
    private readonly sending: Pick<CampaignSending, 'deliver'>,
    private readonly profiles: Pick<JourneyProfiles, 'profile'>,
    private readonly quietHours?: QuietHours,
  ) {}

  /** When the customer's quiet hours are in force now, the instant they end; else null. */
  async quietUntil(meta: RequestMeta, customerId: string, now: string): Promise<string | null> {
    if (!this.quietHours) return null;
    const zone = (await this.profiles.profile(meta.tenantId, customerId))?.customFields?.[
      'timeZone'
    ];
    return quietHoursEnd(new Date(now), isTimeZone(zone) ? zone : 'UTC', this.quietHours);
  }

  async deliver(
    meta: RequestMeta,
    journey: { readonly journeyId: string; readonly name: string },
    customerId: string,
    enrolment: Enrolment,
    step: SendStep,
  ): Promise<StepOutcome | Deferral> {
    const member = await this.audience.member(meta.tenantId, customerId);
    if (!member) return { kind: 'skipped', reason: 'NO_EMAIL', detail: 'no live customer profile' };
    const template = await this.app.loadTemplate(meta, step.templateId);
    const version =
      template.status === 'None'
        ? undefined
        : template.versions.find((v) => v.locale === step.locale);
    // Publishing checks template and locale, and templates are never removed: a broken store.
    if (template.status === 'None' || !version)
      throw new Error(
        `Template ${step.templateId} (${step.locale}) of journey ${journey.journeyId} is missing`,
      );
    const sourceId = `journey:${journey.journeyId}.v${enrolment.version}.${enrolment.enrolment}.${step.id}`;
    const outcome = await this.sending.deliver(
      meta,
      sourceId,
      journey.name,
      member,
      { version, fallbacks: template.fallbacks },
      { sourceKind: 'journey', sourceId: journey.journeyId },
      step.channel,
    );
    // Deferred (tenant quiet hours or cap): the runner waits on the step's timer, then sends.
    if (outcome.kind !== 'sent') return outcome;
    const sent = { ...outcome, templateId: step.templateId };
    return step.channel === undefined ? sent : { ...sent, channel: step.channel };
  }
}
