// Test helpers of the messaging library (import from '@crm/messaging/testing' in specs only).
export * from './sample-events';
export * from './topic-reader';
export * from './child-process';
export * from './infra-control';
export * from './test-relay-node';
