// Where the gateway finds services/marketing's gRPC contract (proto/marketing.proto); the
// composition root builds `new ContextGrpcClient(MARKETING_SERVICE, …)` from it (ADR 0175, 0188).
import { SERVICE_AUDIENCES } from '@crm/access-policy';
import {
  MARKETING_PROTO_LOADER_OPTIONS,
  MARKETING_PROTO_PATH,
  MARKETING_SERVICE_NAME,
} from '@crm/contracts/marketing-grpc';
import { type ContextServiceDefinition } from '../grpc/context-grpc.client';

export const MARKETING_SERVICE: ContextServiceDefinition = {
  context: 'marketing',
  protoPath: MARKETING_PROTO_PATH,
  loaderOptions: MARKETING_PROTO_LOADER_OPTIONS,
  serviceName: MARKETING_SERVICE_NAME,
  audience: SERVICE_AUDIENCES.marketing,
};
