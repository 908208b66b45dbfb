// How a context's config reads the settings of an inbound topic (InboundTopicConsumer): an on/off
// switch (on by default), the topic and consumer group under CRM_TOPIC_NAMESPACE, the tenant of
// messages that name none, and the shared broker and topic settings.
import { DEFAULT_TOPIC_PARTITIONS, DEFAULT_TOPIC_RETENTION_MS } from '@crm/contracts';
import type { EnvReader } from '../config/env-reader';
import type { InboundTopicSettings } from './inbound-topic';

export interface InboundTopicEnv {
  /** The on/off switch, e.g. `CRM_MARKETING_INBOUND_BOUNCES`. */
  readonly switch: string;
  /** The default tenant's variable, e.g. `CRM_MARKETING_INBOUND_DEFAULT_TENANT`. */
  readonly defaultTenant: string;
  /** The topic's name without namespace (the contract's constant). */
  readonly topic: string;
  /** The consumer group without namespace, e.g. `marketing.bounce-intake`. */
  readonly groupId: string;
}

/** The inbound topic's settings, or undefined when its switch is off. Problems go to `read`. */
export function readInboundTopicSettings(
  read: EnvReader,
  names: InboundTopicEnv,
): InboundTopicSettings | undefined {
  if (read.oneOf(names.switch, 'on', ['on', 'off'] as const) === 'off') return undefined;
  const namespace = read.string(
    'CRM_TOPIC_NAMESPACE',
    '',
    /^([A-Za-z0-9._-]{0,100})$/,
    'a topic-name prefix such as "staging."',
  );
  return {
    brokers: read.brokers('CRM_KAFKA_BROKERS', '127.0.0.1:59092'),
    topic: `${namespace}${names.topic}`,
    groupId: `${namespace}${names.groupId}`,
    defaultTenantId: read.string(
      names.defaultTenant,
      'demo',
      /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
      'a tenant id',
    ),
    partitions: read.integer('CRM_TOPIC_PARTITIONS', DEFAULT_TOPIC_PARTITIONS, 1, 1000),
    retentionMs: read.integer('CRM_TOPIC_RETENTION_MS', DEFAULT_TOPIC_RETENTION_MS, -1),
  };
}
