// The Loyalty service: gRPC (crm.loyalty.v1.LoyaltyService) on 127.0.0.1:$CRM_LOYALTY_GRPC_PORT.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/loyalty/src/main.ts
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import 'reflect-metadata';
import { serviceMain } from '@crm/grpc-service';
import pino from 'pino';
import { loadLoyaltyConfig, type LoyaltyConfig } from './config/loyalty.config';
import { startLoyaltyService } from './loyalty.app';

const createLoyaltyLogger = (config: LoyaltyConfig) =>
  pino({
    level: config.logLevel,
    base: { service: 'loyalty' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });

serviceMain({
  name: 'loyalty',
  loadConfig: loadLoyaltyConfig,
  createLogger: createLoyaltyLogger,
  start: (config, logger) => startLoyaltyService(config, logger),
});
