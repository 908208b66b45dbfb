// The Customers service: gRPC (crm.customers.v1.CustomersService) on 127.0.0.1:$CRM_CUSTOMERS_GRPC_PORT.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/customers/src/main.ts
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import 'reflect-metadata';
import { serviceMain } from '@crm/grpc-service';
import { loadCustomersConfig } from './config/customers.config';
import { startCustomersService } from './customers.app';
import { boundHeapGrowth } from './import/heap-growth';
import { createCustomersLogger } from './logging/customers-logger';

// Peak RSS must not grow with the length of an import (ADR 0275).
boundHeapGrowth();

serviceMain({
  name: 'customers',
  loadConfig: loadCustomersConfig,
  createLogger: createCustomersLogger,
  start: startCustomersService,
});
