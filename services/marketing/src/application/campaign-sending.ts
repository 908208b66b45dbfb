// Sending a campaign: its segment's members now, each checked at send time (unsubscribed, e-mail
// consent, an address not suppressed by a hard bounce, every merge field filled), mailed once over SMTP, and every outcome recorded
// on the campaign (sent or skipped with the reason). The Campaign decider records one outcome per
// customer, so sending again (a retry after a failure) skips everyone already done and mails nobody
// twice. A crash between the SMTP hand-off and the record would mail that one recipient again on
// retry, with the same Message-ID (at least once; ADR 0191).
import {
  InvalidTransitionError,
  LocaleNotAvailableError,
  MarketingDomainError,
  MergeFieldMissingError,
  RecordNotFoundError,
  renderMessage,
  type CampaignState,
  type RenderedMessage,
  type TemplateLocale,
  type RecordDelivery,
  type TouchSourceKind,
  type FrequencyCap,
  capReached,
  parseFrequencyCap,
  inTestShare,
  variantFor,
  type MarketingChannel,
  type SendingPolicyState,
  type TextChannel,
  customerTouchesDecider,
  customerTouchesStreamId,
  type CampaignVariant,
} from '@crm/marketing-domain';
import type { AudienceMember, CustomerAudience } from '@crm/marketing-read-models';
import { emailAddressDigest } from '../bounces/address-digest';
import type { Deferral, TenantSendingGate } from '../delivery/tenant-sending-gate';
import type { ChannelSender } from '../channels/channel-sender';
import { campaignMessageId, type MailSender } from '../mail/campaign-mailer';
import { withTracking } from '../tracking/message-tracking';
import { signUnsubscribeToken } from '../unsubscribe/unsubscribe-token';
import type { CommandOutcome, MarketingApplication, RequestMeta } from './marketing.application';
import { compileSegment } from './segment-selection';

/** The customer a preview names is not a live customer of the tenant. */
export class CustomerNotFoundError extends MarketingDomainError {
  readonly code = 'NOT_FOUND';
  constructor(readonly customerId: string) {
    super(`No customer ${customerId}`);
  }
}

export interface SendOutcome {
  readonly result: CommandOutcome;
  readonly audienceSize: number;
  readonly sentCount: number;
  readonly skippedCount: number;
}

export interface CampaignSendingOptions {
  readonly publicBaseUrl: string;
  readonly unsubscribeKey: Buffer;
  /** At most this many marketing e-mails per customer in the window (none when absent). */
  readonly frequencyCap?: FrequencyCap;
  /** An unapproved campaign is not sent (CRM_MARKETING_CAMPAIGN_APPROVAL). */
  readonly approvalRequired?: boolean;
}

type Outcome = RecordDelivery['data']['outcome'];

/** What fills the merge fields of a test send when no customer is chosen. */
const SAMPLE_MERGE_DATA: AudienceMember['mergeData'] = {
  firstName: 'Alex',
  lastName: 'Sample',
  companyName: 'Sample Ltd',
  region: 'Sample region',
};

export class CampaignSending {
  constructor(
    private readonly app: MarketingApplication,
    private readonly audience: CustomerAudience,
    private readonly mailer: MailSender,
    private readonly options: CampaignSendingOptions,
    private readonly channels: ChannelSender,
    private readonly gate: TenantSendingGate,
  ) {}

  unsubscribeUrl(tenantId: string, campaignId: string, customerId: string): string {
    const token = signUnsubscribeToken(this.options.unsubscribeKey, {
      tenantId,
      customerId,
      campaignId,
    });
    return `${this.options.publicBaseUrl}/marketing/unsubscribe?token=${token}`;
  }

