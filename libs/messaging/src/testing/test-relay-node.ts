// Test-only: a relay node with the settings int tests share (3 partitions, 1 h retention, fast
// leader and lag polling, silent logs), on a given store, Kafka client and topic namespace.
import type { PostgresEventStore } from '@crm/event-sourcing';
import type { Kafka } from 'kafkajs';
import { silentLogger } from '../logger';
import { RelayCheckpointRepository } from '../relay/relay-checkpoint.repository';
import { RelayNode } from '../relay/relay-node';
import { PostgresStoreHead } from '../relay/store-head';
import { TopicProvisioner } from '../topics/topic-provisioner';

export interface TestRelayNodeOptions {
  readonly store: PostgresEventStore;
  readonly kafka: Kafka;
  readonly postgresUrl: string;
  /** The relay's name: its checkpoint row in messaging.relay_checkpoints. */
  readonly name: string;
  readonly topicNamespace: string;
  readonly topicsAtStartup: readonly string[];
  readonly partitions?: number;
  readonly batchSize?: number;
}

export function testRelayNode(options: TestRelayNodeOptions): RelayNode {
  const { store, kafka } = options;
  return new RelayNode({
    store,
    kafka,
    logger: silentLogger,
    postgresUrl: options.postgresUrl,
    db: store.pool,
    storeHead: new PostgresStoreHead(store.pool),
    checkpoints: new RelayCheckpointRepository(options.name),
    provisioner: new TopicProvisioner(
      kafka,
      {
        partitions: options.partitions ?? 3,
        retentionMs: 3_600_000,
        replicationFactor: 1,
        allowPartitionIncrease: false,
      },
      silentLogger,
    ),
    topicNamespace: options.topicNamespace,
    topicsAtStartup: [...options.topicsAtStartup],
    batchSize: options.batchSize ?? 200,
    leaderPollIntervalMs: 100,
    lagIntervalMs: 100,
  });
}
