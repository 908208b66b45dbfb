// Builds and starts the service-desk gRPC microservice (used by main.ts and the integration tests),
// with the gRPC health service on its port and /health, /ready on the HTTP health port.
import {
  SERVICE_DESK_PACKAGE,
  SERVICE_DESK_PROTO_LOADER_OPTIONS,
  SERVICE_DESK_PROTO_PATH,
  SERVICE_DESK_SERVICE_NAME,
} from '@crm/contracts/service-desk-grpc';
import { GrpcServiceHealth } from '@crm/grpc-service';
import { startHealthServer, type HealthServer } from '@crm/messaging';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import type { ServiceDeskConfig } from './config/service-desk.config';
import { ServiceDeskModule } from './service-desk.module';

export interface RunningServiceDeskService {
  readonly app: INestMicroservice;
  readonly grpcAddress: string;
  readonly healthPort: number;
  stop(): Promise<void>;
}

export async function startServiceDeskService(
  config: ServiceDeskConfig,
  logger: Logger,
  runtime?: RuntimeDependencies,
): Promise<RunningServiceDeskService> {
  const pool = new Pool({ connectionString: config.postgresUrl, max: config.pgPoolSize });
  pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL client failed'));
  const health = new GrpcServiceHealth(pool, SERVICE_DESK_SERVICE_NAME);
  const grpcAddress = `${config.grpcHost}:${config.grpcPort}`;
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(
    ServiceDeskModule.forRoot(config, { logger, pool, ...(runtime ? { runtime } : {}) }),
    {
      transport: Transport.GRPC,
      logger: ['error', 'warn'],
      options: {
        package: SERVICE_DESK_PACKAGE,
        protoPath: SERVICE_DESK_PROTO_PATH,
        url: grpcAddress,
        loader: SERVICE_DESK_PROTO_LOADER_OPTIONS,
        gracefulShutdown: true,
        onLoadPackageDefinition: (_pkg: unknown, server: unknown) =>
          health.addGrpcHealthService(server as never),
      },
    },
  );
  await app.listen();
  let healthServer: HealthServer | undefined;
  try {
    healthServer = await startHealthServer({
      port: config.healthPort,
      host: '127.0.0.1',
      health: async () => ({ ok: true, details: { service: 'service-desk' } }),
      ready: () => health.ready(),
    });
  } catch (error) {
    await app.close();
    throw error;
  }
  logger.info(
    { grpc: grpcAddress, healthPort: healthServer.port },
    'service-desk service listening',
  );
  return {
    app,
    grpcAddress,
    healthPort: healthServer.port,
    stop: async () => {
      health.markStopping();
      await healthServer?.close();
      await app.close();
    },
  };
}
