// Wiring of ticket routing: the routing application and the router reactor, run when
// CRM_SERVICE_DESK_ROUTING_FILE configures at least one team.
import type { Reactor } from '@crm/reactors';
import type { Provider } from '@nestjs/common';
import type { ServiceDeskConfig } from '../config/service-desk.config';
import { BackgroundWork, backgroundWorkProvider } from '../infrastructure/background-work';
import { RoutingApplication } from './routing.application';
import { ticketRouter } from './ticket-router.reactor';

export class ServiceDeskRouting extends BackgroundWork {
  constructor(readonly router: Reactor | null) {
    super(router ? [router] : [], [], router !== null);
  }
}

export function serviceDeskRoutingProviders(config: ServiceDeskConfig): Provider[] {
  return [
    backgroundWorkProvider(ServiceDeskRouting, async (deps) => {
      if (config.routingTeams.length === 0) return new ServiceDeskRouting(null);
      const routing = new RoutingApplication(deps.store, deps.runtime, config.maxCommandRetries);
      return new ServiceDeskRouting(
        await deps.reactor(ticketRouter(deps.tickets, routing, config.routingTeams)),
      );
    }),
  ];
}