  /** A template rendered for one customer as a send would (a sample unsubscribe link). */
  async preview(
    meta: RequestMeta,
    templateId: string,
    customerId: string,
    locale: TemplateLocale,
  ): Promise<RenderedMessage> {
    const template = await this.app.loadTemplate(meta, templateId);
    if (template.status === 'None') throw new RecordNotFoundError('template', templateId);
    const version = template.versions.find((v) => v.locale === locale);
    if (!version) throw new LocaleNotAvailableError(templateId, locale);
    const member = await this.audience.member(meta.tenantId, customerId);
    if (!member) throw new CustomerNotFoundError(customerId);
    return renderMessage({
      version,
      fallbacks: template.fallbacks,
      recipient: member.mergeData,
      campaignName: template.name,
      unsubscribeUrl: `${this.options.publicBaseUrl}/marketing/unsubscribe?token=preview`,
    });
  }

  /**
   * Mails the campaign's message to a seed list (staff addresses) before launch, filled with a
   * chosen customer's data or with sample data, subject marked "[Test]", links untracked and the
   * unsubscribe link a sample. Consent and caps do not apply: no customer is mailed. An A/B
   * campaign mails each variant's message (subject "[Test <variant>]"), or only `variantId`'s.
   * Records the test send (a count, not the addresses) on the campaign; only a draft or scheduled
   * campaign.
   */
  async sendTest(
    meta: RequestMeta,
    campaignId: string,
    addresses: readonly string[],
    sampleCustomerId?: string,
    variantId?: string,
  ): Promise<{ readonly result: CommandOutcome; readonly sentCount: number }> {
    const campaign = await this.app.loadCampaign(meta, campaignId);
    if (campaign.status === 'None') throw new RecordNotFoundError('campaign', campaignId);
    if (campaign.status !== 'Draft' && campaign.status !== 'Scheduled')
      throw new InvalidTransitionError('campaign', campaign.status, 'test-sent');
    const tested = testedMessages(campaign.templateId, campaign.abTest?.variants, variantId);
    if (tested.length === 0) throw new RecordNotFoundError('campaign variant', variantId ?? '');
    const messages = [];
    for (const { variantId: variant, templateId } of tested)
      messages.push({ variant, ...(await this.messageOf(meta, templateId, campaign.locale)) });
    let recipient: AudienceMember['mergeData'] = SAMPLE_MERGE_DATA;
    if (sampleCustomerId !== undefined) {
      const member = await this.audience.member(meta.tenantId, sampleCustomerId);
      if (!member) throw new CustomerNotFoundError(sampleCustomerId);
      recipient = member.mergeData;
    }
    const unsubscribeUrl = `${this.options.publicBaseUrl}/marketing/unsubscribe?token=test`;
    for (const { variant, version, fallbacks } of messages) {
      const message = await renderMessage({
        version,
        fallbacks,
        recipient,
        campaignName: campaign.name,
        unsubscribeUrl,
      });
      for (const [i, to] of addresses.entries())
        await this.mailer.send({
          campaignId: variant ? `${campaignId}.test-${variant}` : `${campaignId}.test`,
          customerId: `seed-${i + 1}`,
          to,
          subject: `[Test${variant ? ` ${variant}` : ''}] ${message.subject}`,
          html: message.html,
          unsubscribeUrl,
        });
    }
    const variantIds = messages.flatMap((m) => (m.variant ? [m.variant] : []));
    const result = await this.app.campaign(meta, {
      type: 'RecordTestSend',
      data: {
        campaignId,
        recipients: addresses.length,
        ...(sampleCustomerId === undefined ? {} : { sampleCustomerId }),
        ...(variantIds.length > 0 ? { variantIds } : {}),
        now: this.app.now(),
      },
    });
    return { result, sentCount: addresses.length * messages.length };
  }

