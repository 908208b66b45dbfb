// Every projection this worker app runs. Adding one = its file next to this one
// (`<context>/<read-model>.projection.ts`, exporting a defineProjection(...)) and one line below.
import { loadMasterKeyRing } from '@crm/event-sourcing';
import type { EventStore, PostgresEventStore } from '@crm/event-sourcing';
import { customersDecryptingStore } from '@crm/customers-read-models';
import type { ProjectionDefinition } from '@crm/read-models';
import { CUSTOMER_PROJECTIONS, isCustomerProjection } from './customers';

export const PROJECTIONS: readonly ProjectionDefinition[] = [...CUSTOMER_PROJECTIONS];

/**
 * The event store view a projection reads (rebuilds and `source: 'store'`). Default: the raw
 * store. A context whose projections need decrypted personal data returns its decrypting view.
 */
export type ProjectionStoreFactory = (
  definition: ProjectionDefinition,
  store: PostgresEventStore,
) => EventStore | Promise<EventStore>;

export const projectionStore: ProjectionStoreFactory = (definition, store) =>
  // Customer projections read personal fields in clear while the person's key exists, so the
  // worker needs CRM_MASTER_KEY (checked here, at start-up, with a message naming the variable).
  isCustomerProjection(definition)
    ? customersDecryptingStore(store, store.pool, loadMasterKeyRing(process.env))
    : store;
