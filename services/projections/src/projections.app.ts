// The worker process: one ProjectionRunner per projection, /health (status and lag of each) and
// /ready (every projection live, none halted). main.ts passes the catalogue; tests pass their own.
import { startHealthServer } from '@crm/messaging';
import type { HealthServer, Logger } from '@crm/messaging';
import {
  metricsExposition,
  platformMetrics,
  projectionBatchApplied,
  type Sample,
} from '@crm/observability';
import {
  ProjectionRunner,
  SharedAliasReader,
  SharedStoreReader,
  consumerGroupOf,
} from '@crm/read-models';
import type { GlobalLogSource, ProjectionDefinition, RunnerStatus } from '@crm/read-models';
import type { ProjectionStoreFactory } from './projection-catalogue';
import { openProjectionInfrastructure } from './projection-infrastructure';
import type { ProjectionsConfig } from './projections.config';
import { startReportRollupWorker } from './reports/report-rollups.worker';

export interface ProjectionsApp {
  readonly runners: readonly ProjectionRunner[];
  readonly health: HealthServer;
  status(): RunnerStatus[];
  stop(): Promise<void>;
}

export async function startProjectionsApp(
  config: ProjectionsConfig,
  catalogue: readonly ProjectionDefinition[],
  logger: Logger,
  storeFor: ProjectionStoreFactory = (_definition, store) => store,
): Promise<ProjectionsApp> {
  const definitions =
    config.only.length > 0 ? catalogue.filter((d) => config.only.includes(d.name)) : catalogue;
  const infra = await openProjectionInfrastructure(config, logger, 'crm-projections');
  // One reader of the global log and one alias read per interval for all runners (ADR 0430).
  const storeReader = sharedStoreReader(definitions, config, logger, infra.store);
  const aliases = new SharedAliasReader(infra.connection, config.pollIntervalMs);
  const sharedStore = storeReader.sharing(infra.store);
  const stores = await Promise.all(
    definitions.map(async (definition) => storeFor(definition, sharedStore, config.masterKeys)),
  );
  const runners = definitions.map(
    (definition, index) =>
      new ProjectionRunner(definition, {
        connection: infra.connection,
        store: stores[index]!,
        storeHead: infra.storeHead,
        kafka: infra.kafka,
        logger,
        topicNamespace: config.topicNamespace,
        batchSize: config.batchSize,
        pollIntervalMs: config.pollIntervalMs,
        partitionsConsumedConcurrently: config.partitionsConsumedConcurrently,
        // Apply rate, batch latency, event age and a span per event (docs/operations/).
        onApplied: projectionBatchApplied,
        aliasOf: aliases.alias,
      }),
  );
  const abort = new AbortController();
  const running = Promise.all(runners.map((runner) => runner.run(abort.signal)));
  const status = (): RunnerStatus[] => runners.map((r) => r.status());
  const stopLagMetrics = registerLagMetrics(runners, config.topicNamespace);
  const rollups =
    config.reportRollupMs > 0
      ? startReportRollupWorker(infra.connection, config.reportRollupMs, logger)
      : undefined;
  const health = await startHealthServer({
    host: config.healthHost,
    port: config.healthPort,
    health: () => ({ ok: true, details: { projections: status() } }),
    ready: () => {
      const all = status();
      return {
        ok: all.every((s) => s.phase === 'live' && s.halted.length === 0),
        details: { projections: all },
      };
    },
    metrics: metricsExposition,
  });
  logger.info(
    { projections: definitions.map((d) => `${d.name}.v${d.version}`), healthPort: health.port },
    'projection workers started',
  );
  return {
    runners,
    health,
    status,
    stop: async () => {
      stopLagMetrics();
      await rollups?.stop();
      abort.abort();
      await running;
      await storeReader.close();
      await health.close();
      await infra.close();
    },
  };
}

/** The worker's one reader of the global log, reading the types of all its store projections. */
function sharedStoreReader(
  definitions: readonly ProjectionDefinition[],
  config: ProjectionsConfig,
  logger: Logger,
  store: GlobalLogSource,
): SharedStoreReader {
  const storeSourced = definitions.filter((d) => (d.source ?? 'kafka') === 'store');
  return new SharedStoreReader(store, {
    eventTypes: [...new Set(storeSourced.flatMap((d) => d.eventTypes))].sort(),
    batchSize: config.batchSize,
    pollIntervalMs: config.pollIntervalMs,
    logger,
  });
}

/** Lag per read model and, for Kafka-fed ones, of their consumer group, read at scrape time. */
function registerLagMetrics(
  runners: readonly ProjectionRunner[],
  topicNamespace: string,
): () => void {
  const metrics = platformMetrics();
  const lagOf = (runner: ProjectionRunner): RunnerStatus | undefined => {
    const status = runner.status();
    return status.lag === undefined ? undefined : status;
  };
  const stopProjectionLag = metrics.projectionLag.add(() =>
    runners.flatMap((runner): Sample[] => {
      const status = lagOf(runner);
      return status
        ? [{ labels: { projection: status.projection, source: status.source }, value: status.lag! }]
        : [];
    }),
  );
  const stopConsumerLag = metrics.kafkaConsumerLag.add(() =>
    runners.flatMap((runner): Sample[] => {
      const status = lagOf(runner);
      return status?.source === 'kafka' && status.phase !== 'building'
        ? [
            {
              labels: { group: consumerGroupOf(runner.definition, topicNamespace) },
              value: status.lag!,
            },
          ]
        : [];
    }),
  );
  return () => {
    stopProjectionLag();
    stopConsumerLag();
  };
}