  async send(request: RequestMeta, campaignId: string): Promise<SendOutcome> {
    // The request's idempotency key cannot be reused by the many commands of one send (each would
    // be "the same key, another command"); every step is idempotent by itself instead: one start per
    // campaign (its own key), one outcome per customer and one completion (the decider's rules).
    const { idempotencyKey: _requestKey, ...meta } = request;
    const campaign = await this.app.loadCampaign(meta, campaignId);
    if (campaign.status === 'None') throw new RecordNotFoundError('campaign', campaignId);
    if (campaign.status === 'Sent') return this.finished(meta, campaignId, campaign, 0);
    if (campaign.status === 'Cancelled')
      throw new InvalidTransitionError('campaign', campaign.status, 'sent');
    const segment = await this.app.loadSegment(meta, campaign.segmentId);
    if (segment.status === 'None') throw new RecordNotFoundError('segment', campaign.segmentId);
    const message = await this.messageOf(meta, campaign.templateId, campaign.locale);
    const variants = new Map<string, Awaited<ReturnType<CampaignSending['messageOf']>>>();
    for (const variant of campaign.abTest?.variants ?? [])
      variants.set(
        variant.variantId,
        await this.messageOf(meta, variant.templateId, campaign.locale),
      );

    const now = this.app.now();
    const members = await this.audience.members(
      meta.tenantId,
      await compileSegment(this.audience, meta.tenantId, segment.rule, new Date(now)),
    );
    // One key per campaign: a retried send does not start twice (and the decider ignores it anyway).
    const started = await this.app.campaign(
      meta,
      {
        type: 'StartSending',
        data: {
          campaignId,
          audienceSize: members.length,
          approvalRequired: this.options.approvalRequired === true,
          now,
        },
      },
      undefined,
      `send:${campaignId}`,
    );
    const done = await this.app.loadCampaign(meta, campaignId);
    if (done.status === 'None') throw new RecordNotFoundError('campaign', campaignId);
    const policy = await this.gate.policy(meta);
    // A/B: before the winner only the test share is sent, each their variant; then the rest the winner.
    const test = done.abTest;
    const testing = test !== null && done.winner === null;
    for (const member of members) {
      if (done.delivered.has(member.customerId)) continue;
      let variantId: string | undefined;
      if (test !== null) {
        if (testing && !inTestShare(campaignId, member.customerId, test.testPercent)) continue;
        variantId = testing
          ? variantFor(campaignId, member.customerId, test.variants).variantId
          : done.winner!;
      }
      const sent = await this.deliver(
        meta,
        campaignId,
        campaign.name,
        member,
        variantId === undefined ? message : variants.get(variantId)!,
        { sourceKind: 'campaign', sourceId: campaignId },
        done.channel,
        policy,
      );
      if (sent.kind === 'deferred') {
        // Tenant quiet hours or cap: the campaign's timer resumes the send at `until` (the
        // scheduler reactor keeps it), and the members not yet done are sent then.
        const deferred = await this.app.campaign(meta, {
          type: 'DeferSending',
          data: { campaignId, reason: sent.reason, until: sent.until, now: this.app.now() },
        });
        const state = await this.app.loadCampaign(meta, campaignId);
        return this.finished(meta, campaignId, state, members.length, deferred);
      }
      const outcome =
        sent.kind === 'sent' && variantId !== undefined ? { ...sent, variantId } : sent;
      await this.app.campaign(meta, {
        type: 'RecordDelivery',
        data: { campaignId, customerId: member.customerId, outcome, now: this.app.now() },
      });
    }
    if (testing) {
      // The campaign stays sending until the evaluation chooses the winner.
      const tested = await this.app.loadCampaign(meta, campaignId);
      return this.finished(meta, campaignId, tested, members.length, started);
    }
    const result = await this.app.campaign(meta, {
      type: 'CompleteSending',
      data: { campaignId, now: this.app.now() },
    });
    const final = await this.app.loadCampaign(meta, campaignId);
    return this.finished(meta, campaignId, final, members.length, result);
  }

