// Every projection this worker app runs. Adding one = its file next to this one
// (`<context>/<read-model>.projection.ts`, exporting a defineProjection(...)) and one line below.
import type { EventStore, PostgresEventStore } from '@crm/event-sourcing';
import type { ProjectionDefinition } from '@crm/read-models';

export const PROJECTIONS: readonly ProjectionDefinition[] = [
  // ...CUSTOMER_PROJECTIONS,
];

/**
 * The event store view a projection reads (rebuilds and `source: 'store'`). Default: the raw
 * store. A context whose projections need decrypted personal data returns its decrypting view.
 */
export type ProjectionStoreFactory = (
  definition: ProjectionDefinition,
  store: PostgresEventStore,
) => EventStore | Promise<EventStore>;

export const projectionStore: ProjectionStoreFactory = (_definition, store) => store;
