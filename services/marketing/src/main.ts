// The Marketing service: gRPC (crm.marketing.v1.MarketingService) on 127.0.0.1:$CRM_MARKETING_GRPC_PORT.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/marketing/src/main.ts
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import 'reflect-metadata';
import { serviceMain } from '@crm/grpc-service';
import { loadMarketingConfig } from './config/marketing.config';
import { createMarketingLogger } from './logging/marketing-logger';
import { startMarketingService } from './marketing.app';

serviceMain({
  name: 'marketing',
  loadConfig: loadMarketingConfig,
  createLogger: createMarketingLogger,
  start: (config, logger) => startMarketingService(config, logger),
});
