// Builds and starts a context service's gRPC microservice from its Nest module: the standard gRPC
// health service on the gRPC port, GET /health, /ready and /metrics on the HTTP health port, and
// the scrape-time gauges of its background workers (docs/operations/metrics.md). Stopping marks the
// service not ready, removes the gauges, closes the health port, then the app (its workers and
// gRPC server drain).
import type { INestMicroservice, DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { startHealthServer, type HealthServer } from '@crm/messaging';
import { surviveConnectionLoss } from '@crm/event-sourcing';
import { metricsExposition } from '@crm/observability';
import type { Options as ProtoLoaderOptions } from '@grpc/proto-loader';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { GrpcServiceHealth } from './grpc-service-health';

export interface GrpcServiceDefinition {
  /** The service's name in logs and /health (`sales`). */
  readonly name: string;
  readonly module: DynamicModule;
  readonly pool: Pool;
  readonly logger: Logger;
  readonly grpc: {
    readonly package: string;
    /** Fully qualified, e.g. `crm.sales.v1.SalesService` (for the gRPC health service). */
    readonly serviceName: string;
    readonly protoPath: string;
    readonly loader: ProtoLoaderOptions;
  };
  readonly grpcHost: string;
  readonly grpcPort: number;
  readonly healthPort: number;
  /** The health the module also holds (to mark itself stopping); a new one by default. */
  readonly health?: GrpcServiceHealth;
  /** Extra details of GET /health (e.g. the reactors' statuses). */
  readonly healthDetails?: (app: INestMicroservice) => Promise<Record<string, unknown>>;
  /** Registers the app's worker gauges (watchReactorLag, watchTimerBacklog); returns removers. */
  readonly workerMetrics?: (app: INestMicroservice) => readonly (() => void)[];
}

export interface RunningGrpcService {
  readonly app: INestMicroservice;
  readonly grpcAddress: string;
  readonly healthPort: number;
  stop(): Promise<void>;
}

export async function startGrpcService(
  service: GrpcServiceDefinition,
): Promise<RunningGrpcService> {
  const { pool, logger } = service;
  surviveConnectionLoss(pool, (error) =>
    logger.warn(
      { err: error },
      'a PostgreSQL connection ended; its query fails and the pool replaces it',
    ),
  );
  const health = service.health ?? new GrpcServiceHealth(pool, service.grpc.serviceName);
  const grpcAddress = `${service.grpcHost}:${service.grpcPort}`;
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(service.module, {
    transport: Transport.GRPC,
    logger: ['error', 'warn'],
    options: {
      package: service.grpc.package,
      protoPath: service.grpc.protoPath,
      url: grpcAddress,
      loader: service.grpc.loader,
      gracefulShutdown: true,
      onLoadPackageDefinition: (_pkg: unknown, server: unknown) =>
        health.addGrpcHealthService(server as never),
    },
  });
  await app.listen();
  const removeMetrics = service.workerMetrics?.(app) ?? [];
  let healthServer: HealthServer | undefined;
  try {
    healthServer = await startHealthServer({
      port: service.healthPort,
      host: '127.0.0.1',
      health: async () => ({
        ok: true,
        details: { service: service.name, ...(await service.healthDetails?.(app)) },
      }),
      ready: () => health.ready(),
      metrics: metricsExposition,
    });
  } catch (error) {
    for (const remove of removeMetrics) remove();
    await app.close();
    throw error;
  }
  logger.info(
    { grpc: grpcAddress, healthPort: healthServer.port },
    `${service.name} service listening`,
  );
  return {
    app,
    grpcAddress,
    healthPort: healthServer.port,
    stop: async () => {
      for (const remove of removeMetrics) remove();
      health.markStopping();
      await healthServer?.close();
      await app.close();
    },
  };
}