  /**
   * One recipient checked at send time and mailed, or the reason not; journeys send through it too
   * (`campaignId` is then the journey message's source id, and `source` the journey: what its
   * tracked opens and clicks are credited to).
   */
  async deliver(
    meta: RequestMeta,
    campaignId: string,
    campaignName: string,
    member: AudienceMember,
    template: Pick<Parameters<typeof renderMessage>[0], 'version' | 'fallbacks'>,
    source: { readonly sourceKind: TouchSourceKind; readonly sourceId: string } = {
      sourceKind: 'campaign',
      sourceId: campaignId,
    },
    channel: MarketingChannel = 'email',
    policy?: SendingPolicyState,
  ): Promise<Outcome | Deferral> {
    const tenantPolicy = policy ?? (await this.gate.policy(meta));
    if (channel !== 'email')
      return this.deliverText(
        meta,
        campaignId,
        campaignName,
        member,
        template,
        channel,
        tenantPolicy,
      );
    const subscription = await this.app.loadSubscription(meta, member.customerId);
    if (subscription.unsubscribed)
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
    if (subscription.suppressed.has(emailAddressDigest(this.options.unsubscribeKey, member.email)))
      return {
        kind: 'skipped',
        reason: 'SUPPRESSED',
        detail: 'the e-mail address bounced hard before',
      };
    const capped = await this.frequencyCapped(meta, member, 'email');
    if (capped) return capped;
    const unsubscribeUrl = this.unsubscribeUrl(meta.tenantId, campaignId, member.customerId);
    let message;
    try {
      message = await renderMessage({
        ...template,
        recipient: member.mergeData,
        campaignName,
        unsubscribeUrl,
      });
    } catch (error) {
      if (error instanceof MergeFieldMissingError)
        return { kind: 'skipped', reason: 'MERGE_FIELD_MISSING', detail: error.message };
      throw error;
    }
    const deferral = await this.gate.admit(meta, tenantPolicy, channel, campaignId);
    if (deferral) return deferral;
    const refused = await this.refusedAtHandOff(
      meta,
      campaignId,
      member.customerId,
      member.email,
      () =>
        this.mailer.send({
          campaignId,
          customerId: member.customerId,
          to: member.email!,
          subject: message.subject,
          html: withTracking(message.html, {
            publicBaseUrl: this.options.publicBaseUrl,
            secret: this.options.unsubscribeKey,
            claims: { tenantId: meta.tenantId, customerId: member.customerId, ...source },
            unsubscribeUrl,
          }),
          unsubscribeUrl,
        }),
    );
    return 'messageId' in refused ? { kind: 'sent', messageId: refused.messageId } : refused;
  }

  /**
   * The SMTP hand-off; a permanent refusal (5xx, e.g. 550 no such mailbox) is a hard bounce known
   * at once: the address is suppressed and the recipient skipped as REFUSED. A temporary one (4xx)
   * or a broken connection is thrown, so the send is retried.
   */
  private async refusedAtHandOff(
    meta: RequestMeta,
    sourceId: string,
    customerId: string,
    email: string,
    send: () => Promise<string>,
  ): Promise<{ readonly messageId: string } | Outcome> {
    try {
      return { messageId: await send() };
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode;
      if (typeof code !== 'number' || code < 500 || code > 599) throw error;
      await this.app.unsubscribe(meta, {
        type: 'SuppressAddress',
        data: {
          customerId,
          addressDigest: emailAddressDigest(this.options.unsubscribeKey, email),
          messageId: campaignMessageId(sourceId, customerId),
          now: this.app.now(),
        },
      });
      const reply = (error as { response?: unknown }).response;
      const response = typeof reply === 'string' ? reply : String(code);
      return { kind: 'skipped', reason: 'REFUSED', detail: response.slice(0, 200) };
    }
  }

  /** A template's version in the campaign's locale, with its fallbacks, as `deliver` takes it. */
  private async messageOf(meta: RequestMeta, templateId: string, locale: TemplateLocale) {
    const template = await this.app.loadTemplate(meta, templateId);
    if (template.status === 'None') throw new RecordNotFoundError('template', templateId);
    const version = template.versions.find((v) => v.locale === locale);
    if (!version) throw new LocaleNotAvailableError(templateId, locale);
    return { version, fallbacks: template.fallbacks };
  }

