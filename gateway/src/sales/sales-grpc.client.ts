// The gRPC client of services/sales (proto/sales.proto): the shared context client with the sales
// proto and the crm.sales token audience.
import { SERVICE_AUDIENCES, type ServiceTokenSigner } from '@crm/access-policy';
import {
  SALES_PROTO_LOADER_OPTIONS,
  SALES_PROTO_PATH,
  SALES_SERVICE_NAME,
} from '@crm/contracts/sales-grpc';
import { ContextGrpcClient } from '../grpc/context-grpc.client';

export function salesGrpcClient(
  address: string,
  deadlineMs: number,
  tokens: ServiceTokenSigner,
): ContextGrpcClient {
  return new ContextGrpcClient(
    {
      context: 'sales',
      protoPath: SALES_PROTO_PATH,
      loaderOptions: SALES_PROTO_LOADER_OPTIONS,
      serviceName: SALES_SERVICE_NAME,
      audience: SERVICE_AUDIENCES.sales,
    },
    address,
    deadlineMs,
    tokens,
  );
}
