// Personal data and the right to erasure: per-subject data keys wrapped by a master key,
// field encryption of event payloads, crypto-shredding and master key rotation.
// See docs/personal-data.md.
export * from './personal-data.errors';
export * from './master-key';
export * from './master-key.config';
export * from './data-subject';
export * from './data-key.repository';
export * from './in-memory-data-key.repository';
export * from './postgres-data-key.repository';
export * from './personal-data.migration';
export * from './erasure-ledger';
export * from './postgres-erasure-ledger';
export * from './data-key-store';
export * from './master-key-rotation';
export * from './field-path';
export * from './encrypted-field';
export * from './secret-key-object';
export * from './personal-data-cipher';
export * from './random-pool';
export * from './personal-data-policy';
export * from './personal-data-event.store';
export * from './personal-data-snapshot.codec';
