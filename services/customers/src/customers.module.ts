// Composition root of the Customers service: PostgreSQL, the event store with the personal-data
// cipher, the identity index and its worker, the application and import services, and the gRPC
// controller. Built by CustomersModule.forRoot(config) so tests can run it on throwaway databases.
import {
  createPostgresPool,
  DataKeyStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  PostgresErasureLedger,
  PostgresEventStore,
  migratePersonalDataSchema,
  realClock,
  systemRuntime,
  type EventStore,
  type RuntimeDependencies,
} from '@crm/event-sourcing';
import { SERVICE_AUDIENCES, ServiceTokenVerifier } from '@crm/access-policy';
import { instrumentEventStore } from '@crm/observability';
import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { CustomersApplication } from './application/customers.application';
import type { CustomersConfig } from './config/customers.config';
import {
  CUSTOMERS_CONFIG,
  CUSTOMERS_DATA_KEYS,
  CUSTOMERS_EVENT_STORE,
  CUSTOMERS_LOGGER,
  CUSTOMERS_PG_POOL,
  CUSTOMERS_RUNTIME,
  CUSTOMERS_TOKEN_VERIFIER,
} from './customers.tokens';
import { CustomersGrpcController } from './grpc/customers.grpc-controller';
import { ServiceCallerGuard } from './grpc/service-caller.guard';
import { CustomersHealth } from './health/customers-health';
import { CustomerImportService } from './import/customer-import.service';
import { ImportRunRepository } from './import/import-run.repository';
import { migrateCustomersSchema } from './infrastructure/customers.migrations';
import { customersEventTypes } from './infrastructure/customers-event-types';
import { IdentityIndex, identityReadingStore } from './infrastructure/identity-index';
import { IdentityIndexWorker } from './infrastructure/identity-index.worker';
import { customersPersonalDataPolicy } from '@crm/customers-read-models';
import { customersReactorProviders } from './reactors/customers-reactors';

const RAW_STORE = Symbol('CUSTOMERS_RAW_STORE');
const ERASURE_LEDGER = Symbol('CUSTOMERS_ERASURE_LEDGER');

/** Starts the identity worker after boot; on shutdown stops it, drains imports, closes the store and pool. */
class CustomersLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(IdentityIndexWorker) private readonly worker: IdentityIndexWorker,
    @Inject(CustomerImportService) private readonly imports: CustomerImportService,
    @Inject(RAW_STORE) private readonly store: EventStore,
    @Inject(CUSTOMERS_PG_POOL) private readonly pool: Pool,
    @Inject(CustomersHealth) private readonly health: CustomersHealth,
    @Inject(ERASURE_LEDGER) private readonly erasureLedger: PostgresErasureLedger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.worker.start();
    await this.imports.resumeUnfinished();
  }

  async onApplicationShutdown(): Promise<void> {
    this.health.markStopping();
    await this.worker.stop();
    await this.imports.drain();
    await this.store.close();
    await this.pool.end();
    await this.erasureLedger.close();
  }
}

export interface CustomersModuleOverrides {
  readonly logger: Logger;
  readonly health?: CustomersHealth;
  readonly pool?: Pool;
  readonly runtime?: RuntimeDependencies;
}

@Module({})
export class CustomersModule {
  static forRoot(config: CustomersConfig, overrides: CustomersModuleOverrides): DynamicModule {
    const pool =
      overrides.pool ??
      createPostgresPool({ connectionString: config.postgresUrl, max: config.pgPoolSize });
    pool.on('error', (error) =>
      overrides.logger.warn({ err: error }, 'idle PostgreSQL client failed'),
    );
    return {
      module: CustomersModule,
      controllers: [CustomersGrpcController],
      providers: [
        { provide: CUSTOMERS_CONFIG, useValue: config },
        { provide: CUSTOMERS_LOGGER, useValue: overrides.logger },
        { provide: CUSTOMERS_RUNTIME, useValue: overrides.runtime ?? systemRuntime },
        {
          provide: CUSTOMERS_TOKEN_VERIFIER,
          useValue: new ServiceTokenVerifier(
            config.serviceTokenPublicKey,
            SERVICE_AUDIENCES.customers,
            () => (overrides.runtime ?? realClock).now(),
          ),
        },
        ServiceCallerGuard,
        { provide: CUSTOMERS_PG_POOL, useValue: pool },
        { provide: CustomersHealth, useValue: overrides.health ?? new CustomersHealth(pool) },
        {
          provide: RAW_STORE,
          inject: [CUSTOMERS_PG_POOL],
          useFactory: async (p: Pool) => {
            await migratePersonalDataSchema(p);
            await migrateCustomersSchema(p);
            // Append latency, conflicts and the event spans (docs/operations/metrics.md).
            return instrumentEventStore(
              await PostgresEventStore.create({ pool: p, eventTypes: customersEventTypes() }),
            );
          },
        },
        { provide: ERASURE_LEDGER, useValue: new PostgresErasureLedger(config.erasureLedgerUrl) },
        {
          provide: CUSTOMERS_DATA_KEYS,
          inject: [CUSTOMERS_PG_POOL, ERASURE_LEDGER],
          useFactory: (p: Pool, erasureLedger: PostgresErasureLedger) =>
            new DataKeyStore({
              repository: new PostgresDataKeyRepository(p),
              masterKeys: config.masterKeys,
              erasureLedger,
            }),
        },
        {
          provide: CUSTOMERS_EVENT_STORE,
          inject: [RAW_STORE, CUSTOMERS_DATA_KEYS],
          useFactory: (raw: EventStore, keys: DataKeyStore) =>
            new PersonalDataEventStore(
              raw,
              new PersonalDataCipher(keys),
              customersPersonalDataPolicy(),
            ),
        },
        {
          provide: IdentityIndex,
          inject: [CUSTOMERS_PG_POOL],
          useFactory: (p: Pool) => new IdentityIndex(p, config.masterKeys.current),
        },
        {
          provide: IdentityIndexWorker,
          inject: [
            RAW_STORE,
            CUSTOMERS_DATA_KEYS,
            CUSTOMERS_PG_POOL,
            IdentityIndex,
            CUSTOMERS_LOGGER,
          ],
          useFactory: (
            raw: EventStore,
            keys: DataKeyStore,
            p: Pool,
            index: IdentityIndex,
            logger: Logger,
          ) => new IdentityIndexWorker(identityReadingStore(raw, keys), p, index, logger),
        },
        {
          provide: CustomersApplication,
          inject: [CUSTOMERS_EVENT_STORE, CUSTOMERS_RUNTIME, CUSTOMERS_DATA_KEYS, IdentityIndex],
          useFactory: (
            store: EventStore,
            runtime: RuntimeDependencies,
            keys: DataKeyStore,
            index: IdentityIndex,
          ) => new CustomersApplication(store, runtime, keys, index, config.maxCommandRetries),
        },
        {
          provide: CustomerImportService,
          inject: [
            CustomersApplication,
            IdentityIndex,
            CUSTOMERS_PG_POOL,
            CUSTOMERS_LOGGER,
            IdentityIndexWorker,
          ],
          useFactory: (
            app: CustomersApplication,
            index: IdentityIndex,
            p: Pool,
            logger: Logger,
            indexWorker: IdentityIndexWorker,
          ) =>
            new CustomerImportService(
              app,
              index,
              indexWorker,
              new ImportRunRepository(p),
              logger,
              config.maxImportBytes,
              config.importConcurrency,
            ),
        },
        CustomersLifecycle,
        ...customersReactorProviders(config, RAW_STORE),
      ],
    };
  }
}
