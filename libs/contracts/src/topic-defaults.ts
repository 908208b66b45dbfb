// Default shape of every `crm.<context>.events` topic. The relay provisions topics with these
// unless CRM_TOPIC_PARTITIONS / CRM_TOPIC_RETENTION_MS say otherwise; the AsyncAPI document
// publishes them so integrators know how far back Kafka lets them replay.
export const DEFAULT_TOPIC_PARTITIONS = 6;
/** 7 days: the store is the source of truth; Kafka keeps recent history for integrations to replay. */
export const DEFAULT_TOPIC_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
