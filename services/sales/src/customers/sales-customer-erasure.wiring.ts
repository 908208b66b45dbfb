// Wiring of the reactor `sales.customer-erasure` (ADR 0440): the customers context's erasures on
// the store's log erase the leads linked to the erased customer. Checkpointed in the service's
// database, started after boot, stopped before the pool closes.
import { ContractValidator, platformContracts } from '@crm/contracts';
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import { Reactor, migrateReactorsSchema } from '@crm/reactors';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { SalesApplication } from '../application/sales.application';
import { SALES_LOGGER, SALES_PG_POOL, SALES_RAW_STORE, SALES_RUNTIME } from '../sales.tokens';
import { customerErasureReactor } from './customer-erasure.reactor';

export class SalesCustomerErasure implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(readonly reactor: Reactor) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reactor.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.reactor.stop();
  }
}

export function salesCustomerErasureProviders(): Provider[] {
  return [
    {
      provide: SalesCustomerErasure,
      inject: [SalesApplication, SALES_RAW_STORE, SALES_PG_POOL, SALES_RUNTIME, SALES_LOGGER],
      useFactory: async (
        app: SalesApplication,
        rawStore: EventStore,
        pool: Pool,
        runtime: RuntimeDependencies,
        logger: Logger,
      ) => {
        await migrateReactorsSchema(pool);
        const reactor = new Reactor(customerErasureReactor(app, rawStore), {
          store: rawStore,
          pool,
          contracts: new ContractValidator(platformContracts()),
          clock: runtime,
          logger,
          pollIntervalMs: 200,
        });
        return new SalesCustomerErasure(reactor);
      },
    },
  ];
}
