// Consumes the inbound bounces topic (`<namespace>crm.marketing.inbound-bounces`, through
// @crm/messaging's InboundTopicConsumer) before committing each offset: a campaign mail's bounce is
// recorded on its campaign (CampaignMessageBounced, once per recipient), and a hard bounce of any
// marketing mail suppresses the recipient's current address (EmailAddressSuppressed, once per
// address). Both are idempotent in their deciders, so a redelivered or republished report changes
// nothing. A report that is malformed or names no mail marketing sent is logged with the reason and
// skipped; a failure of ours (store down) is thrown, so kafkajs delivers the report again.
import { Role, systemCaller } from '@crm/access-policy';
import { RecordNotFoundError } from '@crm/marketing-domain';
import { CustomerAudience } from '@crm/marketing-read-models';
import {
  InboundTopicConsumer,
  type InboundMessage,
  type InboundTopicSettings,
} from '@crm/messaging';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { MarketingApplication, type RequestMeta } from '../application/marketing.application';
import type { MarketingConfig } from '../config/marketing.config';
import { MARKETING_LOGGER, MARKETING_MONGO } from '../marketing.tokens';
import { emailAddressDigest } from './address-digest';
import { MalformedBounceReportError, parseBounceReport, type BounceReport } from './bounce-report';

/** The identity bounces are recorded under. */
export const BOUNCE_INTAKE = 'marketing.bounce-intake';
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export type BounceOutcome =
  | { readonly kind: 'recorded'; readonly customerId: string; readonly suppressed: boolean }
  | { readonly kind: 'ignored'; readonly reason: string };

export class BounceIntake {
  constructor(
    private readonly app: MarketingApplication,
    private readonly audience: CustomerAudience,
    private readonly addressKey: Buffer,
    private readonly logger: Logger,
  ) {}

  /** The Kafka consumer feeding `take` (started and stopped by the service's background work). */
  consumer(settings: InboundTopicSettings): InboundTopicConsumer {
    return new InboundTopicConsumer(
      settings,
      BOUNCE_INTAKE,
      TENANT_ID,
      (message) => this.take(message),
      this.logger,
    );
  }

  async take(message: InboundMessage): Promise<BounceOutcome> {
    const { tenantId, messageId } = message;
    const meta: RequestMeta = {
      caller: systemCaller(BOUNCE_INTAKE, tenantId, [Role.MARKETER]),
      tenantId,
      correlationId: message.correlationId ?? messageId,
    };
    try {
      const report = parseBounceReport(message.text);
      await this.recordOnCampaign(meta, report);
      const suppressed = report.kind === 'hard' && (await this.suppress(meta, report));
      return { kind: 'recorded', customerId: report.customerId, suppressed };
    } catch (error) {
      if (!(error instanceof MalformedBounceReportError || error instanceof RecordNotFoundError))
        throw error;
      const { topic, partition, offset } = message;
      this.logger.warn(
        { messageId, topic, partition, offset, reason: error.message },
        'bounce report skipped',
      );
      return { kind: 'ignored', reason: error.message };
    }
  }

  /** A campaign mail's bounce on its campaign; a journey mail has no campaign to count it. */
  private async recordOnCampaign(meta: RequestMeta, report: BounceReport): Promise<void> {
    if (report.sourceId.startsWith('journey:')) return;
    const now = this.app.now();
    await this.app.campaign(meta, {
      type: 'RecordBounce',
      data: {
        campaignId: report.sourceId,
        customerId: report.customerId,
        messageId: report.mailMessageId,
        kind: report.kind,
        ...(report.detail === undefined ? {} : { detail: report.detail }),
        bouncedAt: report.bouncedAt ?? now,
        now,
      },
    });
  }

  /** Suppresses the customer's address now (an erased or address-less customer has none). */
  private async suppress(meta: RequestMeta, report: BounceReport): Promise<boolean> {
    const member = await this.audience.member(meta.tenantId, report.customerId);
    if (!member?.email) return false;
    await this.app.unsubscribe(meta, {
      type: 'SuppressAddress',
      data: {
        customerId: report.customerId,
        addressDigest: emailAddressDigest(this.addressKey, member.email),
        messageId: report.mailMessageId,
        now: this.app.now(),
      },
    });
    return true;
  }
}

/** The bounces consumer as background work: started after boot, stopped before the pool closes. */
export class BounceIntakeWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    readonly intake: BounceIntake,
    private readonly consumer: InboundTopicConsumer | undefined,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}

export function bounceIntakeProviders(config: MarketingConfig): Provider[] {
  return [
    {
      provide: BounceIntakeWorker,
      inject: [MarketingApplication, MARKETING_MONGO, MARKETING_LOGGER],
      useFactory: (app: MarketingApplication, mongo: Connection, logger: Logger) => {
        const intake = new BounceIntake(
          app,
          new CustomerAudience(mongo),
          config.mail.unsubscribeKey,
          logger,
        );
        const settings = config.inboundBounces;
        return new BounceIntakeWorker(intake, settings ? intake.consumer(settings) : undefined);
      },
    },
  ];
}
