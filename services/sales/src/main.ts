// The Sales service: gRPC (crm.sales.v1.SalesService) on 127.0.0.1:$CRM_SALES_GRPC_PORT.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/sales/src/main.ts
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import 'reflect-metadata';
import { ConfigError } from '@crm/messaging';
import { loadSalesConfig, type SalesConfig } from './config/sales.config';
import { createSalesLogger } from './logging/sales-logger';
import { startSalesService } from './sales.app';

async function main(): Promise<void> {
  let config: SalesConfig;
  try {
    config = loadSalesConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createSalesLogger(config);
  const service = await startSalesService(config, logger);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping sales service');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'sales service did not stop cleanly');
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
