// Builds and starts the service-desk gRPC microservice (used by main.ts and the integration tests),
// with the gRPC health service on its port and /health, /ready, /metrics on the HTTP health port.
// With SLA timers on, /metrics also reports the SLA scheduler's lag and the SLA timer backlog.
import {
  SERVICE_DESK_PACKAGE,
  SERVICE_DESK_PROTO_LOADER_OPTIONS,
  SERVICE_DESK_PROTO_PATH,
  SERVICE_DESK_SERVICE_NAME,
} from '@crm/contracts/service-desk-grpc';
import { startGrpcService, type RunningGrpcService } from '@crm/grpc-service';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import { watchReactorLag, watchTimerBacklog } from '@crm/observability';
import { ownerTimerBacklog } from '@crm/timers';
import { createPostgresPool } from '@crm/event-sourcing';
import type { Logger } from 'pino';
import type { ServiceDeskConfig } from './config/service-desk.config';
import { ServiceDeskModule } from './service-desk.module';
import { SERVICE_DESK_RUNTIME } from './service-desk.tokens';
import { ServiceDeskSlaTimers } from './timers/service-desk-sla-timers';
import { SLA_TIMER_OWNER } from './timers/sla-timers';

export type RunningServiceDeskService = RunningGrpcService;

export function startServiceDeskService(
  config: ServiceDeskConfig,
  logger: Logger,
  runtime?: RuntimeDependencies,
): Promise<RunningServiceDeskService> {
  const pool = createPostgresPool({ connectionString: config.postgresUrl, max: config.pgPoolSize });
  return startGrpcService({
    name: 'service-desk',
    module: ServiceDeskModule.forRoot(config, { logger, pool, ...(runtime ? { runtime } : {}) }),
    pool,
    logger,
    grpc: {
      package: SERVICE_DESK_PACKAGE,
      serviceName: SERVICE_DESK_SERVICE_NAME,
      protoPath: SERVICE_DESK_PROTO_PATH,
      loader: SERVICE_DESK_PROTO_LOADER_OPTIONS,
    },
    grpcHost: config.grpcHost,
    grpcPort: config.grpcPort,
    healthPort: config.healthPort,
    workerMetrics: (app) => {
      if (!config.slaTimers) return [];
      const sla = app.get(ServiceDeskSlaTimers);
      const clock = app.get<symbol, RuntimeDependencies>(SERVICE_DESK_RUNTIME);
      return [
        watchReactorLag(async () => [await sla.scheduler.status()]),
        watchTimerBacklog(() => ownerTimerBacklog(pool, SLA_TIMER_OWNER, clock.now())),
      ];
    },
  });
}
