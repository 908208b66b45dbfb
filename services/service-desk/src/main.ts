// The service-desk service: gRPC (crm.service_desk.v1.ServiceDeskService) on 127.0.0.1:$CRM_SERVICE_DESK_GRPC_PORT.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/service-desk/src/main.ts
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import 'reflect-metadata';
import { serviceMain } from '@crm/grpc-service';
import { loadServiceDeskConfig } from './config/service-desk.config';
import { createServiceDeskLogger } from './logging/service-desk-logger';
import { startServiceDeskService } from './service-desk.app';

serviceMain({
  name: 'service-desk',
  loadConfig: loadServiceDeskConfig,
  createLogger: createServiceDeskLogger,
  start: (config, logger) => startServiceDeskService(config, logger),
});
