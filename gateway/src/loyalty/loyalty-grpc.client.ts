// The gRPC client of services/loyalty (proto/loyalty.proto): the shared context client with the
// loyalty proto and the crm.loyalty token audience (docs/adr/0170).
import { SERVICE_AUDIENCES, type ServiceTokenSigner } from '@crm/access-policy';
import {
  LOYALTY_PROTO_LOADER_OPTIONS,
  LOYALTY_PROTO_PATH,
  LOYALTY_SERVICE_NAME,
} from '@crm/contracts/loyalty-grpc';
import { ContextGrpcClient } from '../grpc/context-grpc.client';

export function loyaltyGrpcClient(
  address: string,
  deadlineMs: number,
  tokens: ServiceTokenSigner,
): ContextGrpcClient {
  return new ContextGrpcClient(
    {
      context: 'loyalty',
      protoPath: LOYALTY_PROTO_PATH,
      loaderOptions: LOYALTY_PROTO_LOADER_OPTIONS,
      serviceName: LOYALTY_SERVICE_NAME,
      audience: SERVICE_AUDIENCES.loyalty,
    },
    address,
    deadlineMs,
    tokens,
  );
}
