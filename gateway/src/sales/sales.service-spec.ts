// Where the gateway finds services/sales' gRPC contract (proto/sales.proto); the composition root
// builds `new ContextGrpcClient(SALES_SERVICE, …)` from it (ADR 0175, 0188).
import { SERVICE_AUDIENCES } from '@crm/access-policy';
import {
  SALES_PROTO_LOADER_OPTIONS,
  SALES_PROTO_PATH,
  SALES_SERVICE_NAME,
} from '@crm/contracts/sales-grpc';
import { type ContextServiceDefinition } from '../grpc/context-grpc.client';

export const SALES_SERVICE: ContextServiceDefinition = {
  context: 'sales',
  protoPath: SALES_PROTO_PATH,
  loaderOptions: SALES_PROTO_LOADER_OPTIONS,
  serviceName: SALES_SERVICE_NAME,
  audience: SERVICE_AUDIENCES.sales,
};
