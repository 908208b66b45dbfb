// The connections a projection process needs (worker or CLI): MongoDB (waits while it is down),
// the event store read side, its head, and Kafka. One place so both entry points agree.
import { PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead, createKafkaClient } from '@crm/messaging';
import type { Logger, StoreHead } from '@crm/messaging';
import { connectMongo } from '@crm/read-models';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { ProjectionsConfig } from './projections.config';

export interface ProjectionInfrastructure {
  readonly connection: Connection;
  readonly store: PostgresEventStore;
  readonly storeHead: StoreHead;
  readonly kafka: Kafka;
  close(): Promise<void>;
}

export async function openProjectionInfrastructure(
  config: Pick<ProjectionsConfig, 'postgresUrl' | 'kafkaBrokers' | 'mongoUrl' | 'batchSize'>,
  logger: Logger,
  clientId: string,
): Promise<ProjectionInfrastructure> {
  // Read side only: stored envelopes as written (projections upcast themselves), no migrations.
  const store = await PostgresEventStore.create({
    connectionString: config.postgresUrl,
    eventTypes: [],
    migrate: false,
    readBatchSize: config.batchSize,
    poolConfig: { max: 4 },
  });
  const connection = await connectMongo(config.mongoUrl, { logger });
  const kafka = createKafkaClient({ brokers: config.kafkaBrokers, clientId, logger });
  return {
    connection,
    store,
    storeHead: new PostgresStoreHead(store.pool),
    kafka,
    close: async () => {
      await connection.close().catch(() => undefined);
      await store.close();
    },
  };
}
