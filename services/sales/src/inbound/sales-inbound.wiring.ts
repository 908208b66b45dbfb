// Wiring of lead capture from Kafka (CRM_SALES_INBOUND_LEADS=on, the default): the consumer that
// keeps inbound messages in the store and the reactor that captures them, reading the decrypting
// store (the payload is personal data), checkpointed in the service's database; started after
// boot, stopped before the pool closes.
import { ContractValidator, platformContracts } from '@crm/contracts';
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import { Reactor, migrateReactorsSchema } from '@crm/reactors';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { SalesApplication } from '../application/sales.application';
import type { SalesConfig } from '../config/sales.config';
import {
  SALES_CONFIG,
  SALES_EVENT_STORE,
  SALES_LOGGER,
  SALES_PG_POOL,
  SALES_RUNTIME,
} from '../sales.tokens';
import { inboundLeadCapture } from './inbound-lead-capture.reactor';
import { InboundLeadConsumer } from './inbound-lead.consumer';

export class SalesInbound implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    readonly capture: Reactor,
    readonly consumer: InboundLeadConsumer | undefined,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.consumer) return;
    await this.capture.start();
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.capture.stop();
  }
}

export function salesInboundProviders(): Provider[] {
  return [
    {
      provide: SalesInbound,
      inject: [
        SALES_CONFIG,
        SALES_EVENT_STORE,
        SALES_PG_POOL,
        SalesApplication,
        SALES_RUNTIME,
        SALES_LOGGER,
      ],
      useFactory: async (
        config: SalesConfig,
        store: EventStore,
        pool: Pool,
        app: SalesApplication,
        runtime: RuntimeDependencies,
        logger: Logger,
      ) => {
        await migrateReactorsSchema(pool);
        const capture = new Reactor(inboundLeadCapture(app), {
          store,
          pool,
          contracts: new ContractValidator(platformContracts()),
          clock: runtime,
          logger,
          pollIntervalMs: 200,
        });
        const consumer = config.inboundLeads
          ? new InboundLeadConsumer(config.inboundLeads, app, logger)
          : undefined;
        return new SalesInbound(capture, consumer);
      },
    },
  ];
}
