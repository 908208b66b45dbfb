// Wiring of the inbound tickets topic (CRM_SERVICE_DESK_INBOUND_TICKETS=on, the default): the
// Kafka consumer that opens a ticket per message, started after boot, stopped before the pool
// closes.
import type { Provider } from '@nestjs/common';
import type { ServiceDeskConfig } from '../config/service-desk.config';
import { BackgroundWork, backgroundWorkProvider } from '../infrastructure/background-work';
import { InboundTicketConsumer } from './inbound-ticket.consumer';
import { ParkedInboundMessages } from './parked-inbound-messages';

export class ServiceDeskInbound extends BackgroundWork {
  constructor(
    readonly consumer: InboundTicketConsumer | undefined,
    readonly parked: ParkedInboundMessages,
  ) {
    super([], [], consumer !== undefined);
  }

  override async onApplicationBootstrap(): Promise<void> {
    await this.consumer?.start();
  }

  override async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}

export function serviceDeskInboundProviders(config: ServiceDeskConfig): Provider[] {
  return [
    backgroundWorkProvider(ServiceDeskInbound, async (deps) => {
      const parked = new ParkedInboundMessages(deps.pool);
      const consumer = config.inboundTickets
        ? new InboundTicketConsumer(config.inboundTickets, deps.tickets, parked, deps.logger)
        : undefined;
      return new ServiceDeskInbound(consumer, parked);
    }),
  ];
}
