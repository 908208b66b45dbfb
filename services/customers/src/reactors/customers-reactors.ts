// The Customers service's reactors, wired into its module: built from the application and the raw
// event store, started after boot (unless switched off by configuration), stopped before the pool
// closes, and reported on GET /health with their checkpoint, lag and parked count.
import { ContractValidator, platformContracts } from '@crm/contracts';
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import { Reactor, migrateReactorsSchema, type ReactorStatus } from '@crm/reactors';
import {
  Inject,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { CustomersApplication } from '../application/customers.application';
import type { CustomersConfig } from '../config/customers.config';
import { CUSTOMERS_LOGGER, CUSTOMERS_PG_POOL, CUSTOMERS_RUNTIME } from '../customers.tokens';
import { purchaseHistoryReactor } from './purchase-history.reactor';

export const CUSTOMERS_REACTORS = Symbol('CUSTOMERS_REACTORS');

export class CustomersReactors implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(CUSTOMERS_REACTORS) readonly reactors: readonly Reactor[],
    private readonly enabled: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.enabled) for (const reactor of this.reactors) await reactor.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.reactors.map((reactor) => reactor.stop()));
  }

  /** For /health: one entry per reactor; a failing status query is reported, not thrown. */
  async status(): Promise<(ReactorStatus | { name: string; error: string })[]> {
    return Promise.all(
      this.reactors.map((reactor) =>
        reactor.status().catch((error: unknown) => ({
          name: reactor.name,
          error: error instanceof Error ? error.message : String(error),
        })),
      ),
    );
  }
}

/** `rawStore` is the store without the personal-data layer: source events are read as published. */
export function customersReactorProviders(config: CustomersConfig, rawStore: symbol): Provider[] {
  return [
    {
      provide: CUSTOMERS_REACTORS,
      inject: [
        rawStore,
        CUSTOMERS_PG_POOL,
        CustomersApplication,
        CUSTOMERS_RUNTIME,
        CUSTOMERS_LOGGER,
      ],
      useFactory: async (
        store: EventStore,
        pool: Pool,
        app: CustomersApplication,
        runtime: RuntimeDependencies,
        logger: Logger,
      ): Promise<Reactor[]> => {
        await migrateReactorsSchema(pool);
        const deps = {
          store,
          pool,
          contracts: new ContractValidator(platformContracts()),
          clock: runtime,
          logger,
        };
        return [new Reactor(purchaseHistoryReactor(app), deps)];
      },
    },
    {
      provide: CustomersReactors,
      inject: [CUSTOMERS_REACTORS],
      useFactory: (reactors: Reactor[]) =>
        new CustomersReactors(reactors, config.purchaseHistoryReactor),
    },
  ];
}
