// Composition root of the service-desk service: PostgreSQL, the event store with the personal-data
// cipher (message bodies and addresses under the customer's, or the ticket's, key), the
// application and the gRPC controller with its caller guard. Built by ServiceDeskModule.forRoot so
// tests can run it on throwaway databases with an injected clock.
import { instrumentEventStore } from '@crm/observability';
import { SERVICE_AUDIENCES, ServiceTokenVerifier } from '@crm/access-policy';
import {
  DataKeyStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  PostgresEventStore,
  migratePersonalDataSchema,
  realClock,
  systemRuntime,
  type EventStore,
  type RuntimeDependencies,
} from '@crm/event-sourcing';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { KnowledgeBaseApplication } from './application/knowledge-base.application';
import { ServiceDeskApplication } from './application/service-desk.application';
import type { ServiceDeskConfig } from './config/service-desk.config';
import { ServiceDeskCallerGuard } from './grpc/service-desk-caller.guard';
import { ServiceDeskGrpcController } from './grpc/service-desk.grpc-controller';
import { serviceDeskMailProviders } from './mail/service-desk-mail';
import { serviceDeskSlaTimerProviders } from './timers/service-desk-sla-timers';
import { serviceDeskRoutingProviders } from './routing/service-desk-routing';
import { serviceDeskCareProviders } from './care/service-desk-care';
import { serviceDeskInboundProviders } from './inbound/service-desk-inbound';
import { serviceDeskCustomerContactProviders } from './customers/service-desk-customer-contacts';
import { serviceDeskNpsScheduleProviders } from './satisfaction/service-desk-nps-schedule';
import {
  serviceDeskEventTypes,
  serviceDeskPersonalDataPolicy,
} from './infrastructure/service-desk-event-store';
import {
  SERVICE_DESK_CONFIG,
  SERVICE_DESK_EVENT_STORE,
  SERVICE_DESK_LOGGER,
  SERVICE_DESK_PG_POOL,
  SERVICE_DESK_RAW_STORE,
  SERVICE_DESK_RUNTIME,
  SERVICE_DESK_TOKEN_VERIFIER,
  SURVEY_LINKS,
} from './service-desk.tokens';
import { NpsSurveys } from './satisfaction/nps-surveys';
import { CareTasks } from './care/care-reminders';
import { SurveyLinks } from './satisfaction/survey-link';

/** On shutdown closes the store and the pool. */
class ServiceDeskLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(SERVICE_DESK_RAW_STORE) private readonly store: EventStore,
    @Inject(SERVICE_DESK_PG_POOL) private readonly pool: Pool,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.pool.end();
  }
}

export interface ServiceDeskModuleOverrides {
  readonly logger: Logger;
  readonly pool: Pool;
  readonly runtime?: RuntimeDependencies;
}

@Module({})
export class ServiceDeskModule {
  static forRoot(config: ServiceDeskConfig, overrides: ServiceDeskModuleOverrides): DynamicModule {
    const runtime = overrides.runtime ?? systemRuntime;
    const verifier = new ServiceTokenVerifier(
      config.serviceTokenPublicKey,
      SERVICE_AUDIENCES.serviceDesk,
      () => (overrides.runtime ?? realClock).now(),
    );
    return {
      module: ServiceDeskModule,
      controllers: [ServiceDeskGrpcController],
      providers: [
        { provide: SERVICE_DESK_CONFIG, useValue: config },
        { provide: SERVICE_DESK_LOGGER, useValue: overrides.logger },
        { provide: SERVICE_DESK_RUNTIME, useValue: runtime },
        { provide: SERVICE_DESK_TOKEN_VERIFIER, useValue: verifier },
        ServiceDeskCallerGuard,
        { provide: SERVICE_DESK_PG_POOL, useValue: overrides.pool },
        {
          provide: SERVICE_DESK_RAW_STORE,
          useFactory: async () => {
            await migratePersonalDataSchema(overrides.pool);
            // Append latency, conflicts and the event spans (docs/operations/metrics.md).
            return instrumentEventStore(
              await PostgresEventStore.create({
                pool: overrides.pool,
                eventTypes: serviceDeskEventTypes(),
              }),
            );
          },
        },
        {
          provide: SERVICE_DESK_EVENT_STORE,
          inject: [SERVICE_DESK_RAW_STORE],
          useFactory: (raw: EventStore) =>
            new PersonalDataEventStore(
              raw,
              new PersonalDataCipher(
                new DataKeyStore({
                  repository: new PostgresDataKeyRepository(overrides.pool),
                  masterKeys: config.masterKeys,
                }),
              ),
              serviceDeskPersonalDataPolicy(),
            ),
        },
        {
          provide: ServiceDeskApplication,
          inject: [SERVICE_DESK_EVENT_STORE],
          useFactory: (store: EventStore) =>
            new ServiceDeskApplication(
              store,
              runtime,
              config.slaPolicies,
              config.reopenWindowDays,
              config.maxCommandRetries,
            ),
        },
        {
          provide: KnowledgeBaseApplication,
          inject: [SERVICE_DESK_EVENT_STORE, ServiceDeskApplication],
          useFactory: (store: EventStore, tickets: ServiceDeskApplication) =>
            new KnowledgeBaseApplication(store, runtime, tickets, config.maxCommandRetries),
        },
        {
          provide: SURVEY_LINKS,
          useValue: config.survey.secret
            ? new SurveyLinks(config.survey.secret, config.survey.validDays, () => runtime.now())
            : null,
        },
        {
          provide: NpsSurveys,
          inject: [SERVICE_DESK_EVENT_STORE, SURVEY_LINKS],
          useFactory: (store: EventStore, links: SurveyLinks | null) =>
            new NpsSurveys(
              store,
              runtime,
              links,
              config.survey.npsCadenceDays,
              config.maxCommandRetries,
            ),
        },
        {
          provide: CareTasks,
          inject: [SERVICE_DESK_EVENT_STORE],
          useFactory: (store: EventStore) =>
            new CareTasks(store, runtime, config.maxCommandRetries),
        },
        ServiceDeskLifecycle,
        ...serviceDeskMailProviders(config),
        ...serviceDeskSlaTimerProviders(config),
        ...serviceDeskRoutingProviders(config),
        ...serviceDeskCareProviders(config),
        ...serviceDeskInboundProviders(config),
        ...serviceDeskCustomerContactProviders(config),
        ...serviceDeskNpsScheduleProviders(config),
      ],
    };
  }
}
