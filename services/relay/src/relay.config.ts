// The relay's configuration: ONE schema, validated once at boot; a bad variable stops the process
// with a message naming it. Connection defaults match infra/local/env.sh (local servers only).
import { DEFAULT_TOPIC_PARTITIONS, DEFAULT_TOPIC_RETENTION_MS } from '@crm/contracts';
import { EnvReader } from '@crm/messaging';
import type { ContractGateMode, Env } from '@crm/messaging';
import { readObservabilityConfig, type ObservabilityConfig } from '@crm/observability';

export interface RelayConfig {
  readonly postgresUrl: string;
  readonly kafkaBrokers: readonly string[];
  /** Names the checkpoint row and the leader lock: instances with the same name form one relay. */
  readonly relayName: string;
  readonly batchSize: number;
  readonly topicNamespace: string;
  readonly topicPartitions: number;
  readonly topicRetentionMs: number;
  readonly topicReplicationFactor: number;
  readonly allowPartitionIncrease: boolean;
  readonly contractGate: ContractGateMode;
  readonly leaderPollIntervalMs: number;
  readonly healthHost: string;
  readonly healthPort: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Traces exporter and sampling (docs/operations/tracing.md). */
  readonly observability: ObservabilityConfig;
}

export function loadRelayConfig(env: Env): RelayConfig {
  const read = new EnvReader(env);
  const observability = readObservabilityConfig(env);
  read.problems.push(...observability.problems);
  const config: RelayConfig = {
    postgresUrl: read.url('CRM_POSTGRES_URL', 'postgres://crm:crm@127.0.0.1:55432/crm', [
      'postgres',
      'postgresql',
    ]),
    kafkaBrokers: read.brokers('CRM_KAFKA_BROKERS', '127.0.0.1:59092'),
    relayName: read.string(
      'CRM_RELAY_NAME',
      'default',
      /^[a-z0-9][a-z0-9._-]{0,62}$/,
      'lower-case letters, digits, . _ -',
    ),
    batchSize: read.integer('CRM_RELAY_BATCH_SIZE', 500, 1, 10_000),
    topicNamespace: read.string(
      'CRM_TOPIC_NAMESPACE',
      '',
      /^([A-Za-z0-9._-]{0,100})$/,
      'a topic-name prefix such as "staging."',
    ),
    topicPartitions: read.integer('CRM_TOPIC_PARTITIONS', DEFAULT_TOPIC_PARTITIONS, 1, 1000),
    topicRetentionMs: read.integer('CRM_TOPIC_RETENTION_MS', DEFAULT_TOPIC_RETENTION_MS, -1),
    topicReplicationFactor: read.integer('CRM_TOPIC_REPLICATION_FACTOR', 1, 1, 10),
    allowPartitionIncrease: read.boolean('CRM_TOPIC_ALLOW_PARTITION_INCREASE', false),
    contractGate: read.oneOf<ContractGateMode>('CRM_RELAY_CONTRACTS', 'warn', [
      'off',
      'warn',
      'enforce',
    ]),
    leaderPollIntervalMs: read.integer('CRM_RELAY_LEADER_POLL_MS', 1000, 50, 60_000),
    healthHost: read.string('CRM_RELAY_HEALTH_HOST', '127.0.0.1'),
    healthPort: read.integer('CRM_RELAY_HEALTH_PORT', 9101, 0, 65_535),
    logLevel: read.oneOf('CRM_LOG_LEVEL', 'info', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ] as const),
    observability: observability.config,
  };
  read.done('relay');
  return config;
}
