// Auditing: signed checkpoints over global-position ranges and whole-log integrity verification.
// See docs/auditing.md and ADR 0095.
export * from './merkle-tree';
export * from './checkpoint';
export * from './checkpoint-keys';
export * from './checkpoint.migration';
export * from './checkpointer';
export * from './audit-source';
export * from './postgres-audit.source';
export * from './chain-hashing-pool';
export * from './integrity-audit';
export * from './stored-log-json';
