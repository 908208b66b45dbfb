// Wiring of the desk's customer contact index (the shared one of @crm/reactors, ADR 0325, in the
// schema `service_desk_customers`): its tables and the indexer reactor, run whenever the service
// runs (mail intake links senders by e-mail, OpenTicket links callers by phone).
import { CustomerContactIndex, customerContactIndexer, type Reactor } from '@crm/reactors';
import type { Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import type { ServiceDeskConfig } from '../config/service-desk.config';
import { BackgroundWork, backgroundWorkProvider } from '../infrastructure/background-work';
import { customerFactsStore } from './customer-personal-data';

// Renamed when the desk moved onto the shared index, so the log is read again from its start.
export const CUSTOMER_CONTACT_INDEXER = 'service-desk.customer-contacts';

/** The desk's index (its own schema and digest space). */
export function serviceDeskCustomerContactIndex(
  pool: Pool,
  config: ServiceDeskConfig,
): CustomerContactIndex {
  return new CustomerContactIndex(pool, config.masterKeys, {
    schema: 'service_desk_customers',
    label: 'service-desk',
  });
}

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
      const index = serviceDeskCustomerContactIndex(deps.pool, config);
      await index.migrate();
      // The desk's own tables before the shared index: digests of personal data that nothing
      // would delete on erasure any more, so they go.
      await deps.pool.query(`DROP TABLE IF EXISTS service_desk_customers.email_digests,
        service_desk_customers.phone_digests`);
      const contacts = customerFactsStore(deps.rawStore, deps.pool, config.masterKeys);
      return new ServiceDeskCustomerContacts(
        index,
        await deps.reactor(customerContactIndexer(CUSTOMER_CONTACT_INDEXER, index, contacts)),
      );
    }),
  ];
}
