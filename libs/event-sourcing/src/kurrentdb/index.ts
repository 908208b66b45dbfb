// KurrentDB (EventStoreDB) adapter of the EventStore port. See docs/kurrentdb.md.
export * from './kurrentdb.config';
export * from './kurrentdb-event.store';
export * from './kurrentdb-event.mapper';
export * from './kurrentdb-expected-revision';
export * from './kurrentdb-filter';
export * from './kurrentdb-stream-metadata';
export * from './kurrentdb-stream-names';
export * from './kurrentdb-errors';
