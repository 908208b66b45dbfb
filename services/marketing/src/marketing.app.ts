// Builds and starts the Marketing gRPC microservice (used by main.ts and the integration tests), with
// the gRPC health service on its port and /health, /ready, /metrics on the HTTP health port.
import {
  MARKETING_PROTO_LOADER_OPTIONS,
  MARKETING_PROTO_PATH,
  MARKETING_SERVICE_NAME,
} from '@crm/contracts/marketing-grpc';
import { startGrpcService, type RunningGrpcService } from '@crm/grpc-service';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import type { MarketingConfig } from './config/marketing.config';
import { MarketingModule } from './marketing.module';

export type RunningMarketingService = RunningGrpcService;

export function startMarketingService(
  config: MarketingConfig,
  logger: Logger,
  runtime?: RuntimeDependencies,
): Promise<RunningMarketingService> {
  const pool = new Pool({ connectionString: config.postgresUrl, max: config.pgPoolSize });
  return startGrpcService({
    name: 'marketing',
    module: MarketingModule.forRoot(config, { logger, pool, ...(runtime ? { runtime } : {}) }),
    pool,
    logger,
    grpc: {
      package: 'crm.marketing.v1',
      serviceName: MARKETING_SERVICE_NAME,
      protoPath: MARKETING_PROTO_PATH,
      loader: MARKETING_PROTO_LOADER_OPTIONS,
    },
    grpcHost: config.grpcHost,
    grpcPort: config.grpcPort,
    healthPort: config.healthPort,
  });
}
