// Wires one relay process: event store (read side only), Kafka, topic provisioner, contract gate,
// leader election, lag and the /health + /ready probes. main.ts only reads config and signals.
import { ContractValidator, platformContracts, topicForContext } from '@crm/contracts';
import { PostgresEventStore } from '@crm/event-sourcing';
import {
  ContractGate,
  PostgresStoreHead,
  RelayCheckpointRepository,
  RelayNode,
  TopicProvisioner,
  createKafkaClient,
  startHealthServer,
} from '@crm/messaging';
import type { HealthServer, Logger, RelayHealth } from '@crm/messaging';
import { metricsExposition, platformMetrics, relayBatchPublished } from '@crm/observability';
import type { RelayConfig } from './relay.config';

export interface RelayApp {
  readonly node: RelayNode;
  readonly health: HealthServer;
  stop(): Promise<void>;
}

/** Kafka failures in a row after which the leader reports not ready. */
const UNREADY_AFTER_FAILED_SENDS = 3;

export async function startRelayApp(config: RelayConfig, logger: Logger): Promise<RelayApp> {
  // The relay reads stored envelopes exactly as written (no upcasting: `eventTypes: []`), so the
  // published hash still matches the published payload. It never appends, and it never migrates
  // the store (the services that write own that).
  const store = await PostgresEventStore.create({
    connectionString: config.postgresUrl,
    eventTypes: [],
    migrate: false,
    readBatchSize: config.batchSize,
    poolConfig: { max: 4 },
  });
  const kafka = createKafkaClient({
    brokers: config.kafkaBrokers,
    clientId: `crm-relay-${config.relayName}`,
    logger,
  });
  const provisioner = new TopicProvisioner(
    kafka,
    {
      partitions: config.topicPartitions,
      retentionMs: config.topicRetentionMs,
      replicationFactor: config.topicReplicationFactor,
      allowPartitionIncrease: config.allowPartitionIncrease,
    },
    logger,
  );
  const contracts = platformContracts();
  const node = new RelayNode({
    store,
    kafka,
    provisioner,
    logger,
    postgresUrl: config.postgresUrl,
    db: store.pool,
    storeHead: new PostgresStoreHead(store.pool),
    checkpoints: new RelayCheckpointRepository(config.relayName),
    topicNamespace: config.topicNamespace,
    topicsAtStartup: contracts
      .contexts()
      .map((c) => topicForContext(c.context, config.topicNamespace)),
    batchSize: config.batchSize,
    contractGate: new ContractGate(config.contractGate, new ContractValidator(contracts), logger),
    leaderPollIntervalMs: config.leaderPollIntervalMs,
    // Publish rate, batch latency and a `publish <type>` span per event (docs/operations/).
    onPublished: (events, startedAt, started) =>
      relayBatchPublished(config.relayName, events, startedAt, started),
  });
  await node.start();
  const stopLag = platformMetrics().relayLag.add(() => {
    const lag = node.health().lag;
    return lag === undefined || lag === null
      ? []
      : [{ labels: { relay: config.relayName }, value: lag }];
  });
  const health = await startHealthServer({
    host: config.healthHost,
    port: config.healthPort,
    health: () => ({ ok: true, details: describe(node.health()) }),
    ready: () => {
      const h = node.health();
      const ok =
        h.role === 'standby' ||
        (h.role === 'leader' &&
          h.relay.running &&
          h.relay.failedAttempts < UNREADY_AFTER_FAILED_SENDS);
      return { ok, details: describe(h) };
    },
    metrics: metricsExposition,
  });
  logger.info({ healthPort: health.port, relayName: config.relayName }, 'relay process started');
  return {
    node,
    health,
    stop: async () => {
      stopLag();
      await node.stop();
      await health.close();
      await store.close();
    },
  };
}

function describe(h: RelayHealth): Record<string, unknown> {
  return {
    role: h.role,
    running: h.relay.running,
    checkpoint: h.checkpoint ?? h.relay.checkpoint,
    storeHead: h.storeHead,
    lag: h.lag,
    lagMeasuredAt: h.lagMeasuredAt,
    publishedEvents: h.relay.publishedEvents,
    failedAttempts: h.relay.failedAttempts,
    lastPublishedAt: h.relay.lastPublishedAt?.toISOString(),
    lastError: h.lastError,
  };
}
