// The gRPC client of services/marketing (proto/marketing.proto): the shared context client with the marketing
// proto and the crm.marketing token audience.
import { SERVICE_AUDIENCES, type ServiceTokenSigner } from '@crm/access-policy';
import {
  MARKETING_PROTO_LOADER_OPTIONS,
  MARKETING_PROTO_PATH,
  MARKETING_SERVICE_NAME,
} from '@crm/contracts/marketing-grpc';
import { ContextGrpcClient } from '../grpc/context-grpc.client';

export function marketingGrpcClient(
  address: string,
  deadlineMs: number,
  tokens: ServiceTokenSigner,
): ContextGrpcClient {
  return new ContextGrpcClient(
    {
      context: 'marketing',
      protoPath: MARKETING_PROTO_PATH,
      loaderOptions: MARKETING_PROTO_LOADER_OPTIONS,
      serviceName: MARKETING_SERVICE_NAME,
      audience: SERVICE_AUDIENCES.marketing,
    },
    address,
    deadlineMs,
    tokens,
  );
}
