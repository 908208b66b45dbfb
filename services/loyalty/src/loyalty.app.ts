// Builds and starts the Loyalty gRPC microservice (used by main.ts and the integration tests), with
// the gRPC health service on its port and /health (with the reactors), /ready (PostgreSQL answers)
// and /metrics (with reactor lag and the loyalty timer backlog when they run) on the health port.
import {
  LOYALTY_PACKAGE,
  LOYALTY_PROTO_LOADER_OPTIONS,
  LOYALTY_PROTO_PATH,
  LOYALTY_SERVICE_NAME,
} from '@crm/contracts/loyalty-grpc';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import { startGrpcService, type RunningGrpcService } from '@crm/grpc-service';
import { watchReactorLag, watchTimerBacklog } from '@crm/observability';
import { ownerTimerBacklog } from '@crm/timers';
import type { Provider } from '@nestjs/common';
import { createPostgresPool } from '@crm/event-sourcing';
import type { Logger } from 'pino';
import type { LoyaltyConfig } from './config/loyalty.config';
import { LoyaltyModule } from './loyalty.module';
import { LOYALTY_RUNTIME } from './loyalty.tokens';
import { LoyaltyWorkers } from './loyalty-workers';
import { LOYALTY_TIMER_OWNER } from './timers/loyalty-timers';

export type RunningLoyaltyService = RunningGrpcService;

export function startLoyaltyService(
  config: LoyaltyConfig,
  logger: Logger,
  options: { runtime?: RuntimeDependencies; providers?: readonly Provider[] } = {},
): Promise<RunningLoyaltyService> {
  const pool = createPostgresPool({ connectionString: config.postgresUrl, max: config.pgPoolSize });
  return startGrpcService({
    name: 'loyalty',
    module: LoyaltyModule.forRoot(config, { logger, pool, ...options }),
    pool,
    logger,
    grpc: {
      package: LOYALTY_PACKAGE,
      serviceName: LOYALTY_SERVICE_NAME,
      protoPath: LOYALTY_PROTO_PATH,
      loader: LOYALTY_PROTO_LOADER_OPTIONS,
    },
    grpcHost: config.grpcHost,
    grpcPort: config.grpcPort,
    healthPort: config.healthPort,
    healthDetails: async (app) => ({ reactors: await app.get(LoyaltyWorkers).status() }),
    workerMetrics: (app) => {
      const workers = app.get(LoyaltyWorkers);
      const clock = app.get<symbol, RuntimeDependencies>(LOYALTY_RUNTIME);
      return [
        ...(config.reactors ? [watchReactorLag(() => workers.status())] : []),
        ...(config.timers
          ? [watchTimerBacklog(() => ownerTimerBacklog(pool, LOYALTY_TIMER_OWNER, clock.now()))]
          : []),
      ];
    },
  });
}
