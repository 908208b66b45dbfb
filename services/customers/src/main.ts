// The Customers service: gRPC (crm.customers.v1.CustomersService) on 127.0.0.1:$CRM_CUSTOMERS_GRPC_PORT.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/customers/src/main.ts
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import 'reflect-metadata';
import { ConfigError } from '@crm/messaging';
import { startTracing } from '@crm/observability';
import { loadCustomersConfig, type CustomersConfig } from './config/customers.config';
import { startCustomersService } from './customers.app';
import { createCustomersLogger } from './logging/customers-logger';

async function main(): Promise<void> {
  let config: CustomersConfig;
  try {
    config = loadCustomersConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createCustomersLogger(config);
  const tracing = startTracing(config.observability, 'customers');
  const service = await startCustomersService(config, logger);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping customers service');
    service
      .stop()
      .then(() => tracing.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'customers service did not stop cleanly');
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
