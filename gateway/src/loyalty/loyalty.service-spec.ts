// Where the gateway finds services/loyalty's gRPC contract (proto/loyalty.proto); the composition
// root builds `new ContextGrpcClient(LOYALTY_SERVICE, …)` from it (ADR 0175, 0188).
import { SERVICE_AUDIENCES } from '@crm/access-policy';
import {
  LOYALTY_PROTO_LOADER_OPTIONS,
  LOYALTY_PROTO_PATH,
  LOYALTY_SERVICE_NAME,
} from '@crm/contracts/loyalty-grpc';
import { type ContextServiceDefinition } from '../grpc/context-grpc.client';

export const LOYALTY_SERVICE: ContextServiceDefinition = {
  context: 'loyalty',
  protoPath: LOYALTY_PROTO_PATH,
  loaderOptions: LOYALTY_PROTO_LOADER_OPTIONS,
  serviceName: LOYALTY_SERVICE_NAME,
  audience: SERVICE_AUDIENCES.loyalty,
};
