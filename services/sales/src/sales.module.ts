// Composition root of the Sales service: PostgreSQL, the event store with the personal-data cipher
// (a lead's contact under the lead's key), the application and the gRPC controller with its
// caller guard. Built by SalesModule.forRoot(config) so tests can run it on throwaway databases.
import { instrumentEventStore } from '@crm/observability';
import { SERVICE_AUDIENCES, ServiceTokenVerifier } from '@crm/access-policy';
import {
  DataKeyStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  PostgresErasureLedger,
  PostgresEventStore,
  migratePersonalDataSchema,
  realClock,
  migrateSnapshotSchema,
  PostgresSnapshotStore,
  systemRuntime,
  type EventStore,
  type MasterKeyRing,
  type RuntimeDependencies,
} from '@crm/event-sourcing';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { SalesApplication, type TeamSnapshots } from './application/sales.application';
import type { SalesConfig } from './config/sales.config';
import { SalesCallerGuard } from './grpc/sales-caller.guard';
import { SalesGrpcController } from './grpc/sales.grpc-controller';
import { salesEventTypes, salesPersonalDataPolicy } from './infrastructure/sales-event-store';
import { salesTimerProviders } from './timers/sales-timers.wiring';
import { salesInboundProviders } from './inbound/sales-inbound.wiring';
import { LeadEmailIndex } from './inbound/lead-email-index';
import {
  SALES_CUSTOMER_CONTACTS,
  salesCustomerContactProviders,
} from './customers/sales-customer-contacts.wiring';
import { salesCustomerErasureProviders } from './customers/sales-customer-erasure.wiring';
import type { CustomerContactIndex } from '@crm/reactors';
import { PipelineAsOfSnapshots } from './forecast/pipeline-as-of-snapshots';
import {
  SALES_CONFIG,
  SALES_EVENT_STORE,
  SALES_LOGGER,
  SALES_PG_POOL,
  SALES_RAW_STORE,
  SALES_RUNTIME,
  SALES_TOKEN_VERIFIER,
} from './sales.tokens';

const ERASURE_LEDGER = Symbol('SALES_ERASURE_LEDGER');

/** On shutdown closes the store, the erasure ledger and the pool. */
class SalesLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(SALES_RAW_STORE) private readonly store: EventStore,
    @Inject(ERASURE_LEDGER) private readonly erasureLedger: PostgresErasureLedger,
    @Inject(SALES_PG_POOL) private readonly pool: Pool,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.erasureLedger.close();
    await this.pool.end();
  }
}

export interface SalesModuleOverrides {
  readonly logger: Logger;
  readonly pool: Pool;
  readonly runtime?: RuntimeDependencies;
}

@Module({})
export class SalesModule {
  static forRoot(config: SalesConfig, overrides: SalesModuleOverrides): DynamicModule {
    const runtime = overrides.runtime ?? systemRuntime;
    const verifier = new ServiceTokenVerifier(
      config.serviceTokenPublicKey,
      SERVICE_AUDIENCES.sales,
      () => (overrides.runtime ?? realClock).now(),
    );
    return {
      module: SalesModule,
      controllers: [SalesGrpcController],
      providers: [
        { provide: SALES_CONFIG, useValue: config },
        { provide: SALES_LOGGER, useValue: overrides.logger },
        { provide: SALES_RUNTIME, useValue: runtime },
        { provide: SALES_TOKEN_VERIFIER, useValue: verifier },
        SalesCallerGuard,
        { provide: SALES_PG_POOL, useValue: overrides.pool },
        {
          provide: SALES_RAW_STORE,
          useFactory: async () => {
            await migratePersonalDataSchema(overrides.pool);
            // Append latency, conflicts and the event spans (docs/operations/metrics.md).
            return instrumentEventStore(
              await PostgresEventStore.create({
                pool: overrides.pool,
                eventTypes: salesEventTypes(),
              }),
            );
          },
        },
        { provide: ERASURE_LEDGER, useValue: new PostgresErasureLedger(config.erasureLedgerUrl) },
        {
          provide: DataKeyStore,
          inject: [ERASURE_LEDGER],
          useFactory: (erasureLedger: PostgresErasureLedger) =>
            new DataKeyStore({
              repository: new PostgresDataKeyRepository(overrides.pool),
              masterKeys: config.masterKeys,
              erasureLedger,
            }),
        },
        {
          provide: SALES_EVENT_STORE,
          inject: [SALES_RAW_STORE, DataKeyStore],
          useFactory: (raw: EventStore, keys: DataKeyStore) =>
            new PersonalDataEventStore(
              raw,
              new PersonalDataCipher(keys),
              salesPersonalDataPolicy(),
            ),
        },
        {
          provide: SalesApplication,
          inject: [SALES_EVENT_STORE, DataKeyStore, SALES_CUSTOMER_CONTACTS, SALES_RAW_STORE],
          useFactory: async (
            store: EventStore,
            keys: DataKeyStore,
            customerContacts: CustomerContactIndex,
            raw: EventStore,
          ) => {
            const leadEmails = new LeadEmailIndex(overrides.pool, config.masterKeys);
            await leadEmails.migrate();
            const pipelineSnapshots =
              config.pipelineSnapshotEvery > 0
                ? new PipelineAsOfSnapshots(overrides.pool)
                : undefined;
            await pipelineSnapshots?.migrate();
            let teamSnapshots: TeamSnapshots | undefined;
            if (config.teamSnapshotEvery > 0) {
              await migrateSnapshotSchema(overrides.pool);
              teamSnapshots = {
                store: new PostgresSnapshotStore(overrides.pool),
                everyNEvents: config.teamSnapshotEvery,
                // A failed snapshot only costs load time: routing goes on with a full replay.
                onError: (err, context) =>
                  overrides.logger.warn({ err, ...context }, 'team snapshot failed'),
              };
            }
            return new SalesApplication(
              store,
              runtime,
              config.maxCommandRetries,
              keys,
              leadEmails,
              teamSnapshots,
              {
                customerContacts,
                ...(pipelineSnapshots ? { pipelineSnapshots } : {}),
                pipelineSnapshotEvery: config.pipelineSnapshotEvery,
                onSnapshotError: (err) =>
                  overrides.logger.warn({ err }, 'pipeline as-of snapshot failed'),
                notes: uncachedNoteKeys(raw, overrides.pool, config.masterKeys),
              },
            );
          },
        },
        SalesLifecycle,
        ...salesTimerProviders(),
        ...salesInboundProviders(),
        ...salesCustomerContactProviders(),
        ...salesCustomerErasureProviders(),
      ],
    };
  }
}

/**
 * ADR 0400: note texts are decrypted, and a note's subject checked, with keys looked up on every
 * call (no cache), so the customers context's erasure of a customer shows at once, not minutes
 * later when this process's key cache expires.
 */
function uncachedNoteKeys(raw: EventStore, pool: Pool, masterKeys: MasterKeyRing) {
  const keys = new DataKeyStore({
    repository: new PostgresDataKeyRepository(pool),
    masterKeys,
    cache: { maxEntries: 0 },
  });
  const texts = new PersonalDataEventStore(
    raw,
    new PersonalDataCipher(keys),
    salesPersonalDataPolicy(),
  );
  return { texts, keys };
}
