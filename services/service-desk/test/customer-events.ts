// The customers context's public events as it writes them (personal fields encrypted under the
// customer's key), appended to a test service's store so the desk's reactors read them.
import {
  DataKeyStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  PostgresEventStore,
} from '@crm/event-sourcing';
import { v7 as uuidv7 } from 'uuid';
import type { ServiceDeskConfig } from '../src/config/service-desk.config';
import { customerPersonalDataPolicy } from '../src/customers/customer-personal-data';
import { SERVICE_DESK_CONFIG, SERVICE_DESK_PG_POOL } from '../src/service-desk.tokens';
import type { ServiceDeskTestService } from './service-desk-test-service';

const TYPES = [
  'customers.CustomerRegistered',
  'customers.ContactAdded',
  'customers.ContactRemoved',
  'customers.PersonalDataErased',
  'customers.ConsentWithdrawn',
] as const;

export interface CustomerEvents {
  append(
    tenantId: string,
    customerId: string,
    type: (typeof TYPES)[number],
    data: object,
  ): Promise<void>;
  close(): Promise<void>;
}

export async function customerEvents(t: ServiceDeskTestService): Promise<CustomerEvents> {
  const producer = await PostgresEventStore.create({
    connectionString: t.database.url,
    eventTypes: TYPES.map((type) => ({ type, schemaVersion: 1 })),
    poolConfig: { max: 2 },
  });
  const keys = t.service.app.get<symbol, ServiceDeskConfig>(SERVICE_DESK_CONFIG).masterKeys;
  const customers = new PersonalDataEventStore(
    producer,
    new PersonalDataCipher(
      new DataKeyStore({
        repository: new PostgresDataKeyRepository(t.service.app.get(SERVICE_DESK_PG_POOL)),
        masterKeys: keys,
      }),
    ),
    customerPersonalDataPolicy(),
  );
  return {
    async append(tenantId, customerId, type, data) {
      await customers.append(`customers.Customer-${customerId}`, [
        {
          eventId: uuidv7(),
          type,
          tenantId,
          occurredAt: t.clock.now().toISOString(),
          actor: { kind: 'system', name: 'spec' },
          correlationId: uuidv7(),
          causationId: uuidv7(),
          data: { customerId, ...data },
        },
      ]);
    },
    close: () => producer.close(),
  };
}
