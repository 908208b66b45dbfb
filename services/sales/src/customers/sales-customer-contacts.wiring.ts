// Customers known to the customers context, for the duplicate check of lead capture (ADR 0325):
// the index of keyed contact digests (schema `sales_customers`) and the reactor
// `sales.customer-contact-indexer` that keeps it from customers' public events on the store's log
// (contacts added and removed, customers erased), checkpointed in the service's database; started
// after boot, stopped before the pool closes.
import { ContractValidator, platformContracts } from '@crm/contracts';
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import {
  CustomerContactIndex,
  Reactor,
  customerContactIndexer,
  customerContactsStore,
  migrateReactorsSchema,
} from '@crm/reactors';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { SalesConfig } from '../config/sales.config';
import {
  SALES_CONFIG,
  SALES_LOGGER,
  SALES_PG_POOL,
  SALES_RAW_STORE,
  SALES_RUNTIME,
} from '../sales.tokens';

export const SALES_CUSTOMER_CONTACT_INDEXER = 'sales.customer-contact-indexer';
export const SALES_CUSTOMER_CONTACTS = Symbol('SALES_CUSTOMER_CONTACTS');

export class SalesCustomerContacts implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(readonly indexer: Reactor) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.indexer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.indexer.stop();
  }
}

export function salesCustomerContactProviders(): Provider[] {
  return [
    {
      provide: SALES_CUSTOMER_CONTACTS,
      inject: [SALES_CONFIG, SALES_PG_POOL],
      useFactory: async (config: SalesConfig, pool: Pool) => {
        const index = new CustomerContactIndex(pool, config.masterKeys, {
          schema: 'sales_customers',
          label: 'sales',
        });
        await index.migrate();
        return index;
      },
    },
    {
      provide: SalesCustomerContacts,
      inject: [
        SALES_CONFIG,
        SALES_CUSTOMER_CONTACTS,
        SALES_RAW_STORE,
        SALES_PG_POOL,
        SALES_RUNTIME,
        SALES_LOGGER,
      ],
      useFactory: async (
        config: SalesConfig,
        index: CustomerContactIndex,
        rawStore: EventStore,
        pool: Pool,
        runtime: RuntimeDependencies,
        logger: Logger,
      ) => {
        await migrateReactorsSchema(pool);
        const customers = customerContactsStore(rawStore, pool, config.masterKeys);
        const indexer = new Reactor(
          customerContactIndexer(SALES_CUSTOMER_CONTACT_INDEXER, index, customers),
          {
            store: rawStore,
            pool,
            contracts: new ContractValidator(platformContracts()),
            clock: runtime,
            logger,
            pollIntervalMs: 200,
          },
        );
        return new SalesCustomerContacts(indexer);
      },
    },
  ];
}
