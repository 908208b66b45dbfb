// Builds and starts the Customers gRPC microservice (used by main.ts and the integration tests),
// with the gRPC health service on its port and /health (with the reactors), /ready and /metrics
// (with the reactors' lag) on the HTTP health port.
import {
  CUSTOMERS_PROTO_LOADER_OPTIONS,
  CUSTOMERS_PROTO_PATH,
} from '@crm/contracts/customers-grpc';
import { startGrpcService, type RunningGrpcService } from '@crm/grpc-service';
import { watchReactorLag } from '@crm/observability';
import { createPostgresPool } from '@crm/event-sourcing';
import type { Logger } from 'pino';
import type { CustomersConfig } from './config/customers.config';
import { CUSTOMERS_SERVICE_NAME, CustomersHealth } from './health/customers-health';
import { CustomersModule } from './customers.module';
import { CustomersReactors } from './reactors/customers-reactors';

// One definition of the proto path and loader options for the service, the gateway and the
// type generator (the generated request types are only true for these options).
export { CUSTOMERS_PROTO_LOADER_OPTIONS, CUSTOMERS_PROTO_PATH };

export type RunningCustomersService = RunningGrpcService;

export function startCustomersService(
  config: CustomersConfig,
  logger: Logger,
): Promise<RunningCustomersService> {
  const pool = createPostgresPool({ connectionString: config.postgresUrl, max: config.pgPoolSize });
  const health = new CustomersHealth(pool);
  return startGrpcService({
    name: 'customers',
    module: CustomersModule.forRoot(config, { logger, health, pool }),
    pool,
    logger,
    health,
    grpc: {
      package: 'crm.customers.v1',
      serviceName: CUSTOMERS_SERVICE_NAME,
      protoPath: CUSTOMERS_PROTO_PATH,
      loader: CUSTOMERS_PROTO_LOADER_OPTIONS,
    },
    grpcHost: config.grpcHost,
    grpcPort: config.grpcPort,
    healthPort: config.healthPort,
    healthDetails: async (app) => ({ reactors: await app.get(CustomersReactors).status() }),
    workerMetrics: (app) => {
      const reactors = app.get(CustomersReactors);
      return [watchReactorLag(() => reactors.status())];
    },
  });
}
