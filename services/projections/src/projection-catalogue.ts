// Every projection this worker app runs. Adding one = its file next to this one
// (`<context>/<read-model>.projection.ts`, exporting a defineProjection(...)) and one line below.
import type { EventStore, MasterKeyRing, PostgresEventStore } from '@crm/event-sourcing';
import { customersDecryptingStore } from '@crm/customers-read-models';
import type { ProjectionDefinition } from '@crm/read-models';
import { CUSTOMER_PROJECTIONS, isCustomerProjection } from './customers';
import { LOYALTY_PROJECTIONS } from './loyalty';
import { SALES_PROJECTIONS } from './sales';
import { ticketQueueProjection } from './service-desk/ticket-queue.projection';
import { MARKETING_PROJECTIONS, marketingAudienceProjection } from './marketing';
import { knowledgeBaseProjection } from './service-desk/knowledge-base.projection';
import { satisfactionProjection } from './service-desk/satisfaction.projection';
import { REPORT_PROJECTIONS } from './reports';
import { careTasksProjection } from './service-desk/care-tasks.projection';

export const PROJECTIONS: readonly ProjectionDefinition[] = [
  ...CUSTOMER_PROJECTIONS,
  ...SALES_PROJECTIONS,
  ticketQueueProjection,
  ...LOYALTY_PROJECTIONS,
  ...MARKETING_PROJECTIONS,
  knowledgeBaseProjection,
  satisfactionProjection,
  ...REPORT_PROJECTIONS,
  careTasksProjection,
];

/**
 * The event store view a projection reads (rebuilds and `source: 'store'`). Default: the raw
 * store. A context whose projections need decrypted personal data returns its decrypting view,
 * keyed by the master keys the config schema already read and validated (CRM_MASTER_KEY): the
 * environment is read once, at start-up, not again here.
 */
export type ProjectionStoreFactory = (
  definition: ProjectionDefinition,
  store: PostgresEventStore,
  masterKeys: MasterKeyRing,
) => EventStore | Promise<EventStore>;

export const projectionStore: ProjectionStoreFactory = (definition, store, masterKeys) =>
  // Customer projections read personal fields in clear while the person's key exists.
  isCustomerProjection(definition) || definition.name === marketingAudienceProjection.name
    ? customersDecryptingStore(store, store.pool, masterKeys)
    : store;
