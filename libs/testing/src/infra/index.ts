// Test access to the real servers (PostgreSQL, Kafka, MongoDB-wire): see test-infrastructure.ts.
export * from './defaults';
export * from './test-infrastructure';
export * from './throwaway';
export * from './free-port';
export * from './statement-recorder';