  /**
   * One recipient of an SMS, push or social campaign: that channel's consent and address at send
   * time, the cap on that channel, the template's subject line rendered as the text, and the
   * channel port (a FAKE sink here) instead of SMTP.
   */
  private async deliverText(
    meta: RequestMeta,
    campaignId: string,
    campaignName: string,
    member: AudienceMember,
    template: Pick<Parameters<typeof renderMessage>[0], 'version' | 'fallbacks'>,
    channel: TextChannel,
    policy: SendingPolicyState,
  ): Promise<Outcome | Deferral> {
    const consent = {
      sms: member.smsConsent,
      push: member.pushConsent,
      social: member.socialConsent,
    };
    if (!consent[channel])
      return {
        kind: 'skipped',
        reason: 'NO_CONSENT',
        detail: `${channel} consent not granted at send time`,
      };
    const address = {
      sms: [member.phone, 'no phone number'],
      push: [member.customerId, ''],
      social: [member.socialHandle, 'no social handle (custom field socialHandle)'],
    } as const;
    const [to, missing] = address[channel];
    if (!to) return { kind: 'skipped', reason: 'NO_ADDRESS', detail: missing };
    const capped = await this.frequencyCapped(meta, member, channel);
    if (capped) return capped;
    let text;
    try {
      text = (
        await renderMessage({
          ...template,
          recipient: member.mergeData,
          campaignName,
          unsubscribeUrl: this.unsubscribeUrl(meta.tenantId, campaignId, member.customerId),
        })
      ).subject;
    } catch (error) {
      if (error instanceof MergeFieldMissingError)
        return { kind: 'skipped', reason: 'MERGE_FIELD_MISSING', detail: error.message };
      throw error;
    }
    const deferral = await this.gate.admit(meta, policy, channel, campaignId);
    if (deferral) return deferral;
    const messageId = await this.channels.send({
      tenantId: meta.tenantId,
      channel,
      sourceId: campaignId,
      customerId: member.customerId,
      to,
      text,
    });
    return { kind: 'sent', messageId };
  }

  /** Whether the customer's recorded touches on the channel (campaign and journey sends) fill the cap. */
  /**
   * The service's frequency cap and the customer's own (custom field `marketingFrequencyCap`,
   * "N/D"; one that does not parse is ignored): a skip when either is reached on the channel.
   */
  private async frequencyCapped(
    meta: RequestMeta,
    member: AudienceMember,
    channel: MarketingChannel,
  ): Promise<Outcome | undefined> {
    const own = member.ownFrequencyCap ? parseFrequencyCap(member.ownFrequencyCap) : undefined;
    for (const [cap, whose] of [
      [this.options.frequencyCap, ''],
      [own, ' (the customer’s own cap)'],
    ] as const)
      if (cap && (await this.capReached(meta, member.customerId, cap, channel)))
        return {
          kind: 'skipped',
          reason: 'FREQUENCY_CAP',
          detail: `already ${cap.max} marketing ${channel === 'email' ? 'e-mails' : `${channel} messages`} in ${cap.days} days${whose}`,
        };
    return undefined;
  }

  private async capReached(
    meta: RequestMeta,
    customerId: string,
    cap: FrequencyCap,
    channel: MarketingChannel = 'email',
  ) {
    const { touches } = await this.app.load(
      meta,
      customerTouchesDecider,
      customerTouchesStreamId(customerId),
    );
    const sentAt = touches.filter((t) => t.channel === channel).map((t) => t.touchedAt);
    return capReached(sentAt, new Date(this.app.now()), cap);
  }

  private async finished(
    meta: RequestMeta,
    campaignId: string,
    state: CampaignState,
    audienceSize: number,
    result?: CommandOutcome,
  ): Promise<SendOutcome> {
    const counts =
      state.status === 'None'
        ? { sentCount: 0, skippedCount: 0 }
        : { sentCount: state.sentCount, skippedCount: state.skippedCount };
    return {
      result:
        result ??
        (await this.app.campaign(meta, {
          type: 'CompleteSending',
          data: { campaignId, now: this.app.now() },
        })),
      audienceSize,
      ...counts,
    };
  }
}

/**
 * What a test send mails: the campaign's template, or for an A/B campaign each variant's (only
 * `variantId`'s when named; none when it names no variant of the campaign).
 */
function testedMessages(
  templateId: string,
  variants: readonly CampaignVariant[] | undefined,
  variantId: string | undefined,
): { readonly variantId?: string; readonly templateId: string }[] {
  if (!variants?.length) return variantId === undefined ? [{ templateId }] : [];
  return variants.filter((v) => variantId === undefined || v.variantId === variantId);
}
