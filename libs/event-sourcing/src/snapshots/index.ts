// Aggregate snapshots: a cache of stream folds that shortens loads without changing their result.
export * from './snapshot';
export * from './snapshot.store';
export * from './in-memory-snapshot.store';
export * from './postgres-snapshot.store';
export * from './snapshot.migration';
export * from './snapshot-state.codec';
export * from './snapshot-interval';
export * from './observed-event.store';
export * from './aggregate-snapshotter';
