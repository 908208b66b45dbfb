// Read models: the projection runtime (definition, idempotent writes, Kafka or store sources,
// checkpoints, lag), rebuilds into versioned collections with an atomic switch, parked (poison)
// events, the MongoDB connection helper, the read side's collection resolver and the wait for an
// applied position (read your own writes).
export * from './projection/read-model-change';
export * from './projection/projection-definition';
export * from './mongo/mongo-connection';
export * from './mongo/mongo-errors';
export * from './mongo/field-key';
export * from './apply/idempotent-writer';
export * from './apply/batched-rebuild-writer';
export * from './apply/projection-applier';
export * from './apply/apply-with-retry';
export * from './parking/parked-event';
export * from './parking/parked-event.repository';
export * from './parking/parked-event-retrier';
export * from './targets/projection-target';
export * from './targets/projection-target.repository';
export * from './targets/read-model-resolver';
export * from './targets/shared-alias-reader';
export * from './rebuild/projection-rebuilder';
export * from './runner/projection-topics';
export * from './runner/store-live-source';
export * from './runner/shared-store-reader';
export * from './runner/kafka-live-source';
export * from './runner/projection-runner';
export * from './runner/projection-status';
export * from './consistency/applied-position-watcher';
