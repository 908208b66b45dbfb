// The Sales service: gRPC (crm.sales.v1.SalesService) on 127.0.0.1:$CRM_SALES_GRPC_PORT.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/sales/src/main.ts
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import 'reflect-metadata';
import { serviceMain } from '@crm/grpc-service';
import { loadSalesConfig } from './config/sales.config';
import { createSalesLogger } from './logging/sales-logger';
import { startSalesService } from './sales.app';

serviceMain({
  name: 'sales',
  loadConfig: loadSalesConfig,
  createLogger: createSalesLogger,
  start: (config, logger) => startSalesService(config, logger),
});
