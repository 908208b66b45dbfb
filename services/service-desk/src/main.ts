// The service-desk service: gRPC (crm.service_desk.v1.ServiceDeskService) on 127.0.0.1:$CRM_SERVICE_DESK_GRPC_PORT.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/service-desk/src/main.ts
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import 'reflect-metadata';
import { ConfigError } from '@crm/messaging';
import { loadServiceDeskConfig, type ServiceDeskConfig } from './config/service-desk.config';
import { startServiceDeskService } from './service-desk.app';
import { createServiceDeskLogger } from './logging/service-desk-logger';

async function main(): Promise<void> {
  let config: ServiceDeskConfig;
  try {
    config = loadServiceDeskConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createServiceDeskLogger(config);
  const service = await startServiceDeskService(config, logger);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping service-desk service');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'service-desk service did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
