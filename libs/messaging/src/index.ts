// Messaging: the store → Kafka relay, leader election, topic provisioning, the Kafka wire format
// of events, health probes and the small runtime pieces (backoff, config reading) shared with
// the projection workers.
export * from './logger';
export * from './backoff';
export * from './config/env-reader';
export * from './service-main';
export * from './kafka/kafka-client.factory';
export * from './kafka/event-message.mapper';
export * from './kafka/inbound-topic';
export * from './kafka/inbound-topic-settings';
export * from './topics/topic-provisioner';
export * from './leadership/advisory-lock-leader-election';
export * from './relay/relay-checkpoint.repository';
export * from './relay/store-head';
export * from './relay/contract-gate';
export * from './relay/kafka-relay';
export * from './relay/relay-node';
export * from './health/health-server';
