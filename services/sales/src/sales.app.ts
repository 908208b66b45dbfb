// Builds and starts the Sales gRPC microservice (used by main.ts and the integration tests), with
// the gRPC health service on its port and /health, /ready, /metrics on the HTTP health port.
import {
  SALES_PROTO_LOADER_OPTIONS,
  SALES_PROTO_PATH,
  SALES_SERVICE_NAME,
} from '@crm/contracts/sales-grpc';
import { startGrpcService, type RunningGrpcService } from '@crm/grpc-service';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import { createPostgresPool } from '@crm/event-sourcing';
import type { Logger } from 'pino';
import type { SalesConfig } from './config/sales.config';
import { SalesModule } from './sales.module';

export type RunningSalesService = RunningGrpcService;

export function startSalesService(
  config: SalesConfig,
  logger: Logger,
  runtime?: RuntimeDependencies,
): Promise<RunningSalesService> {
  const pool = createPostgresPool({ connectionString: config.postgresUrl, max: config.pgPoolSize });
  return startGrpcService({
    name: 'sales',
    module: SalesModule.forRoot(config, { logger, pool, ...(runtime ? { runtime } : {}) }),
    pool,
    logger,
    grpc: {
      package: 'crm.sales.v1',
      serviceName: SALES_SERVICE_NAME,
      protoPath: SALES_PROTO_PATH,
      loader: SALES_PROTO_LOADER_OPTIONS,
    },
    grpcHost: config.grpcHost,
    grpcPort: config.grpcPort,
    healthPort: config.healthPort,
  });
}
