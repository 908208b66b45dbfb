// Composition root of the Marketing service: PostgreSQL and the event store, the MongoDB connection
// to the customer profiles a segment selects from, the SMTP mailer, the application and the gRPC
// controller with its caller guard. Built by MarketingModule.forRoot(config) so tests can run it on
// throwaway databases.
import { instrumentEventStore } from '@crm/observability';
import { SERVICE_AUDIENCES, ServiceTokenVerifier } from '@crm/access-policy';
import {
  PostgresEventStore,
  realClock,
  systemRuntime,
  type EventStore,
  type RuntimeDependencies,
} from '@crm/event-sourcing';
import { connectMongo } from '@crm/read-models';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { CampaignSending } from './application/campaign-sending';
import { MarketingApplication } from './application/marketing.application';
import { AttributionFacts, CustomerAudience } from '@crm/marketing-read-models';
import type { MarketingConfig } from './config/marketing.config';
import { MarketingCallerGuard } from './grpc/marketing-caller.guard';
import { MarketingGrpcController } from './grpc/marketing.grpc-controller';
import { marketingEventTypes } from './infrastructure/marketing-event-store';
import { bounceIntakeProviders } from './bounces/bounce-intake';
import { SendingPolicyGrpcController } from './delivery/sending-policy.grpc-controller';
import { TenantSendingGate } from './delivery/tenant-sending-gate';
import { CampaignVariants } from './variants/campaign-variants';
import { RecordingChannelSink } from './channels/channel-sender';
import { CampaignMailer } from './mail/campaign-mailer';
import { marketingWorkerProviders } from './scheduling/marketing-workers';
import { AttributionReporting } from './attribution/attribution-report';
import { journeyProviders } from './journeys/journey-workers';
import { JourneysGrpcController } from './journeys/journeys.grpc-controller';
import { RfmCutOffsGrpcController } from './rfm/rfm-cut-offs.grpc-controller';
import { segmentMembershipProviders } from './membership/segment-membership.providers';
import {
  MARKETING_CONFIG,
  MARKETING_EVENT_STORE,
  MARKETING_LOGGER,
  MARKETING_MONGO,
  MARKETING_PG_POOL,
  MARKETING_RUNTIME,
  MARKETING_TOKEN_VERIFIER,
} from './marketing.tokens';

/** On shutdown closes the mailer, MongoDB, the store and the pool. */
class MarketingLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(MARKETING_EVENT_STORE) private readonly store: EventStore,
    @Inject(MARKETING_PG_POOL) private readonly pool: Pool,
    @Inject(MARKETING_MONGO) private readonly mongo: Connection,
    @Inject(CampaignMailer) private readonly mailer: CampaignMailer,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.mailer.close();
    await this.mongo.close();
    await this.store.close();
    await this.pool.end();
  }
}

export interface MarketingModuleOverrides {
  readonly logger: Logger;
  readonly pool: Pool;
  readonly runtime?: RuntimeDependencies;
}

@Module({})
export class MarketingModule {
  static forRoot(config: MarketingConfig, overrides: MarketingModuleOverrides): DynamicModule {
    const runtime = overrides.runtime ?? systemRuntime;
    const verifier = new ServiceTokenVerifier(
      config.serviceTokenPublicKey,
      SERVICE_AUDIENCES.marketing,
      () => (overrides.runtime ?? realClock).now(),
    );
    return {
      module: MarketingModule,
      controllers: [
        MarketingGrpcController,
        JourneysGrpcController,
        SendingPolicyGrpcController,
        RfmCutOffsGrpcController,
      ],
      providers: [
        { provide: MARKETING_CONFIG, useValue: config },
        { provide: MARKETING_LOGGER, useValue: overrides.logger },
        { provide: MARKETING_RUNTIME, useValue: runtime },
        { provide: MARKETING_TOKEN_VERIFIER, useValue: verifier },
        MarketingCallerGuard,
        { provide: MARKETING_PG_POOL, useValue: overrides.pool },
        {
          provide: MARKETING_EVENT_STORE,
          // Append latency, conflicts and the event spans (docs/operations/metrics.md).
          useFactory: async () =>
            instrumentEventStore(
              await PostgresEventStore.create({
                pool: overrides.pool,
                eventTypes: marketingEventTypes(),
              }),
            ),
        },
        {
          provide: MARKETING_MONGO,
          useFactory: () => connectMongo(config.mongoUrl),
        },
        {
          provide: CampaignMailer,
          useFactory: () => new CampaignMailer(config.mail.smtpUrl, config.mail.from),
        },
        {
          provide: MarketingApplication,
          inject: [MARKETING_EVENT_STORE],
          useFactory: (store: EventStore) =>
            new MarketingApplication(store, runtime, config.maxCommandRetries),
        },
        {
          provide: TenantSendingGate,
          inject: [MarketingApplication],
          useFactory: (app: MarketingApplication) => new TenantSendingGate(app),
        },
        {
          provide: CampaignSending,
          inject: [MarketingApplication, MARKETING_MONGO, CampaignMailer, TenantSendingGate],
          useFactory: (
            app: MarketingApplication,
            mongo: Connection,
            mailer: CampaignMailer,
            gate: TenantSendingGate,
          ) =>
            new CampaignSending(
              app,
              new CustomerAudience(mongo),
              mailer,
              {
                publicBaseUrl: config.mail.publicBaseUrl,
                unsubscribeKey: config.mail.unsubscribeKey,
                ...(config.limits.frequencyCap ? { frequencyCap: config.limits.frequencyCap } : {}),
                approvalRequired: config.campaignApproval,
              },
              new RecordingChannelSink(mongo, () => runtime.now().toISOString()),
              gate,
            ),
        },
        {
          provide: CampaignVariants,
          inject: [MarketingApplication, MARKETING_EVENT_STORE, CampaignSending],
          useFactory: (app: MarketingApplication, store: EventStore, sending: CampaignSending) =>
            new CampaignVariants(app, store, sending),
        },
        ...marketingWorkerProviders(config),
        MarketingLifecycle,
        {
          provide: AttributionReporting,
          inject: [MARKETING_MONGO],
          useFactory: (mongo: Connection) => new AttributionReporting(new AttributionFacts(mongo)),
        },
        ...journeyProviders(config),
        ...segmentMembershipProviders(config),
        ...bounceIntakeProviders(config),
      ],
    };
  }
}
