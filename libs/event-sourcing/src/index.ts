// Event-sourcing core: envelope, decider runtime, EventStore port and adapters.
export * from './envelope';
export * from './envelope.schema';
export * from './stream-id';
export * from './errors/event-store-errors';
export * from './event-store';
export * from './decider';
export * from './clock';
export * from './clock-platform';
export * from './append-preparation';
export * from './event-types/event-type-registry';
export * from './upcasting/upcaster-registry';
export * from './integrity/event-hash';
export * from './serialisation/canonical-json';
export * from './serialisation/payload-serialiser';
export * from './personal-data';
export * from './aggregate-loader';
export * from './command-handler';
export * from './temporal/load-state-at';
export * from './snapshots';
export * from './expected-version';
export * from './subscriptions/polling-subscription';
export * from './postgres/postgres-event-store';
export * from './postgres/session-bounds';
export {
  migrateEventStore,
  loadMigrations,
  EVENT_STORE_MIGRATIONS_DIR,
} from './postgres/migrations';
export type { Migration, MigrationRun } from './postgres/migrations';
export * from './in-memory/in-memory-event-store';
export * from './kurrentdb';
export * from './audit';
