// Wiring of the customer contact index: its schema and the indexer reactor, run whenever the
// service runs (mail intake links senders by e-mail, OpenTicket links callers by phone).
import type { Reactor } from '@crm/reactors';
import type { Provider } from '@nestjs/common';
import type { ServiceDeskConfig } from '../config/service-desk.config';
import { BackgroundWork, backgroundWorkProvider } from '../infrastructure/background-work';
import { CustomerContactIndex } from './customer-contact-index';
import { customerContactIndexer } from './customer-contact-indexer.reactor';
import { customerFactsStore } from './customer-personal-data';

export class ServiceDeskCustomerContacts extends BackgroundWork {
  constructor(
    readonly index: CustomerContactIndex,
    readonly indexer: Reactor,
  ) {
    super([indexer], [], true);
  }
}

export function serviceDeskCustomerContactProviders(config: ServiceDeskConfig): Provider[] {
  return [
    backgroundWorkProvider(ServiceDeskCustomerContacts, async (deps) => {
      const index = new CustomerContactIndex(deps.pool, config.masterKeys);
      await index.migrate();
      const contacts = customerFactsStore(deps.rawStore, deps.pool, config.masterKeys);
      return new ServiceDeskCustomerContacts(
        index,
        await deps.reactor(customerContactIndexer(index, contacts)),
      );
    }),
  ];
}
