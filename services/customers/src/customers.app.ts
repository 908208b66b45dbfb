// Builds and starts the Customers gRPC microservice (used by main.ts and the integration tests).
import {
  CUSTOMERS_PROTO_LOADER_OPTIONS,
  CUSTOMERS_PROTO_PATH,
} from '@crm/contracts/customers-grpc';
import { startHealthServer, type HealthServer } from '@crm/messaging';
import { metricsExposition, watchReactorLag } from '@crm/observability';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import type { CustomersConfig } from './config/customers.config';
import { CustomersHealth } from './health/customers-health';
import { CustomersModule } from './customers.module';
import { CustomersReactors } from './reactors/customers-reactors';

// One definition of the proto path and loader options for the service, the gateway and the
// type generator (the generated request types are only true for these options).
export { CUSTOMERS_PROTO_LOADER_OPTIONS, CUSTOMERS_PROTO_PATH };

export interface RunningCustomersService {
  readonly app: INestMicroservice;
  readonly grpcAddress: string;
  readonly healthPort: number;
  stop(): Promise<void>;
}

export async function startCustomersService(
  config: CustomersConfig,
  logger: Logger,
): Promise<RunningCustomersService> {
  const pool = new Pool({ connectionString: config.postgresUrl, max: config.pgPoolSize });
  const health = new CustomersHealth(pool);
  const grpcAddress = `${config.grpcHost}:${config.grpcPort}`;
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(
    CustomersModule.forRoot(config, { logger, health, pool }),
    {
      transport: Transport.GRPC,
      logger: ['error', 'warn'],
      options: {
        package: 'crm.customers.v1',
        protoPath: CUSTOMERS_PROTO_PATH,
        url: grpcAddress,
        loader: CUSTOMERS_PROTO_LOADER_OPTIONS,
        gracefulShutdown: true,
        onLoadPackageDefinition: (_pkg: unknown, server: unknown) =>
          health.addGrpcHealthService(server as never),
      },
    },
  );
  await app.listen();
  const reactors = app.get(CustomersReactors);
  const stopReactorLag = watchReactorLag(() => reactors.status());
  let healthServer: HealthServer | undefined;
  try {
    healthServer = await startHealthServer({
      port: config.healthPort,
      host: '127.0.0.1',
      health: async () => ({
        ok: true,
        details: { service: 'customers', reactors: await reactors.status() },
      }),
      ready: () => health.ready(),
      metrics: metricsExposition,
    });
  } catch (error) {
    await app.close();
    throw error;
  }
  logger.info({ grpc: grpcAddress, healthPort: healthServer.port }, 'customers service listening');
  return {
    app,
    grpcAddress,
    healthPort: healthServer.port,
    stop: async () => {
      stopReactorLag();
      health.markStopping();
      await healthServer?.close();
      await app.close();
    },
  };
}
