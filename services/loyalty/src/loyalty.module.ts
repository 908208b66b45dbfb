// Composition root of the Loyalty service: PostgreSQL, the event store (loyalty events carry no
// personal data, so no cipher), the application and the gRPC controller. Built by
// LoyaltyModule.forRoot(config) so tests can run it on throwaway databases.
import { instrumentEventStore } from '@crm/observability';
import { SERVICE_AUDIENCES, ServiceTokenVerifier } from '@crm/access-policy';
import { storeEventTypes } from '@crm/contracts';
import { LOYALTY_EVENT_CONTRACTS } from '@crm/contracts/loyalty';
import {
  createPostgresPool,
  migrateSnapshotSchema,
  PostgresEventStore,
  PostgresSnapshotStore,
  realClock,
  systemRuntime,
  type EventStore,
  type RuntimeDependencies,
} from '@crm/event-sourcing';
import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { LoyaltyApplication } from './application/loyalty.application';
import type { LoyaltyConfig } from './config/loyalty.config';
import { loyaltyWorkerProviders } from './loyalty-workers';
import { LoyaltyGrpcController } from './grpc/loyalty.grpc-controller';
import { LoyaltyCallerGuard } from './grpc/loyalty-caller.guard';
import {
  LOYALTY_CONFIG,
  LOYALTY_EVENT_STORE,
  LOYALTY_LOGGER,
  LOYALTY_PG_POOL,
  LOYALTY_RUNTIME,
  LOYALTY_TOKEN_VERIFIER,
} from './loyalty.tokens';

/** On shutdown closes the store and the pool (after the workers registered before it stopped). */
class LoyaltyLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(LOYALTY_EVENT_STORE) private readonly store: EventStore,
    @Inject(LOYALTY_PG_POOL) private readonly pool: Pool,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.pool.end();
  }
}

export interface LoyaltyModuleOverrides {
  readonly logger: Logger;
  readonly pool?: Pool;
  readonly runtime?: RuntimeDependencies;
  /** Extra providers (reactors, timers) that need the module's store and application. */
  readonly providers?: readonly Provider[];
}

@Module({})
export class LoyaltyModule {
  static forRoot(config: LoyaltyConfig, overrides: LoyaltyModuleOverrides): DynamicModule {
    const pool =
      overrides.pool ??
      createPostgresPool({ connectionString: config.postgresUrl, max: config.pgPoolSize });
    pool.on('error', (error) =>
      overrides.logger.warn({ err: error }, 'idle PostgreSQL client failed'),
    );
    const runtime = overrides.runtime ?? systemRuntime;
    return {
      module: LoyaltyModule,
      controllers: [LoyaltyGrpcController],
      providers: [
        { provide: LOYALTY_CONFIG, useValue: config },
        { provide: LOYALTY_LOGGER, useValue: overrides.logger },
        { provide: LOYALTY_RUNTIME, useValue: runtime },
        {
          provide: LOYALTY_TOKEN_VERIFIER,
          useValue: new ServiceTokenVerifier(
            config.serviceTokenPublicKey,
            SERVICE_AUDIENCES.loyalty,
            () => (overrides.runtime ?? realClock).now(),
          ),
        },
        LoyaltyCallerGuard,
        { provide: LOYALTY_PG_POOL, useValue: pool },
        {
          provide: LOYALTY_EVENT_STORE,
          inject: [LOYALTY_PG_POOL],
          // Append latency, conflicts and the event spans (docs/operations/metrics.md).
          useFactory: async (p: Pool) =>
            instrumentEventStore(
              await PostgresEventStore.create({
                pool: p,
                eventTypes: storeEventTypes(LOYALTY_EVENT_CONTRACTS),
              }),
            ),
        },
        {
          provide: LoyaltyApplication,
          inject: [LOYALTY_EVENT_STORE, LOYALTY_PG_POOL],
          useFactory: async (store: EventStore, p: Pool) => {
            if (config.memberSnapshotEvery === 0)
              return new LoyaltyApplication(store, runtime, config.maxCommandRetries);
            await migrateSnapshotSchema(p);
            return new LoyaltyApplication(store, runtime, config.maxCommandRetries, {
              store: new PostgresSnapshotStore(p),
              everyNEvents: config.memberSnapshotEvery,
              // A failed snapshot only costs load time: the command goes on with a full replay.
              onError: (err, context) =>
                overrides.logger.warn({ err, ...context }, 'member snapshot failed'),
            });
          },
        },
        LoyaltyLifecycle,
        ...loyaltyWorkerProviders(config),
        ...(overrides.providers ?? []),
      ],
    };
  }
}
