// Wiring of ticket routing: the routing application and the router reactor, started after boot
// when CRM_SERVICE_DESK_ROUTING_FILE configures at least one team, stopped before the pool closes.
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import type { Reactor } from '@crm/reactors';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { ServiceDeskApplication } from '../application/service-desk.application';
import type { ServiceDeskConfig } from '../config/service-desk.config';
import { ownEventsReactor } from '../infrastructure/service-desk-reactor';
import {
  SERVICE_DESK_EVENT_STORE,
  SERVICE_DESK_LOGGER,
  SERVICE_DESK_PG_POOL,
  SERVICE_DESK_RAW_STORE,
  SERVICE_DESK_RUNTIME,
} from '../service-desk.tokens';
import { RoutingApplication } from './routing.application';
import { ticketRouter } from './ticket-router.reactor';

export class ServiceDeskRouting implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(readonly router: Reactor | null) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.router?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.router?.stop();
  }
}

export function serviceDeskRoutingProviders(config: ServiceDeskConfig): Provider[] {
  return [
    {
      provide: ServiceDeskRouting,
      inject: [
        SERVICE_DESK_RAW_STORE,
        SERVICE_DESK_EVENT_STORE,
        SERVICE_DESK_PG_POOL,
        ServiceDeskApplication,
        SERVICE_DESK_RUNTIME,
        SERVICE_DESK_LOGGER,
      ],
      useFactory: async (
        rawStore: EventStore,
        store: EventStore,
        pool: Pool,
        tickets: ServiceDeskApplication,
        runtime: RuntimeDependencies,
        logger: Logger,
      ) => {
        if (config.routingTeams.length === 0) return new ServiceDeskRouting(null);
        const routing = new RoutingApplication(store, runtime, config.maxCommandRetries);
        const router = await ownEventsReactor(ticketRouter(tickets, routing, config.routingTeams), {
          rawStore,
          pool,
          runtime,
          logger,
        });
        return new ServiceDeskRouting(router);
      },
    },
  ];
}
