// The Loyalty service: gRPC (crm.loyalty.v1.LoyaltyService) on 127.0.0.1:$CRM_LOYALTY_GRPC_PORT.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/loyalty/src/main.ts
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import 'reflect-metadata';
import { ConfigError } from '@crm/messaging';
import pino from 'pino';
import { loadLoyaltyConfig, type LoyaltyConfig } from './config/loyalty.config';
import { startLoyaltyService } from './loyalty.app';

async function main(): Promise<void> {
  let config: LoyaltyConfig;
  try {
    config = loadLoyaltyConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({
    level: config.logLevel,
    base: { service: 'loyalty' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  const service = await startLoyaltyService(config, logger);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping loyalty service');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'loyalty service did not stop cleanly');
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
