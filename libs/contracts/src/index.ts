// Public event contracts shared with integrations: JSON Schemas per event type and version, the
// registry that serves them, a validator, topic names and the AsyncAPI generator.
export * from './event-contract';
export * from './envelope-contract.schema';
export * from './contract-errors';
export * from './contract-registry';
export * from './contract-validator';
export * from './message-schema';
export * from './topic-naming';
export * from './topic-defaults';
export * from './contexts';
export * from './default-registry';
export * from './asyncapi/asyncapi-document';
export * from './store-event-types';
